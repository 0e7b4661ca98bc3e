"""Recurring work: an SOP that starts items on a schedule, as agencies write it.

"setiap hari kerja", "setiap Senin", "setiap minggu ke-4" (the fourth Monday of each month),
"setiap bulan tanggal 5", "setiap 6 bulan", "setiap tahun": periodic public information
(*informasi berkala*) is announced on such a schedule. Pure: the next occurrence is a function
of the schedule, a moment and the zone; which days are worked is the caller's calendar.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from tayang.sop.numberwords import agreed_figures, number

# Months are counted from the schedule's start, else from a fixed origin, so that "setiap 6
# bulan" is January and July every year.
_EPOCH = date(2000, 1, 1)
DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
_ORDINALS = {"pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "terakhir": -1}
EXPECTED = (
    '"setiap hari", "setiap hari kerja", "setiap Senin", "setiap minggu", '
    '"setiap minggu ke-4", "setiap bulan", "setiap bulan tanggal 5", "setiap 6 bulan" atau '
    '"setiap tahun"'
)


class Every(StrEnum):
    DAY = "day"
    WORKDAY = "workday"
    WEEKDAY = "weekday"  # a day of the week ("setiap Senin"; "setiap minggu" is Monday)
    NTH_WEEK = "nth_week"  # the n-th (or last) Monday of each month
    MONTHS = "months"  # every n months on a day of the month, counted from ``start``


@dataclass(frozen=True)
class Schedule:
    text: str  # as the agency wrote it
    every: Every
    interval: int = 1  # months, for MONTHS
    weekday: int = 0  # 0 = Monday, for WEEKDAY
    week: int = 0  # 1..5 or -1 (last), for NTH_WEEK
    day: int = 1  # day of the month, for MONTHS (clamped to the month's last day)
    at: time = time(7, 0)  # local time the item is started
    start: date | None = None  # the first day it may start (and the months' origin)


def parse_schedule(text: str, *, at: time = time(7, 0), start: date | None = None) -> Schedule:
    """Read ``text``; raise ValueError saying what is expected."""
    cleaned = agreed_figures(" ".join(text.strip().lower().replace("–", "-").split()))
    cleaned = cleaned.replace("jum'at", "jumat").replace("pekan", "minggu")
    body = cleaned.removeprefix("setiap ").removeprefix("tiap ")
    if body == cleaned:
        raise ValueError(f'jadwal "{text}" harus diawali "setiap"; yang diharapkan: {EXPECTED}')
    common = {"text": text.strip(), "at": at, "start": start}
    if body == "hari":
        return Schedule(every=Every.DAY, **common)
    if body == "hari kerja":
        return Schedule(every=Every.WORKDAY, **common)
    if body == "minggu":
        return Schedule(every=Every.WEEKDAY, weekday=0, **common)
    weekday = body.removeprefix("hari ")
    if weekday in DAYS:
        return Schedule(every=Every.WEEKDAY, weekday=DAYS.index(weekday), **common)
    if match := re.fullmatch(r"minggu (?:ke-?\s?(?P<n>\d+|[a-z]+)|(?P<ord>[a-z]+))", body):
        week = _week(match["n"] or match["ord"] or "", text)
        return Schedule(every=Every.NTH_WEEK, week=week, **common)
    if match := re.fullmatch(
        r"(?:(?P<n>\S+(?: \S+)*?) )?(?P<unit>bulan|tahun)(?: (?:pada )?tanggal (?P<day>\d+))?",
        body,
    ):
        count = number(match["n"]) if match["n"] else 1
        if count is None or count.denominator != 1 or count < 1:
            raise ValueError(f'jadwal "{text}" tidak dikenali; yang diharapkan: {EXPECTED}')
        months = int(count) * (12 if match["unit"] == "tahun" else 1)
        day = int(match["day"]) if match["day"] else (start.day if start else 1)
        if not 1 <= day <= 31:
            raise ValueError(f'tanggal {day} pada jadwal "{text}" tidak ada; yang diharapkan 1-31')
        return Schedule(every=Every.MONTHS, interval=months, day=day, **common)
    raise ValueError(f'jadwal "{text}" tidak dikenali; yang diharapkan: {EXPECTED}')


def next_start(
    schedule: Schedule, after: datetime, zone: ZoneInfo,
    is_working_day: Callable[[date], bool] = lambda day: day.weekday() < 5,
) -> datetime:
    """The first moment after ``after`` at which the schedule starts an item, in ``zone``."""
    local = after.astimezone(zone)
    day = local.date()
    if schedule.start and day < schedule.start:
        day = schedule.start
    for _ in range(3 * 366):
        moment = datetime.combine(day, schedule.at, tzinfo=zone)
        if moment > after and _falls_on(schedule, day, is_working_day):
            return moment
        day += timedelta(days=1)
    raise ValueError(f'jadwal "{schedule.text}" tidak pernah jatuh dalam tiga tahun')


def _falls_on(schedule: Schedule, day: date, is_working_day: Callable[[date], bool]) -> bool:
    match schedule.every:
        case Every.DAY:
            return True
        case Every.WORKDAY:
            return is_working_day(day)
        case Every.WEEKDAY:
            return day.weekday() == schedule.weekday
        case Every.NTH_WEEK:
            if day.weekday() != 0:
                return False
            if schedule.week == -1:
                return (day + timedelta(days=7)).month != day.month
            return (day.day - 1) // 7 + 1 == schedule.week
        case Every.MONTHS:
            origin = schedule.start or _EPOCH
            months = (day.year - origin.year) * 12 + day.month - origin.month
            if months < 0 or months % schedule.interval:
                return False
            return day.day == min(schedule.day, _last_day(day))
    return False


def _last_day(day: date) -> int:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _week(word: str, text: str) -> int:
    value = _ORDINALS.get(word)
    if value is None:
        parsed = number(word)
        value = int(parsed) if parsed is not None and parsed.denominator == 1 else None
    if value is None or not (value == -1 or 1 <= value <= 5):
        raise ValueError(
            f'minggu ke-{word} pada jadwal "{text}" tidak ada; yang diharapkan: ke-1 sampai '
            'ke-5, atau "minggu terakhir"'
        )
    return value
