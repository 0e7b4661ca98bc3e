"""The spelling check asked for by what happens to an item, in the same transaction: every
accepted action whose result has a checked text not yet checked (saved, handed in, corrected)
queues one. An unchanged text queues nothing."""

from __future__ import annotations

from django.dispatch import receiver

from tayang.items.models import Item
from tayang.items.signals import events_recorded
from tayang.language import checking
from tayang.sop.model import Sop


@receiver(events_recorded, sender=Item)
def _events_recorded(item: Item, sop: Sop, **kwargs: object) -> None:
    checking.request(item, sop)
