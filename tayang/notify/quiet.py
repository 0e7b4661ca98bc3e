"""Quiet hours and the digest hour, in the organization's own zone. Pure functions of times.

A quiet window may wrap midnight (21.00–06.00, the default) or not (12.00–13.00); a window
whose start equals its end is no window. Indonesia keeps no daylight-saving time, but the
arithmetic is done on local wall-clock times anyway, as the engine's due times are.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def is_quiet(moment: time, start: time, end: time) -> bool:
    """Whether the local time ``moment`` falls in the window [start, end)."""
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def quiet_until(now: datetime, zone: ZoneInfo, start: time, end: time) -> datetime | None:
    """The end of the quiet window ``now`` falls in (an aware local time), or None."""
    local = now.astimezone(zone)
    if not is_quiet(local.time(), start, end):
        return None
    ends = datetime.combine(local.date(), end, tzinfo=zone)
    if ends <= local:
        ends += timedelta(days=1)
    return ends


def next_at_hour(now: datetime, zone: ZoneInfo, hour: int) -> datetime:
    """The next local ``hour``:00 strictly after ``now`` (the next daily digest)."""
    local = now.astimezone(zone)
    candidate = datetime.combine(local.date(), time(hour), tzinfo=zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), time(hour), tzinfo=zone)
    return candidate
