"""Working days skip weekends, Indonesia's national holidays, cuti bersama and the
organization's own closed days, in every zone (WIB, WITA, WIT)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tayang.engine.calendar import WEEKENDS_AND_HOLIDAYS, WorkCalendar, national_closed_days
from tayang.engine.due import Anchors, due_for
from tayang.sop.model import TimeAnchor
from tayang.sop.timetext import parse_time_standard

ZONES = [ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")]


def _due(text: str, at: datetime, calendar: WorkCalendar = WEEKENDS_AND_HOLIDAYS, *,
         anchor: TimeAnchor | None = None, activity: date | None = None):
    standard = parse_time_standard(text, anchor=anchor)
    return due_for(standard, Anchors(step_entered_at=at, activity=activity),
                   at.tzinfo, calendar)  # type: ignore[arg-type]


def test_the_library_knows_2026s_holidays_and_cuti_bersama():
    closed = national_closed_days(2026)
    assert date(2026, 12, 25) in closed  # Hari Raya Natal
    assert date(2026, 12, 24) in closed  # cuti bersama Natal
    assert date(2026, 3, 19) in closed  # Nyepi
    assert date(2026, 3, 20) in closed  # cuti bersama Idul Fitri
    assert date(2026, 12, 23) not in closed


@pytest.mark.parametrize("zone", ZONES, ids=["WIB", "WITA", "WIT"])
def test_three_working_days_across_cuti_bersama_christmas_and_a_weekend(zone):
    # Wednesday 23 December 2026, 16.00 local: 24th cuti bersama, 25th Natal, 26-27 weekend,
    # so the 1st, 2nd and 3rd working days are 28, 29 and 30 December.
    at = datetime(2026, 12, 23, 16, 0, tzinfo=zone)
    due = _due("3 hari kerja", at)
    assert due.target == due.limit == datetime(2026, 12, 31, 0, 0, tzinfo=zone)
    one = _due("1 hari kerja", at)
    assert one.limit == datetime(2026, 12, 29, 0, 0, tzinfo=zone)


@pytest.mark.parametrize("zone", ZONES, ids=["WIB", "WITA", "WIT"])
def test_a_range_of_working_days_across_nyepi_and_idul_fitri(zone):
    # Tuesday 17 March 2026: 18th cuti Nyepi, 19th Nyepi, 20th cuti Idul Fitri, 21-22 Idul
    # Fitri (a weekend too), 23-24 cuti bersama: the first working day is Wednesday the 25th.
    at = datetime(2026, 3, 17, 9, 0, tzinfo=zone)
    due = _due("1-2 hari kerja", at)
    assert due.target == datetime(2026, 3, 26, 0, 0, tzinfo=zone)
    assert due.limit == datetime(2026, 3, 27, 0, 0, tzinfo=zone)


def test_the_organizations_own_closed_days_count_too():
    zone = ZONES[1]
    at = datetime(2026, 12, 7, 10, 0, tzinfo=zone)  # a Monday
    plain = _due("2 hari kerja", at)
    closed = WorkCalendar(closed=frozenset({date(2026, 12, 8)}))  # the regency's anniversary
    assert plain.limit == datetime(2026, 12, 10, tzinfo=zone)
    assert _due("2 hari kerja", at, closed).limit == datetime(2026, 12, 11, tzinfo=zone)


def test_a_step_entered_on_a_saturday_counts_from_monday():
    zone = ZONES[0]
    at = datetime(2026, 12, 5, 11, 0, tzinfo=zone)
    assert _due("1 hari kerja", at).limit == datetime(2026, 12, 8, tzinfo=zone)


def test_weeks_and_months_are_calendar_time():
    zone = ZONES[2]
    at = datetime(2026, 1, 31, 9, 30, tzinfo=zone)
    assert _due("1 minggu", at).limit == datetime(2026, 2, 7, 9, 30, tzinfo=zone)
    assert _due("1 bulan", at).limit == datetime(2026, 2, 28, 9, 30, tzinfo=zone)
    assert _due("6 bulan", at).limit == datetime(2026, 7, 31, 9, 30, tzinfo=zone)
    assert _due("12 bulan", at).limit == datetime(2027, 1, 31, 9, 30, tzinfo=zone)


def test_h_minus_one_is_due_before_the_activity_day_begins():
    zone = ZONES[0]
    at = datetime(2026, 12, 1, 9, 0, tzinfo=zone)
    due = _due("H-1", at, anchor=TimeAnchor.ACTIVITY, activity=date(2026, 12, 10))
    assert due.limit == datetime(2026, 12, 10, 0, 0, tzinfo=zone)
