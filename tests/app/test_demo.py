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
