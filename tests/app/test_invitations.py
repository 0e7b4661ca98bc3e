"""An organization's admin cannot pull any account in (issue 11, finding 4).

An existing account is invited and accepts in its own session; the admin's form and list read
the same whether the name is another organization's admin, the superuser or nobody; every
change to members and roles lands in the organization's audit history.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tayang.orgs.models import AuditEntry, Invitation, Membership
from tayang.procedures.models import RoleGrant

from .world import make_world

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action


@pytest.fixture
def worlds(db):
    home = make_world("gunungkidul", "dpmptsp-gunungkidul")
    other = make_world("bantul", "disnakertrans-bantul")
    get_user_model().objects.create_superuser("admin", password="rahasia-super-panjang-1")
    return home, other


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world, name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": world.slug, **kwargs})


def invite(client: Client, world, username: str):
    return client.post(url(world, "manage-members"), {
        "action": "invite", "undang-username": username, "undang-position": "Pranata Humas",
        "undang-is_admin": "on",
    }, follow=True)


def _answer(response, username: str) -> str:
    """What the admin reads, with the typed name taken out and tokens normalized."""
    page = response.content.decode()
    main = page[page.index("<main"):page.index("</main>")]
    main = re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+\"", "", main)
    main = re.sub(r"/batal/|undangan/\d+/", "", main)
    main = re.sub(r"\d{1,2} \w{3} \d{4} \d{2}\.\d{2}", "", main)
    return main.replace(f"«{username}»", "«NAMA»").replace(f"<td>{username}</td>", "<td>NAMA</td>")


def test_another_organizations_admin_and_the_superuser_are_never_attached(worlds):
    home, _other = worlds
    client = login(home.admin)
    answers = []
    for username in ("bantul.kelola", "admin", "tidak.ada.sama.sekali"):
        Invitation.objects.all().delete()
        response = invite(client, home, username)
        assert response.status_code == 200
        answers.append(_answer(response, username))
    # The same words and the same list, whoever the name belongs to (or nobody).
    assert answers[0] == answers[1] == answers[2]
    assert "Undangan untuk «NAMA» dicatat" in answers[0]
    assert not Membership.objects.filter(organization=home.org,
                                         user__username__in=("bantul.kelola", "admin")).exists()


def test_the_invited_account_accepts_in_its_own_session(worlds):
    home, _other = worlds
    invite(login(home.admin), home, "bantul.kelola")
    invite(login(home.admin), home, "admin")
    invitee = get_user_model().objects.get(username="bantul.kelola")
    start = login(invitee).get(reverse("home")).content.decode()
    assert home.org.name in start and "Terima" in start
    # The superuser never sees one: it cannot be invited.
    superuser = get_user_model().objects.get(username="admin")
    assert "Undangan bergabung" not in login(superuser).get(reverse("home")).content.decode()
    # Nobody else can answer it.
    invitation = Invitation.objects.get(username="bantul.kelola")
    response = login(home.people["tim_pelaksana"]).post(
        reverse("accounts:invitation", kwargs={"pk": invitation.pk}), {"answer": "terima"})
    assert response.status_code == 302
    assert not Membership.objects.filter(organization=home.org, user=invitee).exists()

    login(invitee).post(reverse("accounts:invitation", kwargs={"pk": invitation.pk}),
                        {"answer": "terima"})
    membership = Membership.objects.get(organization=home.org, user=invitee)
    assert membership.is_admin and membership.position == "Pranata Humas"
    actions = list(home.org.audit_entries.values_list("action", "subject_name"))
    assert (Action.INVITATION_ACCEPTED, "bantul.kelola") in actions
    assert (Action.INVITED, "bantul.kelola") in actions


def test_a_declined_invitation_adds_nobody(worlds):
    home, _other = worlds
    invite(login(home.admin), home, "bantul.tim_pelaksana")
    invitee = get_user_model().objects.get(username="bantul.tim_pelaksana")
    invitation = Invitation.objects.get()
    login(invitee).post(reverse("accounts:invitation", kwargs={"pk": invitation.pk}),
                        {"answer": "tolak"})
    assert not Membership.objects.filter(organization=home.org, user=invitee).exists()
    assert home.org.audit_entries.filter(action=Action.INVITATION_DECLINED).exists()
    # Answered once: accepting afterwards does nothing.
    login(invitee).post(reverse("accounts:invitation", kwargs={"pk": invitation.pk}),
                        {"answer": "terima"})
    assert not Membership.objects.filter(organization=home.org, user=invitee).exists()


def test_new_accounts_are_named_in_the_organizations_own_namespace(worlds):
    home, _other = worlds
    client = login(home.admin)
    response = client.post(url(home, "manage-members"), {
        "action": "create", "baru-local_name": "budi", "baru-full_name": "Budi Santoso",
        "baru-password": "Kopi-Tubruk-Pagi-77", "baru-email": "budi@example.go.id",
    })
    assert response.status_code == 302
    user = get_user_model().objects.get(username="gunungkidul.budi")
    assert user.email == "budi@example.go.id"
    assert home.org.audit_entries.filter(action=Action.MEMBER_CREATED,
                                         subject_name="gunungkidul.budi").exists()
    # Another organization's name typed here only ever becomes a name of this one.
    response = client.post(url(home, "manage-members"), {
        "action": "create", "baru-local_name": "kelola", "baru-full_name": "X",
        "baru-password": "Kopi-Tubruk-Pagi-77",
    })
    assert response.status_code == 422  # gunungkidul.kelola: a member already
    assert "sudah menjadi anggota" in response.content.decode()
    assert not Membership.objects.filter(organization=home.org,
                                         user__username="bantul.kelola").exists()


def test_every_role_and_member_change_is_in_the_history(worlds):
    home, other = worlds
    client = login(home.admin)
    member = Membership.objects.get(organization=home.org, user=home.people["tim_pelaksana"])
    response = client.post(url(home, "manage-member", pk=member.pk), {
        "is_active": "on", "is_admin": "on", "is_ppid": "on", "position": "Kasubag",
        f"roles_{home.procedure.pk}": ["admin_medsos"],
    })
    assert response.status_code == 302
    client.post(url(home, "manage-member", pk=member.pk), {
        "position": "Kasubag", f"roles_{home.procedure.pk}": ["admin_medsos"],
    })
    actions = [a for a, in home.org.audit_entries.order_by("pk").values_list("action")]
    assert actions == [
        Action.ADMIN_GRANTED, Action.PPID_GRANTED, Action.UNIT_CHANGED, Action.ROLE_REVOKED,
        Action.ROLE_GRANTED, Action.ADMIN_REVOKED, Action.PPID_REVOKED, Action.DEACTIVATED,
    ]
    assert set(RoleGrant.objects.filter(membership=member).values_list(
        "role_key", flat=True)) == {"admin_medsos"}
    page = client.get(url(home, "manage-history")).content.decode()
    assert "Peran diberikan" in page and "Keanggotaan dinonaktifkan" in page
    assert "gunungkidul.tim_pelaksana" in page
    # Only the organization's admins see it.
    assert login(home.people["admin_medsos"]).get(url(home, "manage-history")).status_code == 404
    assert login(other.admin).get(url(home, "manage-history")).status_code == 404
