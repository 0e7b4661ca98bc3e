"""The evaluation's pure figures on hand-made visits with known answers (no database)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tayang.engine.calendar import WorkCalendar
from tayang.evaluation.figures import (
    Result,
    Visit,
    compliance,
    elapsed,
    furthest_from_standard,
    percentile,
    result_of,
    step_figures,
    weekly,
    working_days_between,
)
from tayang.evaluation.period import Period, read_period, read_unit
from tayang.evaluation.reasons import common_reasons, opening

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # Monday 08.00 WIB
NOW = T0 + timedelta(days=10)
WIB = ZoneInfo("Asia/Jakarta")


def visit(item: int, hours: float | None, *, target: float = 2, limit: float = 4,
          outcome: str = "approved", entered: datetime = T0, step: str = "terima",
          skipped: bool = False, timed: bool = True) -> Visit:
    return Visit.at(
        item=item, step=step, entered_at=entered,
        finished_at=None if hours is None else entered + timedelta(hours=hours),
        due_target=entered + timedelta(hours=target) if timed else None,
        due_limit=entered + timedelta(hours=limit) if timed else None,
        outcome=outcome, skipped=skipped,
    )


def test_results_against_target_and_limit():
    assert result_of(visit(1, 1), NOW) is Result.ON_TIME
    assert result_of(visit(1, 3), NOW) is Result.PAST_TARGET
    assert result_of(visit(1, 4), NOW) is Result.LATE  # at the limit is late, as the engine says
    assert result_of(visit(1, 9), NOW) is Result.LATE
    assert result_of(visit(1, 1, timed=False), NOW) is Result.UNTIMED
    assert result_of(visit(1, 0, skipped=True, timed=False), NOW) is Result.SKIPPED


def test_a_visit_still_open_past_its_limit_is_late_and_counts_its_time_so_far():
    still_open = visit(1, None)
    assert result_of(still_open, T0 + timedelta(hours=3)) is Result.OPEN
    assert elapsed(still_open, T0 + timedelta(hours=3)) is None  # not judged yet
    assert result_of(still_open, T0 + timedelta(hours=5)) is Result.LATE
    assert elapsed(still_open, T0 + timedelta(hours=5)) == timedelta(hours=5)


def test_percentiles_interpolate_like_a_spreadsheet():
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)
    assert percentile([10, 1, 5], 0.5) == 5  # unordered input
    with pytest.raises(ValueError):
        percentile([1], 1.5)


def test_step_figures_on_a_constructed_history():
    visits = [
        visit(1, 1),  # on time
        visit(2, 3),  # past target, still on time
        visit(3, 6, outcome="sent_back"),  # late, sent back
        visit(3, 1, entered=T0 + timedelta(hours=8)),  # repeated after the send-back, on time
        visit(4, None),  # open and past its limit at NOW: late
        visit(5, 2, outcome="refused"),  # refused where it ended, at its target: on time
        visit(6, 5, outcome="cancelled"),  # cancelled there, late
        visit(7, 0, skipped=True, timed=False),
        visit(8, None, entered=NOW - timedelta(hours=1)),  # open, limit not reached
    ]
    figures = step_figures("terima", visits, NOW)
    assert figures.visits == 9
    assert figures.performed == 6 and figures.open_now == 2
    assert figures.on_time == 4 and figures.past_target == 2  # items 2 and 5 (at the target)
    assert figures.late == 3
    assert figures.skipped == 1 and figures.repeated == 1
    assert figures.sent_back == 1 and figures.refused == 1 and figures.cancelled == 1
    # Times: 1, 3, 6, 1, 2, 5 hours done, and item 4 open for 240 hours so far.
    assert figures.median == 3
    assert figures.p90 == pytest.approx(6 + (240 - 6) * 0.4)  # rank 5.4 of 1,1,2,3,5,6,240
    assert figures.allowed_target == 2 and figures.allowed_limit == 4
    assert figures.on_time_share == pytest.approx(4 / 7)
    assert figures.send_back_rate == pytest.approx(1 / 6)
    assert compliance([figures]) == pytest.approx(4 / 7)
    assert compliance([]) is None


def test_the_items_furthest_from_the_standard():
    visits = [visit(1, 5), visit(2, None), visit(3, 1), visit(1, 6, step="putuskan")]
    worst = furthest_from_standard(visits, NOW)
    assert [d.item for d in worst] == [2, 1]  # 236 hours over, then 1 + 2 hours
    assert worst[1].late_steps == 2 and worst[1].overrun == timedelta(hours=3)


def test_working_days_skip_weekends_and_closed_days():
    calendar = WorkCalendar(closed=frozenset({date(2026, 3, 4)}), national=False)
    friday = datetime(2026, 3, 6, 3, 0, tzinfo=UTC)
    monday = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)
    assert working_days_between(friday, monday, calendar, WIB) == 1
    assert working_days_between(friday, friday + timedelta(hours=2), calendar, WIB) == 0
    # Monday 2 March to Thursday 5 March: Tuesday, (Wednesday closed), Thursday.
    assert working_days_between(T0, T0 + timedelta(days=3), calendar, WIB) == 2
    # Local days count, not UTC ones: 23.00 UTC on Friday is already Saturday in WIB.
    late_friday = datetime(2026, 3, 6, 18, 0, tzinfo=UTC)
    assert working_days_between(friday, late_friday, calendar, WIB) == 0


def test_weeks_are_listed_even_when_quiet():
    events = [(T0, "handed_in"), (T0 + timedelta(days=1), "handed_in"),
              (T0 + timedelta(days=15), "published"), (T0, "other")]
    weeks = weekly(events, WIB, date(2026, 3, 2), date(2026, 3, 22), ("handed_in", "published"))
    assert [week for week, _ in weeks] == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    assert [counts for _, counts in weeks] == [
        {"handed_in": 2, "published": 0}, {"handed_in": 0, "published": 0},
        {"handed_in": 0, "published": 1}]


def test_send_back_reasons_are_grouped_by_their_first_words():
    texts = ["Foto kurang tajam, mohon diganti.", "foto KURANG tajam!", "Caption belum ada",
             "Foto kurang tajam dan gelap", "  ", "Narasi terlalu pendek"]
    assert opening("Foto, kurang; tajam dan") == "foto kurang tajam"
    reasons = common_reasons(texts, top=2)
    assert [(r.words, r.count) for r in reasons] == [("foto kurang tajam", 3),
                                                      ("caption belum ada", 1)]
    assert reasons[0].example == "Foto kurang tajam, mohon diganti."


def test_periods_read_from_the_query_with_indonesian_messages():
    today = date(2026, 12, 6)
    period, errors = read_period({}, today)
    assert errors == [] and period.end == today and period.days == 84
    period, errors = read_period({"dari": "2026-01-01", "sampai": "2026-03-31"}, today)
    assert period == Period(date(2026, 1, 1), date(2026, 3, 31)) and not errors
    period, errors = read_period({"dari": "2026-03-31", "sampai": "2026-01-01"}, today)
    assert period.end == today and errors[0].startswith("Periode terbalik")
    period, errors = read_period({"dari": "31/03/2026"}, today)
    assert "tidak dikenali" in errors[0] and period.end == today
    _, errors = read_period({"dari": "2020-01-01", "sampai": "2026-01-01"}, today)
    assert "paling panjang" in errors[0]
    assert read_unit({"unit": "7"}, {7, 8}) == (7, [])
    assert read_unit({"unit": "9"}, {7})[1] == [
        "Unit kerja tidak dikenal di organisasi ini; semua unit ditampilkan."]
    assert Period(date(2026, 3, 1), date(2026, 3, 31)).before() == Period(
        date(2026, 1, 29), date(2026, 2, 28))


def test_the_computing_modules_load_no_django():
    """The figures are plain Python, like the engine: testable and reusable without a site."""
    code = textwrap.dedent("""
        import sys
        import tayang.evaluation.figures, tayang.evaluation.reasons, tayang.evaluation.period
        import tayang.evaluation.charts
        print(",".join(sorted(m for m in sys.modules if m.split(".")[0] == "django")))
    """)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Django modules loaded: {result.stdout.strip()}"
