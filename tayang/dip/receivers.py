"""Whatever changes the DIP changes the public-information page: new cache keys and ETags."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tayang.dip.models import Decree, Document, Entry
from tayang.public.index import bump


@receiver([post_save, post_delete], sender=Entry)
@receiver([post_save, post_delete], sender=Decree)
def _entry_or_decree_changed(sender: type, instance: Entry | Decree, **kwargs: Any) -> None:
    bump(instance.organization_id)


@receiver([post_save, post_delete], sender=Document)
def _document_changed(sender: type, instance: Document, **kwargs: Any) -> None:
    bump(instance.entry.organization_id)
