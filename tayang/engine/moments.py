"""Times as Indonesians write them, everywhere: "Senin, 2 Mar 2026, pukul 14.00 WIB".

One wording for the pages, the messages (e-mail, Telegram, WhatsApp, notifications) and the
engine's history entries: until now messages said "02-03-2026 14.00 WIB" while the pages said
"Senin, 2 Mar 2026". Free of Django, like the rest of the engine; the workspace's
:mod:`tayang.workspace.dates` builds on it.

A limit at local midnight ends the day before (a step due "on day X", *Hari H*, is overdue
from the midnight after X). Pages show such a limit as that day alone; messages, read out of
context, say "pukul 24.00", as Indonesian offices write the end of a day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                "Des")
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def day_text(day: date) -> str:
    """"Sabtu, 6 Des 2026"."""
    return f"{DAYS[day.weekday()]}, {day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"


def zone_name(zone: tzinfo) -> str:
    key = getattr(zone, "key", "")
    return ZONE_ABBREVIATIONS.get(key, key or str(zone))


def moment_text(moment: datetime, zone: tzinfo, *, limit: bool = False,
                day_only: bool = False, zone_label: str | None = None) -> str:
    """``moment`` in ``zone``: "Senin, 2 Mar 2026, pukul 14.00 WIB".

    A ``limit`` at local midnight is the end of the day before: "…, pukul 24.00 WIB", or that
    day alone with ``day_only`` (how the pages show a Hari H limit). Any other moment at
    midnight (a publication scheduled then) is "pukul 00.00" of its own day. ``zone_label``
    replaces the zone's name ("" for none).
    """
    local = moment.astimezone(zone)
    name = zone_name(zone) if zone_label is None else zone_label
    suffix = f" {name}" if name else ""
    if limit and (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        day = day_text((local - timedelta(days=1)).date())
        return day if day_only else f"{day}, pukul 24.00{suffix}"
    return f"{day_text(local.date())}, pukul {local:%H.%M}{suffix}"
