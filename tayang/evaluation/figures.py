"""The time-standard figures of step visits: pure functions, no Django, no clock.

A *visit* is an item's stay at one step as the engine recorded it (``StepVisit``): when it was
entered, when it was left and how (``outcome``), and the target and limit its time standard
gave. The rules, written down once for the register, the dashboard and the report:

* a visit is **late** when it was left at or after its limit, *or is still open and its limit
  has passed* (waiting past the limit is late before anyone acts);
* a visit left before its limit is **on time** (after the target but before the limit is on
  time too, and counted apart as "past target");
* an open visit whose limit has not come yet is not judged (**open**);
* a visit ended by a refusal or a cancellation is judged where it ended, like any other;
* a skipped visit (a conditional step whose condition did not hold) is not timed;
* the *actual time* of a visit is from entering to leaving; a visit still open and already
  late counts with its time so far (leaving it out would hide the worst cases).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from tayang.engine.calendar import WorkCalendar


class Result(StrEnum):
    ON_TIME = "on_time"
    PAST_TARGET = "past_target"  # left after the target, before the limit: still on time
    LATE = "late"
    OPEN = "open"  # still at the step, its limit not reached
    UNTIMED = "untimed"  # no time standard (Tentatif)
    SKIPPED = "skipped"


ON_TIME_RESULTS = frozenset({Result.ON_TIME, Result.PAST_TARGET})


@dataclass(frozen=True, slots=True)
class Visit:
    """Moments are POSIX seconds (UTC): a year of visits is tens of thousands of them, and
    numbers cost nothing to read from the database or to compare (``Visit.at`` takes
    datetimes)."""

    item: int
    step: str
    entered_at: float
    finished_at: float | None = None
    due_target: float | None = None
    due_limit: float | None = None
    outcome: str = ""
    skipped: bool = False

    @classmethod
    def at(cls, item: int, step: str, entered_at: datetime,
           finished_at: datetime | None = None, due_target: datetime | None = None,
           due_limit: datetime | None = None, outcome: str = "", skipped: bool = False
           ) -> Visit:
        return cls(item, step, entered_at.timestamp(), _seconds(finished_at),
                   _seconds(due_target), _seconds(due_limit), outcome, skipped)


def _seconds(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


def result_of(visit: Visit, now: datetime | float) -> Result:
    """How ``visit`` stands against its time standard, seen at ``now``."""
    if isinstance(now, datetime):
        now = now.timestamp()
    if visit.skipped:
        return Result.SKIPPED
    if visit.due_limit is None:
        return Result.UNTIMED
    moment = visit.finished_at or now
    if moment >= visit.due_limit:
        return Result.LATE
    if visit.finished_at is None:
        return Result.OPEN
    if visit.due_target is not None and visit.finished_at >= visit.due_target:
        return Result.PAST_TARGET
    return Result.ON_TIME


def elapsed(visit: Visit, now: datetime | float) -> timedelta | None:
    """The actual time of a visit: to its end, or to ``now`` while it is open and late."""
    seconds = _elapsed(visit, now.timestamp() if isinstance(now, datetime) else now)
    return None if seconds is None else timedelta(seconds=seconds)


def _elapsed(visit: Visit, now: float) -> float | None:
    if visit.skipped:
        return None
    if visit.finished_at is not None:
        return visit.finished_at - visit.entered_at
    if visit.due_limit is not None and now >= visit.due_limit:
        return now - visit.entered_at
    return None


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` quantile (0.5 the median, 0.9 the 90th percentile) by linear
    interpolation between the closest ranks, as spreadsheets compute PERCENTILE; None when
    there is nothing to measure."""
    if not values:
        return None
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must be between 0 and 1")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def working_days_between(start: datetime | float, end: datetime | float,
                         calendar: WorkCalendar, zone: ZoneInfo) -> int:
    """How many working days a visit took, counted the way the engine sets due times: the
    working days after the local day it was entered, up to and including the day it ended
    (a step entered on Friday and done on Monday took 1 working day; done the same day, 0)."""
    first, last = _local_day(start, zone), _local_day(end, zone)
    day, count = first, 0
    while day < last:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def _local_day(moment: datetime | float, zone: ZoneInfo) -> date:
    if isinstance(moment, datetime):
        return moment.astimezone(zone).date()
    return datetime.fromtimestamp(moment, zone).date()


type Measure = Callable[[Visit, float], float]  # (visit, seconds spent) -> the unit shown


def hours(visit: Visit, spent: float) -> float:
    return spent / 3600


