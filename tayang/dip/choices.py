"""The DIP entries an announcement may link to: the organization's public ones."""

from __future__ import annotations

from tayang.dip.models import Entry
from tayang.orgs.models import Organization


def dip_choices(organization: Organization) -> list[tuple[str, str]]:
    """(stored value, label) pairs; the stored value is the entry's number in the list."""
    return [
        (entry.number, f"{entry.number} — {entry.summary[:80]}")
        for entry in Entry.objects.filter(organization=organization).public().order_by("number")
    ]
