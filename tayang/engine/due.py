"""Due-time arithmetic: when a step's time standard (*Waktu*) runs out.

Pure functions of the standard, the anchor moments and the organization's timezone; the engine
has no clock, so "now" is always passed in. Indonesia has no daylight-saving time, but the
arithmetic is done on local wall-clock dates anyway, because "Hari H" means the local calendar
day whatever the zone (WIB, WITA, WIT).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from tayang.sop.model import TimeAnchor, TimeKind, TimeStandard


class Timeliness(StrEnum):
    NO_STANDARD = "no_standard"  # Tentatif, or nothing to count from yet
    ON_TIME = "on_time"
    PAST_TARGET = "past_target"  # a range's target passed, its limit not yet
    OVERDUE = "overdue"  # the limit passed


@dataclass(frozen=True)
class Due:
    """When a step should be done (target) and must be done (limit); both None when untimed."""

    target: datetime | None = None
    limit: datetime | None = None

    @property
    def is_timed(self) -> bool:
        return self.limit is not None

    def timeliness(self, moment: datetime) -> Timeliness:
        """How ``moment`` (now, or when the step was finished) stands against this due time."""
        if self.limit is None or self.target is None:
            return Timeliness.NO_STANDARD
        if moment >= self.limit:
            return Timeliness.OVERDUE
        if moment >= self.target:
            return Timeliness.PAST_TARGET
        return Timeliness.ON_TIME


UNTIMED = Due()


@dataclass(frozen=True)
class Anchors:
    """The moments a time standard can be counted from."""

    step_entered_at: datetime
    handed_in_at: datetime | None = None
    activity: date | datetime | None = None


def due_for(standard: TimeStandard | None, anchors: Anchors, tz: ZoneInfo) -> Due:
    """The due time of a step with ``standard`` entered as ``anchors`` say, in zone ``tz``."""
    if standard is None or standard.kind is TimeKind.TENTATIVE:
        return UNTIMED
    anchor = _anchor_moment(standard.anchor, anchors, tz)
    if anchor is None:
        return UNTIMED
    match standard.kind:
        case TimeKind.MINUTES:
            return _after(anchor, timedelta(minutes=1), standard)
        case TimeKind.HOURS:
            return _after(anchor, timedelta(hours=1), standard)
        case TimeKind.DAYS:
            return _after(anchor, timedelta(days=1), standard)
        case TimeKind.SAME_DAY | TimeKind.DAY_OFFSET:
            end = end_of_day(anchor.date() + timedelta(days=standard.target), tz)
            return Due(end, end)
    return UNTIMED


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The first instant after ``day`` in ``tz``: a step due "on day X" is overdue from then."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def _after(anchor: datetime, unit: timedelta, standard: TimeStandard) -> Due:
    return Due(anchor + unit * standard.target, anchor + unit * standard.limit)


def _anchor_moment(kind: TimeAnchor, anchors: Anchors, tz: ZoneInfo) -> datetime | None:
    """The anchor as a local aware datetime; a bare activity date counts from its midnight."""
    match kind:
        case TimeAnchor.STEP:
            moment: date | datetime | None = anchors.step_entered_at
        case TimeAnchor.HANDIN:
            # Before hand-in (a draft at the hand-in step) the step itself is the best anchor.
            moment = anchors.handed_in_at or anchors.step_entered_at
        case TimeAnchor.ACTIVITY:
            moment = anchors.activity
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)
    return datetime.combine(moment, time.min, tzinfo=tz)
