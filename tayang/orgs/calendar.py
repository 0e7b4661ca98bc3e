"""The working calendar of an organization: national holidays, cuti bersama, its own days."""

from __future__ import annotations

from tayang.engine.calendar import WEEKENDS_AND_HOLIDAYS, WorkCalendar
from tayang.orgs.models import ClosedDay, Organization
from tayang.sop.model import Sop, TimeKind


def calendar_for(organization: Organization, sop: Sop) -> WorkCalendar:
    """What the engine needs to count ``sop``'s working days in ``organization``.

    Only an SOP with a standard in working days reads the organization's closed days; every
    other action costs no query for it.
    """
    if not any(step.time and step.time.kind is TimeKind.WORKDAYS for step in sop.steps):
        return WEEKENDS_AND_HOLIDAYS
    days = ClosedDay.objects.filter(organization=organization).values_list("day", flat=True)
    return WorkCalendar(closed=frozenset(days))
