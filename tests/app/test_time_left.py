"""What is coming (issue 10, point 4): time left before the target and the limit, in words, in
the inbox, computed in each organization's zone with a controlled clock; the overdue filter."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tayang.engine.due import Timeliness
from tayang.workspace.dates import deadline_text
from tayang.workspace.time_left import span, time_left

from .decision_kit import seed_c_item, seed_c_world
from .world import drive, make_world, ready_item

T = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 15.00 WIB, 16.00 WITA, 17.00 WIT


# --- the words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("delta", "words"), [
    (timedelta(seconds=59), "kurang dari 1 menit"),
    (timedelta(minutes=1), "1 menit"),
    (timedelta(minutes=59, seconds=59), "59 menit"),
    (timedelta(hours=1), "1 jam"),
    (timedelta(hours=2, minutes=30), "2 jam 30 menit"),
    (timedelta(hours=5, minutes=30), "5 jam"),
    (timedelta(hours=23, minutes=59), "23 jam"),
    (timedelta(days=1), "1 hari"),
    (timedelta(days=1, hours=4, minutes=10), "1 hari 4 jam"),
    (timedelta(days=3, hours=4), "3 hari"),
])
def test_a_duration_in_words(delta, words):
    assert span(delta) == words


def test_the_words_before_the_target_past_it_and_past_the_limit():
    target, limit = T + timedelta(hours=1), T + timedelta(hours=3)
    assert time_left(None, None, T).text == ""
    assert time_left(None, None, T).state is Timeliness.NO_STANDARD
    assert time_left(limit, limit, T).text == "3 jam lagi"
    on_time = time_left(target, limit, T + timedelta(minutes=30))
    assert on_time.text == "target 30 menit lagi · batas 2 jam 30 menit lagi"
    assert on_time.state is Timeliness.ON_TIME
    past = time_left(target, limit, T + timedelta(hours=1, minutes=30))
    assert past.text == "lewat target 30 menit · batas 1 jam 30 menit lagi"
    assert past.past_target and not past.overdue
    late = time_left(target, limit, T + timedelta(days=1, hours=3))
    assert late.text == "terlambat 1 hari" and late.overdue
    assert time_left(target, limit, limit).text == "terlambat kurang dari 1 menit"


# --- the inbox, in three zones, with a controlled clock -------------------------------------------


def _inbox(user, path: str = "") -> str:
    client = Client()
    client.force_login(user)
    org = user.memberships.get().organization.slug
    response = client.get(reverse("workspace:inbox", kwargs={"org": org}) + path)
    assert response.status_code == 200
    return response.content.decode()


def _row_of(page: str, title: str) -> str:
    rows = re.findall(r'<li class="item-row[^"]*">(.*?)</li>', page, re.S)
    found = [row for row in rows if title in row]
    assert len(found) == 1, (title, rows)
    return re.sub(r"\s+", " ", found[0])


@pytest.fixture
def three_zones(db):
    """Seed A ("Hari H" after hand-in) run in WIB, WITA and WIT, each item handed in at T."""
    worlds = {}
    for zone, prefix in (("Asia/Jakarta", "wib"), ("Asia/Makassar", "wita"),
                         ("Asia/Jayapura", "wit")):
        world = make_world(prefix, f"dinas-{prefix}", zone=zone)
        drive(world, ready_item(world, f"Sosialisasi {prefix}", now=T - timedelta(minutes=5)),
              "terima", now=T)
        worlds[prefix] = world
    return worlds


@pytest.mark.parametrize(("clock", "expected"), [
    # The day ends at local midnight: 17.00 UTC in WIB, 16.00 in WITA, 15.00 in WIT.
    (datetime(2026, 3, 2, 14, 0, tzinfo=UTC),
     {"wib": "3 jam lagi", "wita": "2 jam lagi", "wit": "1 jam lagi"}),
    (datetime(2026, 3, 2, 15, 30, tzinfo=UTC),
     {"wib": "1 jam 30 menit lagi", "wita": "30 menit lagi", "wit": "Terlambat 30 menit"}),
    (datetime(2026, 3, 3, 2, 0, tzinfo=UTC),
     {"wib": "Terlambat 9 jam", "wita": "Terlambat 10 jam", "wit": "Terlambat 11 jam"}),
    (datetime(2026, 3, 4, 19, 0, tzinfo=UTC),
     {"wib": "Terlambat 2 hari 2 jam", "wita": "Terlambat 2 hari 3 jam",
      "wit": "Terlambat 2 hari 4 jam"}),
])
def test_the_inbox_says_how_long_is_left_in_each_organizations_zone(
    three_zones, monkeypatch, clock, expected
):
    monkeypatch.setattr(timezone, "now", lambda: clock)
    for prefix, words in expected.items():
        world = three_zones[prefix]
        row = _row_of(_inbox(world.holder("tim_pertimbangan")), f"Sosialisasi {prefix}")
        assert f">{words}</strong>" in row, (prefix, row)
        assert ">Senin, 2 Mar 2026</time>" in row  # the limit: the end of the day, in its zone
        assert ("badge-overdue" in row) == words.startswith("Terlambat")


def test_past_the_target_of_a_range_the_inbox_says_so(db, monkeypatch):
    world = seed_c_world()
    seed_c_item(world, "Berita sunting", target="sunting", now=T)  # "1-3 jam" from T
    monkeypatch.setattr(timezone, "now", lambda: T + timedelta(minutes=30))
    row = _row_of(_inbox(world.holder("admin")), "Berita sunting")
    assert ">Target 30 menit lagi · batas 2 jam 30 menit lagi</strong>" in row
    monkeypatch.setattr(timezone, "now", lambda: T + timedelta(hours=1, minutes=30))
    row = _row_of(_inbox(world.holder("admin")), "Berita sunting")
    assert "badge-late" in row
    assert ">Lewat target 30 menit · batas 1 jam 30 menit lagi</strong>" in row


def test_the_inbox_filters_to_what_is_overdue(db, monkeypatch):
    world = make_world("gunungkidul", "dpmptsp-gunungkidul")
    drive(world, ready_item(world, "Kemarin diserahkan", now=T - timedelta(days=1)), "terima",
          now=T - timedelta(days=1))
    drive(world, ready_item(world, "Baru diserahkan", now=T), "terima", now=T)
    monkeypatch.setattr(timezone, "now", lambda: T + timedelta(hours=1))
    reviewer = world.holder("tim_pertimbangan")

    everything = _inbox(reviewer)
    assert "Kemarin diserahkan" in everything and "Baru diserahkan" in everything
    assert 'aria-current="page">Semua</a>' in everything

    overdue = _inbox(reviewer, "?terlambat=1")
    assert "Kemarin diserahkan" in overdue and "Baru diserahkan" not in overdue
    assert "(1 terlambat)" in overdue
    assert 'aria-current="page">Hanya yang terlambat</a>' in overdue

    monkeypatch.setattr(timezone, "now", lambda: T - timedelta(days=2))
    assert "Tidak ada konten terlambat yang menunggu tindakan Anda." in _inbox(
        reviewer, "?terlambat=1")


@pytest.mark.parametrize(("moment", "zone", "abbreviation", "expected"), [
    # The end of 2 March in each zone: the day it belongs to, as the messages write it.
    (datetime(2026, 3, 2, 17, 0, tzinfo=UTC), "Asia/Jakarta", "WIB", "Senin, 2 Mar 2026"),
    (datetime(2026, 3, 2, 16, 0, tzinfo=UTC), "Asia/Makassar", "WITA", "Senin, 2 Mar 2026"),
    (datetime(2026, 3, 2, 15, 0, tzinfo=UTC), "Asia/Jayapura", "WIT", "Senin, 2 Mar 2026"),
    # The end of the last day of a month and of a year.
    (datetime(2026, 3, 31, 17, 0, tzinfo=UTC), "Asia/Jakarta", "WIB", "Selasa, 31 Mar 2026"),
    (datetime(2026, 12, 31, 17, 0, tzinfo=UTC), "Asia/Jakarta", "WIB", "Kamis, 31 Des 2026"),
    # Any other minute as it is.
    (datetime(2026, 3, 2, 7, 0, tzinfo=UTC), "Asia/Jakarta", "WIB",
     "Senin, 2 Mar 2026, pukul 14.00 WIB"),
    (datetime(2026, 3, 2, 17, 1, tzinfo=UTC), "Asia/Jakarta", "WIB",
     "Selasa, 3 Mar 2026, pukul 00.01 WIB"),
])
def test_a_deadline_at_midnight_is_the_end_of_its_day(moment, zone, abbreviation, expected):
    """The inbox, the item page, the overdue page and the decision page write a due time at
    local midnight as the day it ends ("Senin, 2 Mar 2026"), not as "3 Mar 2026 00.00"."""
    assert deadline_text(moment, abbreviation, ZoneInfo(zone)) == expected
