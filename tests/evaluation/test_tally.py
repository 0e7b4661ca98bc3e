"""The tally's sums and histogram against the figures of every visit (no database): the
counts equal, median and p90 within the stated bound, exact in working days."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from tayang.evaluation.figures import percentile, step_figures
from tayang.evaluation.tally import (
    BUCKETS,
    HOURS,
    WORKDAYS,
    Tally,
    bucket_bounds,
    bucket_of,
)

from .test_figures import NOW, T0, visit

BOUND = 2 ** (1 / 4) - 1  # a bucket's width: the most a percentile can be off


def tally_of(visits, kind=HOURS, measure=None):
    from tayang.evaluation.figures import hours

    measure = measure or hours
    tally = Tally(kind)
    seen: set[int] = set()
    for each in sorted(visits, key=lambda v: v.entered_at):
        repeated = not each.skipped and each.item in seen
        if not each.skipped:
            seen.add(each.item)
        tally.add(each, NOW.timestamp(), measure, repeated)
    return tally


def constructed():
    return [
        visit(1, 1), visit(2, 3), visit(3, 6, outcome="sent_back"),
        visit(3, 1, entered=T0 + timedelta(hours=8)), visit(4, None),
        visit(5, 2, outcome="refused"), visit(6, 5, outcome="cancelled"),
        visit(7, 0, skipped=True, timed=False), visit(8, None, entered=NOW - timedelta(hours=1)),
        visit(9, 2, timed=False),
    ]


def test_the_counts_equal_those_of_every_visit():
    visits = constructed()
    exact = step_figures("terima", visits, NOW)
    kept = tally_of(visits).figures("terima")
    for name in ("visits", "performed", "open_now", "on_time", "past_target", "late",
                 "untimed", "skipped", "repeated", "sent_back", "refused", "cancelled"):
        assert getattr(kept, name) == getattr(exact, name), name
    assert kept.allowed_target == exact.allowed_target == 2  # the same standard each time
    assert kept.allowed_limit == exact.allowed_limit == 4
    # Times of 1, 3, 6, 1, 2, 5, 2 hours and 240 so far: equal times share a bucket's mean.
    assert kept.median == pytest.approx(exact.median, rel=BOUND)
    assert kept.p90 == pytest.approx(exact.p90, rel=BOUND)
    assert kept.approximate


def test_two_tallies_merged_are_one_tally_of_both():
    visits = constructed()
    whole = tally_of(visits)
    first, second = tally_of(visits[:4]), tally_of(visits[4:])
    first.merge(second)
    assert first.spent == whole.spent and first.sums == whole.sums
    assert {k: v for k, v in first.counts.items() if k != "repeated"} == {
        k: v for k, v in whole.counts.items() if k != "repeated"}


@pytest.mark.parametrize("seed", range(5))
def test_percentiles_from_the_histogram_stay_within_a_buckets_width(seed):
    generator = random.Random(seed)
    hours = [generator.lognormvariate(0, 2) for _ in range(500)]
    tally = Tally(HOURS)
    for value in hours:
        index = bucket_of(value, HOURS)
        tally.spent[index] += 1
        tally.spent_sum[index] += value
    for fraction in (0.1, 0.5, 0.9):
        assert tally.percentile(fraction) == pytest.approx(percentile(hours, fraction),
                                                           rel=BOUND)


def test_working_days_are_counted_exactly():
    days = [0, 1, 1, 2, 3, 3, 3, 5, 8, 13]
    tally = Tally(WORKDAYS)
    for value in days:
        index = bucket_of(value, WORKDAYS)
        tally.spent[index] += 1
        tally.spent_sum[index] += value
    assert tally.percentile(0.5) == percentile(days, 0.5) == 3
    assert tally.percentile(0.9) == pytest.approx(percentile(days, 0.9))


def test_the_buckets():
    assert bucket_of(0.5 / 60, HOURS) == 0  # half a minute
    assert bucket_of(1 / 60, HOURS) == 1  # one minute starts bucket 1
    assert bucket_of(2 / 60, HOURS) == 5  # four buckets per doubling
    assert bucket_of(10_000, HOURS) == BUCKETS - 1  # a year and more: the last, open-ended
    low, high = bucket_bounds(14, HOURS)
    assert low <= 10 / 60 < high and high / low == pytest.approx(1 + BOUND)
    assert bucket_bounds(BUCKETS - 1, HOURS)[1] is None
    assert bucket_of(3, WORKDAYS) == 3 and bucket_bounds(3, WORKDAYS) == (3, 4)


def test_a_period_is_read_as_whole_months_and_the_days_left_over():
    from datetime import date

    from tayang.evaluation.tallies import spans

    assert spans(date(2026, 1, 15), date(2026, 3, 31)) == (
        [date(2026, 2, 1), date(2026, 3, 1)], [(date(2026, 1, 15), date(2026, 1, 31))])
    assert spans(date(2026, 1, 1), date(2026, 1, 20)) == ([], [(date(2026, 1, 1),
                                                                date(2026, 1, 20))])
    assert spans(date(2026, 1, 15), date(2026, 1, 20)) == ([], [(date(2026, 1, 15),
                                                                 date(2026, 1, 20))])
    months, days = spans(date(2025, 12, 7), date(2026, 12, 6))  # a year to today
    assert months == [date(2026, month, 1) for month in range(1, 12)]
    assert days == [(date(2025, 12, 7), date(2025, 12, 31)), (date(2026, 12, 1),
                                                              date(2026, 12, 6))]
