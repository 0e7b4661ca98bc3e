"""The register's rows as plain text, worked out in Python once per row.

As for the inbox (:mod:`tayang.workspace.inbox_rows`): fifty rows read through the template
language (``row.item.handed_in_at|date``, a ``{% url %}`` each) cost about a third of the
page's CPU. Each value is computed here with the functions the template's filters call
(``date`` in the local time, ``truncatechars``), so the page is the same to the byte; the
template escapes them.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.utils.dates import MONTHS_3
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

from tayang.items.models import STATUS_LABELS, register_code
from tayang.sop.model import Sop
from tayang.web.paths import path_to
from tayang.workspace.step_text import shortened

type Row = dict[str, Any]

# The columns a row shows, read as values: fifty items and their units made as model
# instances cost more than the page's SQL, and the page only reads them.
COLUMNS = ("pk", "register_number", "register_year", "title", "activity_date", "handed_in_at",
           "status", "step", "procedure_version_id", "unit__name", "late_steps", "timed_steps")


def register_row(item: Row, sop: Sop, organization_slug: str) -> Row:
    """The row shown for ``item``, a dictionary of :data:`COLUMNS`."""
    step = sop.step(item["step"]) if item["step"] else None
    return {
        "register_code": register_code(item["register_number"], item["register_year"]),
        "href": path_to("workspace:item", org=organization_slug, pk=item["pk"]),
        "title": item["title"] or "(tanpa judul)",
        "sop_name": sop.identity.name,
        "activity_date": _day(item["activity_date"]) if item["activity_date"] else "—",
        "handed_in": _moment(item["handed_in_at"]) if item["handed_in_at"] else "—",
        "unit": item["unit__name"] if item["unit__name"] is not None else "—",
        "status": item["status"],
        "status_label": STATUS_LABELS.get(item["status"], item["status"]),
        "at_step": step is not None,
        "step_number": step.number if step else "",
        "step_activity": shortened(step.activity, 60) if step else "",
        "late_steps": item["late_steps"],
        "timed_steps": item["timed_steps"],
    }


def _day(day: date) -> str:
    """``{{ day|date:"j M Y" }}``, as Django's ``dateformat`` writes it (the month's
    abbreviation translated: "7 Des 2026"); its general formatter cost 25 µs a date."""
    return f"{day.day} {_month(get_language(), day.month)} {day.year:04d}"


@lru_cache(maxsize=64)
def _month(language: str | None, month: int) -> str:
    """``MONTHS_3[month].title()`` in ``language`` (the active one: the argument keys it)."""
    return MONTHS_3[month].title()


def _moment(moment: datetime) -> str:
    """``{{ moment|date:"j M Y H.i" }}``: in the current (the organization's) zone, as the
    filter converts it."""
    local = template_localtime(moment)
    return f"{_day(local)} {local.hour:02d}.{local.minute:02d}"
