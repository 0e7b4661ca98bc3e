"""Whether an SOP's items get accessible formats without anyone asking (no heavy imports: the
channels' posters ask it too)."""

from __future__ import annotations

from tayang.sop.model import CheckKind, Destination, Sop


def asks_for_formats(sop: Sop) -> bool:
    """An SOP that announces (seed D's *Pengumuman*) or names the ``accessible_formats`` check."""
    if Destination.ANNOUNCEMENTS.value in sop.destinations:
        return True
    return any(requirement.check is CheckKind.ACCESSIBLE_FORMATS
               for step in sop.steps for requirement in step.requirements)
