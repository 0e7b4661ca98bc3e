"""Whatever changes the DIP changes the public-information page: new cache keys and ETags;
and an announcement published to the DIP brings its entry up to date."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from tayang.dip.models import Decree, Document, Entry
from tayang.engine.events import PublishRequested
from tayang.items.models import Item
from tayang.items.signals import publish_requested
from tayang.public.index import bump
from tayang.sop.model import Destination, FieldKind


@receiver([post_save, post_delete], sender=Entry)
@receiver([post_save, post_delete], sender=Decree)
def _entry_or_decree_changed(sender: type, instance: Entry | Decree, **kwargs: Any) -> None:
    bump(instance.organization_id)


@receiver([post_save, post_delete], sender=Document)
def _document_changed(sender: type, instance: Document, **kwargs: Any) -> None:
    bump(instance.entry.organization_id)


@receiver(publish_requested, sender=Item)
def _announced(item: Item, event: PublishRequested, user: Any, **kwargs: Any) -> None:
    """An SOP that publishes to the DIP (``destinations: [dip]``, seed D) updates the entry the
    announcement belongs to: it is now up to date, and the six-month flag on periodic entries
    starts again. Written in the publishing transaction, like every other destination."""
    sop = item.procedure_version.sop
    if Destination.DIP.value not in sop.destinations:
        return
    numbers = [
        str(item.values.get(item_field.key) or "") for item_field in sop.fields
        if item_field.kind is FieldKind.DIP_ENTRY
    ]
    today = timezone.localdate(event.at, item.organization.zone)
    for entry in Entry.objects.filter(organization_id=item.organization_id,
                                      number__in=[n for n in numbers if n]):
        if entry.updated_on != today:
            entry.updated_on = today
            entry.save(update_fields=["updated_on"])
