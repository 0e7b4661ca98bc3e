"""The demo: an organization per bundled SOP, an account per role, only in demo mode."""

import pytest
from django.core.management import CommandError, call_command

from tayang.demo.organizations import DEMO_ORGANIZATIONS
from tayang.orgs.models import Membership, Organization
from tayang.procedures.models import Procedure, RoleGrant
from tayang.sop.bundled import bundled_sops

pytestmark = pytest.mark.django_db


def test_demo_covers_every_bundled_sop():
    demo_keys = {key for demo in DEMO_ORGANIZATIONS for key in demo.sops}
    assert demo_keys == set(bundled_sops())


def test_demo_creates_organizations_accounts_and_role_grants(capsys):
    call_command("demo")
    output = capsys.readouterr().out
    assert "tayang-demo" in output
    assert Organization.objects.filter(is_demo=True).count() == len(DEMO_ORGANIZATIONS)
    for procedure in Procedure.objects.all():
        sop = procedure.current.sop
        granted = set(
            RoleGrant.objects.filter(procedure=procedure).values_list("role_key", flat=True)
        )
        assert granted == {role.key for role in sop.roles}
    assert Procedure.objects.count() == len(bundled_sops())
    admins = Membership.objects.filter(is_admin=True).count()
    assert admins == len(DEMO_ORGANIZATIONS)

    # Its history's tallies are made (the worker's sweep run at once): none left marked.
    from tayang.evaluation.models import StepTally
    from tayang.items.models import StepVisit

    assert StepTally.objects.exists()
    assert not StepVisit.objects.filter(untallied=True).exists()
    call_command("demo")  # running it again changes nothing
    assert Procedure.objects.count() == len(bundled_sops())


def test_demo_accounts_can_sign_in(client):
    call_command("demo")
    assert client.login(username="gunungkidul.tim_pelaksana", password="tayang-demo")


def test_demo_is_refused_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="mode demo"):
        call_command("demo")
    assert not Organization.objects.exists()


def test_the_demo_gives_the_dashboard_something_for_every_sop(client):
    """Past weeks of work for each bundled SOP: steps done on time and late, a send-back, a
    refusal where an SOP allows one; each organization's dashboard shows them."""
    from django.utils import timezone

    from tayang.evaluation.period import default_period
    from tayang.evaluation.queries import Scope
    from tayang.evaluation.steps import sop_figures

    call_command("demo")
    now = timezone.now()
    late = sent_back = refused = 0
    for org in Organization.objects.filter(is_demo=True):
        scope = Scope(org, default_period(now.astimezone(org.zone).date()))
        for sop in sop_figures(scope, now):
            done = sum(row.figures.performed for row in sop.steps)
            assert done >= 8 * len(sop.sop.steps) // 2, sop.procedure.key
            assert sop.items >= 8, sop.procedure.key
            late += sum(row.figures.late for row in sop.steps)
            sent_back += sum(row.figures.sent_back for row in sop.steps)
            refused += sum(row.figures.refused for row in sop.steps)
        admin = Membership.objects.get(organization=org, is_admin=True).user
        client.force_login(admin)
        response = client.get(f"/kerja/{org.slug}/dasbor/")
        assert response.status_code == 200
        assert b"Belum ada langkah yang dikerjakan" not in response.content
    assert late and sent_back and refused
