"""``{% time_left_of item as left %}``: how long is left before the item's target and limit;
``|deadline``: a due time as people read it ("Sabtu, 6 Des 2026, pukul 14.00 WIB")."""

from datetime import datetime

from django import template
from django.utils import timezone

from tayang.items.models import Item
from tayang.orgs.models import Organization
from tayang.workspace.dates import deadline_text
from tayang.workspace.time_left import TimeLeft, time_left

register = template.Library()


@register.simple_tag
def time_left_of(item: Item) -> TimeLeft:
    """``left.text`` ("2 jam lagi", "terlambat 1 hari"), ``left.overdue``, ``left.past_target``."""
    return time_left(item.due_target, item.due_limit, timezone.now())


@register.filter
def deadline(moment: datetime | None, organization: Organization) -> str:
    """``{{ item.due_limit|deadline:request.organization }}``: "Sabtu, 6 Des 2026" (a Hari H
    limit) or "Sabtu, 6 Des 2026, pukul 14.00 WIB"."""
    if moment is None:
        return ""
    return deadline_text(moment, organization.zone_abbreviation, organization.zone)
