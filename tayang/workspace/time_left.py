"""How long is left before a step's target and limit, in words: "2 jam lagi", "lewat target
30 menit · batas 1 jam lagi", "terlambat 1 hari 4 jam".

The due times themselves are computed by the engine in the organization's zone (a "Hari H"
step ends at local midnight in WIB, WITA or WIT); what is left is then plain elapsed time,
so the words need no zone. The moment they are shown beside is printed in the zone by the
templates. Floors, never rounds up: "2 jam lagi" is never said with one hour fifty left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tayang.engine.due import Due, Timeliness

_MINUTES_A_DAY = 24 * 60


@dataclass(frozen=True)
class TimeLeft:
    text: str  # "" when the step has no time standard
    state: Timeliness

    @property
    def overdue(self) -> bool:
        return self.state is Timeliness.OVERDUE

    @property
    def past_target(self) -> bool:
        return self.state is Timeliness.PAST_TARGET


def time_left(target: datetime | None, limit: datetime | None, now: datetime) -> TimeLeft:
    """The words for a step due at ``target``/``limit`` seen at ``now``."""
    due = Due(target or limit, limit)
    state = due.timeliness(now)
    if due.limit is None or due.target is None:
        return TimeLeft("", state)
    if state is Timeliness.OVERDUE:
        return TimeLeft(f"terlambat {span(now - due.limit)}", state)
    if state is Timeliness.PAST_TARGET:
        return TimeLeft(
            f"lewat target {span(now - due.target)} · batas {span(due.limit - now)} lagi", state
        )
    if due.target < due.limit:
        return TimeLeft(
            f"target {span(due.target - now)} lagi · batas {span(due.limit - now)} lagi", state
        )
    return TimeLeft(f"{span(due.limit - now)} lagi", state)


def span(delta: timedelta) -> str:
    """A duration in Indonesian words, to the minute: "45 menit", "2 jam 30 menit", "3 hari".

    The smaller unit is kept only while it matters (under 3 hours, under 3 days).
    """
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "kurang dari 1 menit"
    if minutes < 60:
        return f"{minutes} menit"
    if minutes < _MINUTES_A_DAY:
        hours, rest = divmod(minutes, 60)
        return f"{hours} jam" + (f" {rest} menit" if rest and hours < 3 else "")
    days, rest = divmod(minutes, _MINUTES_A_DAY)
    hours = rest // 60
    return f"{days} hari" + (f" {hours} jam" if hours and days < 3 else "")
