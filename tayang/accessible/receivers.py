"""Accessible formats asked for by what happens to an item, in the same transaction.

Every accepted action (``events_recorded``): once an item of an SOP that asks for formats is
handed in, any format not made from its text as it now stands is queued — at hand-in, after a
correction, after a send-back and a new hand-in. An item whose text did not change queues
nothing.
"""

from __future__ import annotations

from django.dispatch import receiver

from tayang.accessible import making
from tayang.accessible.asked import asks_for_formats
from tayang.items.models import Item
from tayang.items.signals import events_recorded
from tayang.sop.model import Sop


@receiver(events_recorded, sender=Item)
def _events_recorded(item: Item, sop: Sop, **kwargs: object) -> None:
    if asks_for_formats(sop):
        making.request(item, sop)