@dataclass(frozen=True)
class StepFigures:
    """Everything the dashboard and the report say about one step of one SOP in a period."""

    step: str
    visits: int  # every visit entered in the period, skipped ones included
    performed: int  # left (done, approved, sent back, refused, cancelled, published, …)
    open_now: int
    on_time: int  # left before the limit (past_target included)
    past_target: int
    late: int  # left at or after the limit, or still open past it
    untimed: int
    skipped: int
    repeated: int  # visits after an item's first at this step (after a send-back)
    sent_back: int
    refused: int
    cancelled: int
    median: float | None  # in the measure's unit (hours, or working days)
    p90: float | None
    allowed_target: float | None  # the time the standard allowed, same unit (from the
    allowed_limit: float | None  # tallies: the mean, equal to the median for most standards)
    approximate: bool = False  # median and p90 read from a histogram (evaluation/tally.py)

    @property
    def judged(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.judged if self.judged else None

    @property
    def late_share(self) -> float | None:
        return self.late / self.judged if self.judged else None

    @property
    def send_back_rate(self) -> float | None:
        return self.sent_back / self.performed if self.performed else None


def step_figures(step: str, visits: Iterable[Visit], now: datetime | float,
                 measure: Measure = hours) -> StepFigures:
    """The figures of one step from its visits (of any number of items)."""
    if isinstance(now, datetime):
        now = now.timestamp()
    counts: dict[Result, int] = defaultdict(int)
    spent: list[float] = []
    targets: list[float] = []
    limits: list[float] = []
    seen: set[int] = set()
    total = performed = open_now = repeated = sent_back = refused = cancelled = 0
    for visit in visits:
        total += 1
        result = result_of(visit, now)
        counts[result] += 1
        if visit.skipped:
            continue
        if visit.item in seen:
            repeated += 1
        seen.add(visit.item)
        if visit.finished_at is None:
            open_now += 1
        else:
            performed += 1
        sent_back += visit.outcome == "sent_back"
        refused += visit.outcome == "refused"
        cancelled += visit.outcome == "cancelled"
        if (duration := _elapsed(visit, now)) is not None:
            spent.append(measure(visit, duration))
        if visit.due_limit is not None:
            limits.append(measure(visit, visit.due_limit - visit.entered_at))
            targets.append(measure(visit, (visit.due_target or visit.due_limit)
                                   - visit.entered_at))
    return StepFigures(
        step=step, visits=total, performed=performed, open_now=open_now,
        on_time=counts[Result.ON_TIME] + counts[Result.PAST_TARGET],
        past_target=counts[Result.PAST_TARGET], late=counts[Result.LATE],
        untimed=counts[Result.UNTIMED], skipped=counts[Result.SKIPPED], repeated=repeated,
        sent_back=sent_back, refused=refused, cancelled=cancelled,
        median=percentile(spent, 0.5), p90=percentile(spent, 0.9),
        allowed_target=percentile(targets, 0.5), allowed_limit=percentile(limits, 0.5),
    )


def by_step(visits: Iterable[Visit]) -> dict[str, list[Visit]]:
    grouped: dict[str, list[Visit]] = defaultdict(list)
    for visit in visits:
        grouped[visit.step].append(visit)
    return grouped


def compliance(figures: Iterable[StepFigures]) -> float | None:
    """The share of judged visits left on time, over every step: the report's one figure."""
    on_time = late = 0
    for step in figures:
        on_time += step.on_time
        late += step.late
    return on_time / (on_time + late) if on_time + late else None


@dataclass(frozen=True)
class Deviation:
    """An item whose time at its steps went furthest past the standard."""

    item: int
    late_steps: int
    overrun: timedelta  # summed time past the limits


def furthest_from_standard(visits: Iterable[Visit], now: datetime | float, count: int = 10
                           ) -> list[Deviation]:
    """The ``count`` items whose late visits overran their limits the most."""
    if isinstance(now, datetime):
        now = now.timestamp()
    overrun: dict[int, float] = defaultdict(float)
    late: dict[int, int] = defaultdict(int)
    for visit in visits:
        if result_of(visit, now) is not Result.LATE or visit.due_limit is None:
            continue
        overrun[visit.item] += (visit.finished_at or now) - visit.due_limit
        late[visit.item] += 1
    worst = sorted(overrun, key=lambda item: (-overrun[item], item))[:count]
    return [Deviation(item, late[item], timedelta(seconds=overrun[item])) for item in worst]


def week_start(moment: datetime | float, zone: ZoneInfo) -> date:
    """The Monday of ``moment``'s week in the organization's zone."""
    day = _local_day(moment, zone)
    return day - timedelta(days=day.weekday())


def weekly(events: Iterable[tuple[datetime | float, str]], zone: ZoneInfo, start: date, end: date,
           kinds: Sequence[str]) -> list[tuple[date, dict[str, int]]]:
    """How many events of each kind happened in each week from ``start`` to ``end``, every
    week listed (a quiet week shows as zeros, not as a gap the chart would close)."""
    first = start - timedelta(days=start.weekday())
    weeks: dict[date, dict[str, int]] = {}
    monday = first
    while monday <= end:
        weeks[monday] = dict.fromkeys(kinds, 0)
        monday += timedelta(days=7)
    for at, kind in events:
        week = weeks.get(week_start(at, zone))
        if week is not None and kind in week:
            week[kind] += 1
    return list(weeks.items())
