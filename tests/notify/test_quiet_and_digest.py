"""Quiet hours and the daily digest, with a controlled clock, in WIB, WITA and WIT.

The same wall-clock rules in each zone: a message written at 22.00 local time waits until
06.00 local time; a digest chosen for 07.00 comes at 07.00 local time, most urgent first.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tayang.notify import digests, quiet
from tayang.notify.models import Delivery, DigestSchedule, Notification, Preference
from tests.app.world import make_world, perform, ready_item, step_action
from tests.notify.kit import address, hand_in, reachable, run_worker

ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]  # WIB, WITA, WIT


# --- the arithmetic -----------------------------------------------------------------------------


@pytest.mark.parametrize(("moment", "quiet_now"), [
    (time(20, 59), False), (time(21, 0), True), (time(23, 59), True), (time(0, 0), True),
    (time(5, 59), True), (time(6, 0), False), (time(12, 0), False),
])
def test_a_window_over_midnight(moment, quiet_now):
    assert quiet.is_quiet(moment, time(21), time(6)) is quiet_now


def test_a_window_within_a_day_and_an_empty_one():
    assert quiet.is_quiet(time(12, 30), time(12), time(13))
    assert not quiet.is_quiet(time(13), time(12), time(13))
    assert not quiet.is_quiet(time(3), time(0), time(0))


@pytest.mark.parametrize("zone", ZONES)
def test_quiet_until_is_the_next_local_end(zone):
    tz = ZoneInfo(zone)
    evening = datetime(2026, 3, 2, 22, 15, tzinfo=tz)
    assert quiet.quiet_until(evening, tz, time(21), time(6)) == datetime(2026, 3, 3, 6, tzinfo=tz)
    night = datetime(2026, 3, 3, 2, tzinfo=tz)
    assert quiet.quiet_until(night, tz, time(21), time(6)) == datetime(2026, 3, 3, 6, tzinfo=tz)
    assert quiet.quiet_until(datetime(2026, 3, 3, 9, tzinfo=tz), tz, time(21), time(6)) is None


@pytest.mark.parametrize("zone", ZONES)
def test_the_next_digest_hour_is_local(zone):
    tz = ZoneInfo(zone)
    assert quiet.next_at_hour(datetime(2026, 3, 2, 6, 59, tzinfo=tz), tz, 7) == \
        datetime(2026, 3, 2, 7, tzinfo=tz)
    assert quiet.next_at_hour(datetime(2026, 3, 2, 7, tzinfo=tz), tz, 7) == \
        datetime(2026, 3, 3, 7, tzinfo=tz)


# --- through the product ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ZONES)
def test_messages_written_in_quiet_hours_wait_until_they_end(smtp, zone):
    tz = ZoneInfo(zone)
    world = make_world("z", f"dinas-{zone.split('/')[1].lower()}", zone=zone)
    reachable(world)
    reviewer = world.holder("tim_pertimbangan")
    hand_in(world, datetime(2026, 3, 2, 22, 0, tzinfo=tz))
    [row] = Delivery.objects.filter(notification__user=reviewer)
    assert row.due_at == datetime(2026, 3, 3, 6, tzinfo=tz)
    # The workspace list has it at once; the e-mail waits.
    assert Notification.objects.filter(user=reviewer, read_at__isnull=True).count() == 1
    run_worker(datetime(2026, 3, 3, 5, 59, tzinfo=tz))
    assert smtp.messages() == []
    run_worker(datetime(2026, 3, 3, 6, 0, tzinfo=tz))
    # The arrival, and the reminder of local midnight (Hari H ended), both at 06.00.
    assert smtp.subjects() == sorted([
        (address(reviewer), "Menunggu Anda: Sosialisasi layanan perizinan"),
        (address(reviewer), "Terlambat: Sosialisasi layanan perizinan"),
        (address(world.admin), "Eskalasi — terlambat: Sosialisasi layanan perizinan"),
    ])


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ZONES)
def test_an_escalation_passes_quiet_hours_only_for_those_who_allow_it(smtp, zone):
    tz = ZoneInfo(zone)
    world = make_world("z", "dinas-z", zone=zone)
    reachable(world)
    Preference.objects.filter(user=world.admin).update(escalations_in_quiet=True)
    hand_in(world, datetime(2026, 3, 2, 15, tzinfo=tz))
    run_worker(datetime(2026, 3, 2, 15, tzinfo=tz))
    smtp.clear()
    # Seed A's review is due by the end of hand-in day: at local midnight it is overdue.
    run_worker(datetime(2026, 3, 3, 0, 5, tzinfo=tz))
    assert smtp.subjects() == [(address(world.admin),
                                "Eskalasi — terlambat: Sosialisasi layanan perizinan")]
    late = Delivery.objects.get(notification__kind="limit")
    assert late.state == "queued" and late.due_at == datetime(2026, 3, 3, 6, tzinfo=tz)


@pytest.mark.django_db
def test_quiet_hours_off_means_at_once(smtp):
    tz = ZoneInfo("Asia/Makassar")
    world = make_world("z", "dinas-z", zone="Asia/Makassar")
    reachable(world, quiet_enabled=False)
    hand_in(world, datetime(2026, 3, 2, 23, tzinfo=tz))
    run_worker(datetime(2026, 3, 2, 23, tzinfo=tz))
    assert len(smtp.messages()) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ZONES)
def test_the_digest_comes_at_the_chosen_local_hour_most_urgent_first(smtp, zone):
    tz = ZoneInfo(zone)
    world = make_world("z", "dinas-z", zone=zone)
    reachable(world)
    reviewer = world.holder("tim_pertimbangan")
    monday = datetime(2026, 3, 2, 9, tzinfo=tz)
    early = ready_item(world, "Rapat koordinasi harga bahan pokok", now=monday)
    perform(early.pk, world.holder("tim_pelaksana"), step_action(world.sop, early.step),
            now=monday)
    later = ready_item(world, "Pameran produk UMKM", now=monday)
    perform(later.pk, world.holder("tim_pelaksana"), step_action(world.sop, later.step),
            now=monday + timedelta(days=1))
    Preference.objects.filter(user=reviewer).update(digest_enabled=True, digest_hour=7)
    digests.schedule(reviewer, now=datetime(2026, 3, 3, 20, tzinfo=tz))
    [schedule] = DigestSchedule.objects.filter(user=reviewer)
    assert schedule.next_at == datetime(2026, 3, 4, 7, tzinfo=tz)
    run_worker(datetime(2026, 3, 4, 6, 59, tzinfo=tz))  # the arrivals and reminders
    smtp.clear()
    assert digests.wake_due(datetime(2026, 3, 4, 6, 59, tzinfo=tz)) == {"sent": 0, "empty": 0}
    assert digests.wake_due(datetime(2026, 3, 4, 7, 0, tzinfo=tz)) == {"sent": 1, "empty": 0}
    run_worker(datetime(2026, 3, 4, 7, 0, tzinfo=tz))
    [mail] = smtp.to(address(reviewer))
    assert mail.subject == "Ringkasan harian: 2 konten menunggu Anda, 2 terlambat"
    lines = [line for line in mail.text.splitlines() if line[:2] in ("1.", "2.")]
    assert lines == [
        "1. Rapat koordinasi harga bahan pokok — langkah 2, terlambat",
        "2. Pameran produk UMKM — langkah 2, terlambat",
    ]
    schedule.refresh_from_db()
    assert schedule.next_at == datetime(2026, 3, 5, 7, tzinfo=tz)
    # Run again the same morning: one digest a day.
    assert digests.wake_due(datetime(2026, 3, 4, 7, 30, tzinfo=tz)) == {"sent": 0, "empty": 0}


@pytest.mark.django_db
def test_no_digest_when_nothing_waits_and_none_for_the_author(smtp):
    tz = ZoneInfo("Asia/Jakarta")
    world = make_world("z", "dinas-z")
    reachable(world)
    author = world.holder("tim_pelaksana")
    hand_in(world, datetime(2026, 3, 2, 9, tzinfo=tz))  # waits for the board, not its author
    Preference.objects.filter(user=author).update(digest_enabled=True, digest_hour=8)
    digests.schedule(author, now=datetime(2026, 3, 2, 10, tzinfo=tz))
    assert digests.wake_due(datetime(2026, 3, 3, 8, tzinfo=tz)) == {"sent": 0, "empty": 1}
    assert not Notification.objects.filter(user=author, kind="digest").exists()


@pytest.mark.django_db
def test_turning_the_digest_off_removes_its_schedule():
    world = make_world("z", "dinas-z")
    person = world.holder("tim_pertimbangan")
    Preference.objects.create(user=person, digest_enabled=True)
    digests.schedule(person)
    assert DigestSchedule.objects.filter(user=person).count() == 1
    Preference.objects.filter(user=person).update(digest_enabled=False)
    person.refresh_from_db()
    digests.schedule(person)
    assert not DigestSchedule.objects.filter(user=person).exists()
