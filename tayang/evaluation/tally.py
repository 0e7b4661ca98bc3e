"""A step's figures kept as sums, so a year of visits is read as a few hundred rows (issue 13,
point 4). Plain Python, no Django, like ``figures``.

A *tally* holds, for the visits it has seen, the counts of ``figures.step_figures`` and a
histogram of their actual times. The database keeps one tally per organization, unit, SOP,
step and local day (and month), added to by the worker's sweep from the visits the actions
closed (``evaluation/sweep.py``, ``tallies.py``); the pages add the tallies of a period, the
closed visits not swept yet and the visits still open, the last two judged live.

**The histogram.** Times measured in working days are whole numbers: bucket *n* holds the
visits that took *n* working days, exactly (the last bucket, ``BUCKETS - 1`` days and more,
keeps its sum too). Times in hours are put in buckets by their seconds: bucket 0 below one
minute, then ``PER_OCTAVE`` buckets per doubling (each 2^(1/4) ≈ 1.19 times as wide as the
one before), the last one open-ended from about 129 days. Each bucket keeps the number of
visits and the sum of their times, and a percentile is read as the *mean of the bucket* that
holds its rank (interpolated between two ranks as ``figures.percentile`` does). The true value
lies in the same bucket, so the error is less than the bucket's width: under 19 % of the
value (under a minute below one minute), and none when the visits of that bucket took the
same time. Counts, shares and compliance are exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from tayang.evaluation.figures import Measure, Result, StepFigures, Visit, result_of

BUCKETS = 72
PER_OCTAVE = 4
FIRST = 60.0  # seconds: the top of bucket 0
HOURS = "h"
WORKDAYS = "w"

COUNTERS = ("visits", "performed", "on_time", "past_target", "late", "untimed", "skipped",
            "repeated", "sent_back", "refused", "cancelled", "timed")
SUMS = ("target_sum", "limit_sum")


def bucket_of(value: float, kind: str) -> int:
    """The histogram bucket of a time: ``value`` in hours (``HOURS``) or working days."""
    if kind == WORKDAYS:
        return min(BUCKETS - 1, max(0, int(value)))
    seconds = value * 3600
    if seconds < FIRST:
        return 0
    return min(BUCKETS - 1, 1 + math.floor(PER_OCTAVE * math.log2(seconds / FIRST)))


def bucket_bounds(index: int, kind: str) -> tuple[float, float | None]:
    """The times a bucket holds, in its unit (the method note of the report states them)."""
    if kind == WORKDAYS:
        return float(index), None if index == BUCKETS - 1 else float(index + 1)
    if index == 0:
        return 0.0, FIRST / 3600
    low = FIRST * 2 ** ((index - 1) / PER_OCTAVE) / 3600
    high = None if index == BUCKETS - 1 else FIRST * 2 ** (index / PER_OCTAVE) / 3600
    return low, high


@dataclass(slots=True)
class Tally:
    """The sums of one step's visits, in one measure (``HOURS`` or ``WORKDAYS``)."""

    kind: str = HOURS
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SUMS, 0.0))
    spent: list[int] = field(default_factory=lambda: [0] * BUCKETS)
    spent_sum: list[float] = field(default_factory=lambda: [0.0] * BUCKETS)
    open_now: int = 0  # visits still open: judged live, never stored

    def add(self, visit: Visit, now: float, measure: Measure, repeated: bool) -> None:
        """Count one visit as ``figures.step_figures`` does; ``repeated`` says whether the
        item had been at this step before (not skipped)."""
        counts = self.counts
        counts["visits"] += 1
        result = result_of(visit, now)
        if result is Result.SKIPPED:
            counts["skipped"] += 1
            return
        if result is Result.UNTIMED:
            counts["untimed"] += 1
        elif result is Result.LATE:
            counts["late"] += 1
        elif result is Result.PAST_TARGET:
            counts["on_time"] += 1
            counts["past_target"] += 1
        elif result is Result.ON_TIME:
            counts["on_time"] += 1
        counts["repeated"] += repeated
        if visit.finished_at is None:
            self.open_now += 1
        else:
            counts["performed"] += 1
        counts["sent_back"] += visit.outcome == "sent_back"
        counts["refused"] += visit.outcome == "refused"
        counts["cancelled"] += visit.outcome == "cancelled"
        moment = visit.finished_at
        if moment is None and visit.due_limit is not None and now >= visit.due_limit:
            moment = now  # open and late: its time so far
        if moment is not None:
            value = measure(visit, moment - visit.entered_at)
            index = bucket_of(value, self.kind)
            self.spent[index] += 1
            self.spent_sum[index] += value
        if visit.due_limit is not None:
            counts["timed"] += 1
            self.sums["limit_sum"] += measure(visit, visit.due_limit - visit.entered_at)
            self.sums["target_sum"] += measure(
                visit, (visit.due_target or visit.due_limit) - visit.entered_at)

    def merge(self, other: Tally, *, times: bool = True) -> None:
        """Add ``other``'s counts, and its times when ``times`` (only a tally in the same
        measure can lend its histogram)."""
        for name, value in other.counts.items():
            self.counts[name] += value
        self.open_now += other.open_now
        if not times:
            return
        for name, value in other.sums.items():
            self.sums[name] += value
        for index in range(BUCKETS):
            self.spent[index] += other.spent[index]
            self.spent_sum[index] += other.spent_sum[index]

    @property
    def empty(self) -> bool:
        return not self.counts["visits"] and not self.open_now

    def percentile(self, fraction: float) -> float | None:
        """The ``fraction`` quantile of the times, read from the histogram (see above)."""
        total = sum(self.spent)
        if not total:
            return None
        position = (total - 1) * fraction
        low, high = math.floor(position), math.ceil(position)
        value_low = self._at_rank(low)
        if low == high:
            return value_low
        return value_low + (self._at_rank(high) - value_low) * (position - low)

    def _at_rank(self, rank: int) -> float:
        seen = 0
        for index, count in enumerate(self.spent):
            if count and rank < seen + count:
                return self.spent_sum[index] / count
            seen += count
        raise IndexError(rank)

    def figures(self, step: str) -> StepFigures:
        counts = self.counts
        timed = counts["timed"]
        return StepFigures(
            step=step, visits=counts["visits"], performed=counts["performed"],
            open_now=self.open_now, on_time=counts["on_time"],
            past_target=counts["past_target"], late=counts["late"],
            untimed=counts["untimed"], skipped=counts["skipped"],
            repeated=counts["repeated"], sent_back=counts["sent_back"],
            refused=counts["refused"], cancelled=counts["cancelled"],
            median=self.percentile(0.5), p90=self.percentile(0.9),
            allowed_target=self.sums["target_sum"] / timed if timed else None,
            allowed_limit=self.sums["limit_sum"] / timed if timed else None,
            approximate=self.kind == HOURS,
        )
