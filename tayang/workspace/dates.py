"""Dates and deadlines as Indonesians write them: "Sabtu, 6 Des 2026", never "2026-12-06".

A step due "on day X" (Hari H, H+n) is overdue from local midnight after X, so its stored limit
is that midnight; shown as such it would read "7 Des 00.00" — a day late to the eye. A limit at
exactly local midnight is therefore shown as the day that ends there.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from django.utils import timezone
from django.utils.formats import date_format

from tayang.engine.moments import DAYS, MONTHS_SHORT, day_text, moment_text
from tayang.orgs.models import Organization
from tayang.sop.dates import MONTHS

__all__ = ["DAYS", "MONTHS_SHORT", "day_text", "deadline_text", "local_text", "value_text"]


def deadline_text(moment: datetime, zone_abbreviation: str = "",
                  zone: tzinfo | None = None) -> str:
    """A limit in ``zone`` (else the current one, the organization's): the day alone when it
    ends the day (:func:`tayang.engine.moments.moment_text`)."""
    zone = zone or timezone.get_current_timezone()
    return moment_text(moment, zone, limit=True, day_only=True, zone_label=zone_abbreviation)


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


def local_text(moment: datetime, organization: Organization, *, short: bool = False) -> str:
    """``24 Nov 2026 14.30 WIB``; with ``short`` only the time when it is today."""
    local = timezone.localtime(moment, organization.zone)
    today = timezone.localdate(timezone=organization.zone)
    pattern = "H.i" if short and local.date() == today else "j M Y H.i"
    return f"{date_format(local, pattern)} {organization.zone_abbreviation}"
