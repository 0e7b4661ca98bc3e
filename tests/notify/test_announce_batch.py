"""Telling several people at once: as many queries for four people as for one."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tayang.notify.announce import announce
from tayang.notify.compose import Words
from tayang.notify.models import Delivery, Kind, Notification
from tests.app.world import make_world
from tests.notify.kit import reachable

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 3, 2, 12, tzinfo=ZoneInfo("Asia/Jakarta"))
WORDS = Words("Konten menunggu Anda", "Periksa konten ini.")


def _tell(world, people, key: str) -> tuple[int, list[Notification]]:
    with CaptureQueriesContext(connection) as queries:
        written = announce(people, kind=Kind.ARRIVED, organization=world.org, key=key,
                           words=WORDS, at=NOON, link="/kerja/dinsos-uji/")
    return len(queries.captured_queries), written


def test_telling_four_people_costs_what_telling_one_does():
    world = make_world("diy", "dinsos-uji")
    reachable(world)  # e-mail on for everyone: a delivery per person
    people = list(world.people.values())[:4]
    assert len(people) == 4
    one, _ = _tell(world, people[:1], "uji:satu")
    four, written = _tell(world, people, "uji:empat")
    # Nothing read or written per person: the deliveries too are one INSERT for everyone.
    assert four == one, (one, four)
    assert sorted(n.user_id for n in written) == sorted(p.pk for p in people)
    assert Delivery.objects.filter(notification__key="uji:empat", medium="email").count() == 4


def test_those_already_told_are_skipped_and_a_second_telling_writes_nothing():
    world = make_world("diy", "dinsos-uji")
    reachable(world)
    people = list(world.people.values())[:3]
    _tell(world, people[:1], "uji:sekali")
    _, written = _tell(world, people, "uji:sekali")
    assert sorted(n.user_id for n in written) == sorted(p.pk for p in people[1:])
    _, again = _tell(world, people, "uji:sekali")
    assert again == []
    assert Notification.objects.filter(key="uji:sekali").count() == 3


def test_a_concurrent_twin_makes_only_its_own_person_skipped(monkeypatch):
    """Another worker wrote one person's row after the check for those already told."""
    from tayang.notify import notices

    world = make_world("diy", "dinsos-uji")
    reachable(world)
    people = list(world.people.values())[:3]
    Notification.objects.create(user=people[1], organization=world.org, kind=Kind.ARRIVED,
                                key="uji:kembar", title="t", body="b", created_at=NOON)

    # The check ran before the twin committed: it saw nobody told.
    monkeypatch.setattr(notices, "_told_query", lambda **kwargs: Notification.objects.none())
    _, written = _tell(world, people, "uji:kembar")
    assert sorted(n.user_id for n in written) == sorted([people[0].pk, people[2].pk])
    assert all(n.pk for n in written)
    assert Notification.objects.filter(key="uji:kembar").count() == 3
