"""Publishing, told: the authors once every channel has settled; problems to the publishers."""

from __future__ import annotations

import pytest
from django.test import TestCase

from tayang.channels import delivery
from tayang.items.models import Publication
from tayang.notify.models import Notification
from tests.app.world import drive, make_world, perform, ready_item, step_action
from tests.channels.test_delivery import board

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world("diy", "dinsos-uji")


def publish(world):
    item = ready_item(world, photos=5)
    step = next(s for s in world.sop.steps if s.kind.value == "publish")
    item = drive(world, item, step.key)
    with TestCase.captureOnCommitCallbacks(execute=False):
        result = perform(item.pk, world.holder(step.roles[0]), step_action(world.sop, step.key))
    assert result.ok, result.message
    return item


def told(kind: str) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", "body"))


def test_published_is_said_once_every_channel_has_settled(world, papan):
    board(world)
    item = publish(world)
    assert told("published") == []  # the board's post is still on its way
    row = Publication.objects.get(item=item, channel="papan")
    assert delivery.deliver(row.pk) == "published"
    [(who, body)] = told("published")
    assert who == "diy.tim_pelaksana"
    assert body.splitlines() == [
        f"Situs web: http://127.0.0.1:8000/situs/dinsos-uji/berita/{item.pk}/",
        "Papan papan: https://papan.test/1",
    ]


def test_a_website_only_publication_is_said_at_once(world):
    item = publish(world)
    [(_, body)] = told("published")
    assert body == f"Situs web: http://127.0.0.1:8000/situs/dinsos-uji/berita/{item.pk}/"


def test_a_failing_channel_tells_the_publishers_and_admins_then_the_author(world, papan):
    channel = board(world)
    channel.set_secrets({"token": "kedaluwarsa"})
    channel.save()
    item = publish(world)
    row = Publication.objects.get(item=item, channel="papan")
    assert delivery.deliver(row.pk) == "failed"
    problems = told("channel_problem")
    assert [who for who, _ in problems] == ["diy.admin_medsos", "diy.kelola"]
    assert "token kedaluwarsa" in problems[0][1]
    title = Notification.objects.get(kind="channel_problem", user__username="diy.kelola").title
    assert title == "Kanal gagal: Papan papan — Sosialisasi layanan perizinan"
    [(_, body)] = told("published")
    assert body.splitlines()[1] == "Papan papan: gagal"
