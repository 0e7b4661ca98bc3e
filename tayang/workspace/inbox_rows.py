"""The inbox's rows as plain text, worked out in Python once per row.

A row read through the template language (``row.item.taken_by.get_full_name``, a ``{% url %}``
and a ``{% time_left_of %}`` each) cost the inbox about half its CPU: every dotted name is
tried as a key, an attribute and a call before it resolves (issue 16,
``docs/performance.md``). Here each value is computed once, with the very functions the
template's filters call, so the page is the same to the byte; the template only places the
words (and escapes them: nothing here is marked safe).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.text import capfirst

from tayang.items.models import STATUS_LABELS, register_code
from tayang.orgs.models import Organization
from tayang.sop.model import Sop
from tayang.web.paths import path_to
from tayang.web.templatetags.html_time import html_datetime
from tayang.workspace.dates import deadline_text
from tayang.workspace.step_text import shortened, truncated
from tayang.workspace.time_left import time_left

type Row = dict[str, Any]

# The columns the rows show, read as values rather than as model instances (a page of items
# and their holders made as instances cost more than its SQL); the sent-back responses are
# looked up by pk, step and step_entered_at.
WAITING_COLUMNS = ("pk", "title", "register_number", "register_year", "step",
                   "step_entered_at", "due_limit", "due_target", "procedure_version_id",
                   "taken_by_id", "taken_by__first_name", "taken_by__last_name",
                   "taken_by__username")
MINE_COLUMNS = ("pk", "title", "register_number", "register_year", "status", "step",
                "step_entered_at", "procedure_version_id")


def waiting_row(item: Row, sop: Sop, now: datetime, organization: Organization,
                user_id: int, sent_back: Row | None) -> Row:
    """A row of "Menunggu tindakan saya", from an item's :data:`WAITING_COLUMNS`."""
    step = sop.step(item["step"]) if item["step"] else None
    target, limit = item["due_target"], item["due_limit"]
    overdue = limit is not None and limit <= now
    return {
        "href": path_to("workspace:item", org=organization.slug, pk=item["pk"]),
        "title": item["title"] or "(tanpa judul)",
        "register_code": register_code(item["register_number"], item["register_year"]),
        "step_number": step.number if step else "",
        "step_activity": shortened(step.activity, 90) if step else "",
        "overdue": overdue,
        "past_target": not overdue and target is not None and target <= now,
        "time_left": capfirst(time_left(target, limit, now).text),
        "due_datetime": html_datetime(limit),
        "due_text": deadline_text(limit, organization.zone_abbreviation,
                                  organization.zone) if limit is not None else "",
        "time_text": step.time.text if step and step.time else "",
        "holder": _name(item, "taken_by") if item["taken_by_id"] is not None else "",
        "held_by_me": item["taken_by_id"] == user_id,
        "sop_name": sop.identity.name,
        "sent_back": _sent_back(sent_back),
    }


def mine_row(item: Row, sop: Sop, organization: Organization,
             sent_back: Row | None) -> Row:
    """A row of "Konten yang saya buat", from an item's :data:`MINE_COLUMNS`."""
    step = sop.step(item["step"]) if item["step"] else None
    return {
        "href": path_to("workspace:item", org=organization.slug, pk=item["pk"]),
        "title": item["title"] or "(tanpa judul)",
        "register_code": register_code(item["register_number"], item["register_year"]),
        "status": item["status"],
        # get_status_display(): the field's choices are STATUS_LABELS.
        "status_label": str(STATUS_LABELS.get(item["status"], item["status"])),
        "at_step": step is not None,
        "step_number": step.number if step else "",
        "step_activity": shortened(step.activity, 70) if step else "",
        "sent_back": _sent_back(sent_back),
    }


def _sent_back(response: Row | None) -> dict[str, str] | None:
    """The text and author of a response from ``sent_back_responses``."""
    if response is None:
        return None
    return {"text": truncated(response["text"], 240), "author": _name(response, "author")}


def _name(row: Row, user: str) -> str:
    """``user.get_full_name|default:user.username`` of the user joined to ``row`` as
    ``user__first_name`` and so on (Django's User.get_full_name: first and last name joined,
    stripped)."""
    full = f"{row[user + '__first_name']} {row[user + '__last_name']}".strip()
    return full or row[user + "__username"]
