"""Recurring work as agencies write it, and when each schedule next starts an item."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from tayang.engine.calendar import WorkCalendar
from tayang.sop import load_text
from tayang.sop.errors import SopDefinitionError
from tayang.sop.schedule import Every, next_start, parse_schedule

WIT = ZoneInfo("Asia/Jayapura")
SATURDAY_NOON = datetime(2026, 12, 5, 12, 0, tzinfo=WIT)


def _next(text: str, after: datetime = SATURDAY_NOON, **kwargs: object) -> list[str]:
    schedule = parse_schedule(text, **kwargs)  # type: ignore[arg-type]
    first = next_start(schedule, after, WIT, WorkCalendar().is_working_day)
    second = next_start(schedule, first, WIT, WorkCalendar().is_working_day)
    return [f"{moment:%Y-%m-%d %H:%M}" for moment in (first, second)]


@pytest.mark.parametrize(("text", "expected"), [
    ("setiap hari", ["2026-12-06 07:00", "2026-12-07 07:00"]),
    ("setiap hari kerja", ["2026-12-07 07:00", "2026-12-08 07:00"]),
    ("setiap Senin", ["2026-12-07 07:00", "2026-12-14 07:00"]),
    ("tiap hari Jum'at", ["2026-12-11 07:00", "2026-12-18 07:00"]),
    ("setiap minggu", ["2026-12-07 07:00", "2026-12-14 07:00"]),
    ("setiap pekan", ["2026-12-07 07:00", "2026-12-14 07:00"]),
    ("setiap minggu ke-4", ["2026-12-28 07:00", "2027-01-25 07:00"]),
    ("setiap minggu kedua", ["2026-12-14 07:00", "2027-01-11 07:00"]),
    ("setiap minggu terakhir", ["2026-12-28 07:00", "2027-01-25 07:00"]),
    ("setiap bulan", ["2027-01-01 07:00", "2027-02-01 07:00"]),
    ("setiap bulan tanggal 31", ["2026-12-31 07:00", "2027-01-31 07:00"]),
    ("setiap 6 bulan", ["2027-01-01 07:00", "2027-07-01 07:00"]),
    ("setiap enam bulan", ["2027-01-01 07:00", "2027-07-01 07:00"]),
    ("setiap tahun", ["2027-01-01 07:00", "2028-01-01 07:00"]),
])
def test_schedules_as_agencies_write_them(text, expected):
    assert _next(text) == expected


def test_working_days_skip_christmas_and_cuti_bersama():
    thursday = datetime(2026, 12, 23, 12, 0, tzinfo=WIT)
    assert _next("setiap hari kerja", thursday) == ["2026-12-28 07:00", "2026-12-29 07:00"]


def test_a_start_date_time_of_day_and_months_counted_from_the_start():
    assert _next("setiap 6 bulan", at=time(8, 30), start=date(2026, 3, 10)) == [
        "2027-03-10 08:30", "2027-09-10 08:30"
    ]
    assert parse_schedule("setiap 3 (tiga) bulan").interval == 3
    assert parse_schedule("setiap minggu ke-4").every is Every.NTH_WEEK


@pytest.mark.parametrize(("text", "says"), [
    ("kadang-kadang", 'harus diawali "setiap"'),
    ("setiap minggu ke-7", "ke-1 sampai ke-5"),
    ("setiap bulan tanggal 40", "tanggal 40"),
    ("setiap purnama", "tidak dikenali"),
])
def test_unknown_schedules_say_what_is_expected(text, says):
    with pytest.raises(ValueError, match=says):
        parse_schedule(text)


DEFINITION = """
tayang: 1
key: informasi-berkala
identity: {organization: Dinas Contoh, name: Pengumuman Informasi Berkala}
roles:
  - {key: ppid, name: PPID Pelaksana}
  - {key: petugas, name: Petugas PPID}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
steps:
  - {key: umumkan, activity: Mengumumkan, kind: handin, roles: [ppid], time: 3 hari kerja}
  - {key: sebarkan, activity: Menyebarluaskan, kind: publish, roles: [petugas]}
schedule:
  every: setiap 6 bulan
  at: "08.00"
  from: 2026-01-05
"""


def test_a_definition_schedules_its_items():
    schedule = load_text(DEFINITION).schedule
    assert schedule is not None
    assert (schedule.every, schedule.interval, schedule.at, schedule.start) == (
        Every.MONTHS, 6, time(8, 0), date(2026, 1, 5)
    )


@pytest.mark.parametrize(("old", "new", "path", "says"), [
    ("every: setiap 6 bulan", "every: sesekali", "schedule.every", 'diawali "setiap"'),
    ('at: "08.00"', 'at: "25.00"', "schedule.at", "jam «25.00» tidak sah"),
    ("  from: 2026-01-05\n", "  from: 2026-01-05\n  ulang: ya\n", "schedule.ulang",
     "kunci tidak dikenal"),
])
def test_a_broken_schedule_is_located(old, new, path, says):
    with pytest.raises(SopDefinitionError) as caught:
        load_text(DEFINITION.replace(old, new))
    (problem,) = caught.value.problems
    assert problem.path == path and says in problem.message
