"""Dates and deadlines as Indonesians write them: "Sabtu, 6 Des 2026", never "2026-12-06".

A step due "on day X" (Hari H, H+n) is overdue from local midnight after X, so its stored limit
is that midnight; shown as such it would read "7 Des 00.00" — a day late to the eye. A limit at
exactly local midnight is therefore shown as the day that ends there.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from django.utils import timezone

from tayang.sop.dates import MONTHS

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                "Des")


def day_text(day: date) -> str:
    """"Sabtu, 6 Des 2026"."""
    return f"{DAYS[day.weekday()]}, {day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"


def deadline_text(moment: datetime, zone_abbreviation: str = "",
                  zone: tzinfo | None = None) -> str:
    """A limit in ``zone`` (else the current one, the organization's): the day alone when it
    ends the day."""
    local = timezone.localtime(moment, zone)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return day_text((local - timedelta(days=1)).date())
    zone = f" {zone_abbreviation}" if zone_abbreviation else ""
    return f"{day_text(local.date())}, pukul {local:%H.%M}{zone}"


def value_text(raw: str, *, with_time: bool) -> str:
    """A stored date or date-and-time field value ("2026-12-06", ISO) as "6 Desember 2026"."""
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return raw  # not written by the form: shown as it is rather than hidden
    if with_time:
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}, pukul {parsed:%H.%M}"
    return f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"
