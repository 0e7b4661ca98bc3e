"""The DIP entries an announcement may link to: the organization's public ones."""

from __future__ import annotations

from tayang.dip.models import Entry
from tayang.orgs.models import Organization
from tayang.sop.model import FieldKind, Sop


def dip_choices(organization: Organization) -> list[tuple[str, str]]:
    """(stored value, label) pairs; the stored value is the entry's number in the list."""
    return [
        (entry.number, f"{entry.number} — {entry.summary[:80]}")
        for entry in Entry.objects.filter(organization=organization).public().order_by("number")
    ]


def dip_choices_for(sop: Sop, organization: Organization) -> list[tuple[str, str]] | None:
    """:func:`dip_choices` when the SOP has a DIP entry field to choose them in, else None
    (not read: a content form of most SOPs never shows them)."""
    if not any(field.kind is FieldKind.DIP_ENTRY for field in sop.fields):
        return None
    return dip_choices(organization)
