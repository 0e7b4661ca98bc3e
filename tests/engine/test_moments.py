"""One way of writing a time, for the pages, the messages and the history."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tayang.engine.moments import moment_text

WIB, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Jayapura")


def test_a_moment_names_its_day_month_time_and_zone():
    moment = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # 14.00 WIB
    assert moment_text(moment, WIB) == "Senin, 2 Mar 2026, pukul 14.00 WIB"
    assert moment_text(moment, WIT) == "Senin, 2 Mar 2026, pukul 16.00 WIT"
    assert moment_text(moment, WIB, zone_label="") == "Senin, 2 Mar 2026, pukul 14.00"


def test_a_limit_at_midnight_ends_the_day_before():
    midnight = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # 00.00 WIB on Tuesday 3 March
    assert moment_text(midnight, WIB, limit=True) == "Senin, 2 Mar 2026, pukul 24.00 WIB"
    assert moment_text(midnight, WIB, limit=True, day_only=True) == "Senin, 2 Mar 2026"
    # Not a limit (a publication scheduled at midnight): its own day, at 00.00.
    assert moment_text(midnight, WIB) == "Selasa, 3 Mar 2026, pukul 00.00 WIB"


def test_the_zone_decides_the_day():
    moment = datetime(2027, 11, 30, 15, 30, tzinfo=UTC)  # 00.30 WIT on 1 December
    assert moment_text(moment, WIT) == "Rabu, 1 Des 2027, pukul 00.30 WIT"
    assert moment_text(moment, WIB) == "Selasa, 30 Nov 2027, pukul 22.30 WIB"
