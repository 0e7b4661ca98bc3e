"""The notification app's answers to what happens elsewhere, inside the same transaction.

* ``events_recorded`` (an action on an item): arrivals, send-backs and the wake-ups the time
  standards ask for (:mod:`tayang.items.signals`);
* ``publication_state_changed`` (a channel's publication): published, failed, to be checked
  (:mod:`tayang.channels.signals`);
* a membership saved: a person who wants a daily digest gets one for their new organization.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db.models.signals import post_save
from django.dispatch import receiver

from tayang.channels.signals import publication_state_changed
from tayang.engine import events as ev
from tayang.engine.state import ItemState
from tayang.items.models import Item, Publication
from tayang.items.signals import events_recorded
from tayang.notify import digests, occasions, wakeups
from tayang.orgs.models import Membership
from tayang.sop.model import Sop


@receiver(events_recorded, sender=Item)
def _events_recorded(item: Item, sop: Sop, events: Sequence[ev.Event],
                     user: AbstractBaseUser, state: ItemState | None = None,
                     **kwargs: object) -> None:
    wakeups.keep(item, [event for event in events if isinstance(event, ev.ReminderDue)],
                 entered=[(event.step, event.at) for event in events
                          if isinstance(event, ev.StepEntered)],
                 created=any(isinstance(event, ev.Created) for event in events))
    # A response written on accepting (``accept_response``) is no sending back: the item
    # arrives at its next step like any other.
    response = next((event for event in events if isinstance(event, ev.ResponseWritten)
                     and event.kind == ev.ResponseKind.SENT_BACK), None)
    # The visit the item now waits in began in this transaction, under the item's lock:
    # nobody has been told of it yet (no look-up of who was).
    fresh = any(isinstance(event, ev.StepEntered) and event.step == item.step
                and event.at == item.step_entered_at for event in events)
    if response is not None:
        occasions.sent_back(item, sop, response, user, fresh=fresh, state=state)
    elif any(isinstance(event, ev.StepEntered) for event in events):
        occasions.arrival(item, sop, user, fresh=fresh, state=state)


@receiver(publication_state_changed, sender=Publication)
def _publication_state_changed(publication: Publication,
                               publications: list[Publication] | None = None,
                               **kwargs: object) -> None:
    occasions.publication_changed(publication, publications)


@receiver(post_save, sender=Membership)
def _membership_saved(instance: Membership, **kwargs: object) -> None:
    digests.schedule(instance.user)
