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

from tayang.engine.calendar import WEEKENDS_AND_HOLIDAYS, WorkCalendar
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


def due_for(
    standard: TimeStandard | None, anchors: Anchors, tz: ZoneInfo,
    calendar: WorkCalendar = WEEKENDS_AND_HOLIDAYS,
) -> Due:
    """The due time of a step with ``standard`` entered as ``anchors`` say, in zone ``tz``.

    Working days ("3 hari kerja") end with the local day: the n-th working day after the
    anchor's day (that day itself not counted), closed days of ``calendar`` skipped.
    """
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
        case TimeKind.WEEKS:
            return _after(anchor, timedelta(weeks=1), standard)
        case TimeKind.MONTHS:
            return Due(
                _months_after(anchor, standard.target), _months_after(anchor, standard.limit)
            )
        case TimeKind.WORKDAYS:
            day = anchor.date()
            return Due(
                end_of_day(calendar.working_day_after(day, standard.target), tz),
                end_of_day(calendar.working_day_after(day, standard.limit), tz),
            )
        case TimeKind.SAME_DAY | TimeKind.DAY_OFFSET:
            end = end_of_day(anchor.date() + timedelta(days=standard.target), tz)
            return Due(end, end)
    return UNTIMED


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The first instant after ``day`` in ``tz``: a step due "on day X" is overdue from then."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def _months_after(moment: datetime, months: int) -> datetime:
    """The same local time ``months`` calendar months later (the 31st becomes the month's last)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    last_day = (following - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


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
