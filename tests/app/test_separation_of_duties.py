"""Security finding 3: an organization admin who granted itself every role cannot run the SOP
alone; the refusal names who else may act and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import Approve, HandIn
from tayang.procedures.models import RoleGrant

from .world import ACCEPT_RESPONSE, act, drive, make_world, ready_item, snapshot


@pytest.fixture
def world(db):
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


def _grant_every_role(world) -> None:
    membership = world.admin.memberships.get(organization=world.org)
    for role in world.sop.roles:
        RoleGrant.objects.get_or_create(
            membership=membership, procedure=world.procedure, role_key=role.key
        )


def test_the_admin_with_every_role_hands_in_but_cannot_approve_their_own_item(world):
    _grant_every_role(world)
    item = ready_item(world, author=world.admin)
    client = Client()
    client.force_login(world.admin)
    act_url = reverse("workspace:item-act", kwargs={"org": world.slug, "pk": item.pk,
                                                      "action": "hand_in"})
    item.refresh_from_db()
    response = client.post(act_url, {"version": item.version})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.step == "terima" and item.handed_in_by == [str(world.admin.pk)]

    before = snapshot(item)
    page = client.get(reverse("workspace:item", kwargs={"org": world.slug, "pk": item.pk}))
    body = page.content.decode()
    # No approve button for this person, and the page says why and who may.
    approve_url = act_url.replace("hand_in", "approve")
    assert f'action="{approve_url}"' not in body
    assert "Anda yang menyerahkan konten ini" in body
    assert world.holder("tim_pertimbangan").first_name in body

    response = client.post(approve_url, {"version": item.version}, follow=True)
    text = response.content.decode()
    assert "Anda yang menyerahkan konten ini" in text
    assert "Yang dapat mengerjakannya: Tim Pertimbangan" in text
    assert snapshot(item) == before


def test_one_person_cannot_give_approvals_in_two_executor_columns(world):
    _grant_every_role(world)
    item = drive(world, ready_item(world), "terima")
    admin = world.admin
    assert act(item, admin, Approve(response=ACCEPT_RESPONSE)).ok  # Tim Pertimbangan receives
    # ...and corrects: the same executor column
    assert act(item, admin, Approve(response=ACCEPT_RESPONSE)).ok
    item.refresh_from_db()
    assert item.step == "putuskan"
    before = snapshot(item)
    result = act(item, admin, Approve(response=ACCEPT_RESPONSE))
    assert not result.ok
    assert "sudah memberi persetujuan pada langkah 2" in result.message
    assert "Sekretaris Ppid" in result.message or "Atasan Ppid" in result.message
    assert snapshot(item) == before
    # Someone else decides; the item moves on.
    assert act(item, world.holder("sekretaris_ppid"), Approve(response=ACCEPT_RESPONSE)).ok


def test_nobody_else_holding_the_role_is_said_plainly(world):
    _grant_every_role(world)
    item = ready_item(world, author=world.admin)
    assert act(item, world.admin, HandIn()).ok
    RoleGrant.objects.filter(role_key="tim_pertimbangan").exclude(
        membership__user=world.admin
    ).delete()
    result = act(item, world.admin, Approve(response=ACCEPT_RESPONSE))
    assert "Belum ada anggota lain yang memegang peran itu" in result.message
