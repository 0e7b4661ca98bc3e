"""The spelling check asked for by what happens to an item, in the same transaction: an item
created with its text, or an action that changed its content (saving, a hand-in with edits, a
correction), queues one when the checked text is not the one last checked. Other actions
(approving, publishing) never read the check's row."""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import receiver

from tayang.engine import events as ev
from tayang.items.models import Item
from tayang.items.signals import events_recorded
from tayang.language import checking
from tayang.sop.model import Sop


@receiver(events_recorded, sender=Item)
def _events_recorded(item: Item, sop: Sop, events: Iterable[object] = (),
                     **kwargs: object) -> None:
    if any(isinstance(event, (ev.Created, ev.ContentChanged)) for event in events):
        checking.request(item, sop, new=any(isinstance(event, ev.Created) for event in events))
