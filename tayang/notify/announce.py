"""Telling people: a notification each, and a delivery per medium they chose (the outbox).

The deliveries are written with the notification, in the caller's transaction; their tasks
are enqueued once it commits (or deferred to the end of the person's quiet hours). If the
process dies before the enqueue, the sweep finds the due rows: nothing is lost.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser

from tayang.items.models import Item
from tayang.notify import notices, tasks
from tayang.notify.compose import Words
from tayang.notify.models import Delivery, Kind, Medium, Notification, Preference
from tayang.notify.models.messages import URGENT
from tayang.notify.preferences import (
    chosen_media,
    messaging_of,
    needs_messaging,
    preference_of,
    preferences_of,
)
from tayang.notify.quiet import quiet_until
from tayang.orgs.models import Organization
from tayang.outbox.batch import enqueue_on_commit
from tayang.outbox.queue import will_enqueue
from tayang.rows.inserting import insert, new

IN_WORKSPACE_ONLY = frozenset({Kind.DELIVERY_FAILED})  # never a message about a message


def announce(people: Iterable[AbstractBaseUser], *, kind: Kind, organization: Organization,
             key: str, words: Words, at: datetime, item: Item | None = None, link: str = "",
             step: str = "", visit: datetime | None = None,
             fresh: bool = False) -> list[Notification]:
    """``fresh``: nobody can have been told of this occasion yet (``notices.write``)."""
    written = notices.write(people, kind=kind, organization=organization, key=key,
                            words=words, at=at, item=item, link=link, step=step, visit=visit,
                            fresh=fresh)
    if kind in IN_WORKSPACE_ONLY:
        return written
    if not written:
        return written
    # Read once for everyone told, not once per person (docs/performance.md, the flow).
    preferences = preferences_of(notification.user for notification in written)
    # Telegram and WhatsApp need the organization's messaging; nobody choosing them, no read.
    messaging = messaging_of(organization) if needs_messaging(preferences.values()) else None
    deliveries = []
    for notification in written:
        person, preference = notification.user, preferences[notification.user.pk]
        due = send_time(person, organization, kind, at, preference=preference)
        deliveries += [delivery(notification, medium, due)
                       for medium in chosen_media(person, organization, preference, messaging)]
    # Everyone's deliveries in one INSERT (it was one each), then their tasks, batched with
    # the transaction's other tasks (one INSERT after the commit, tayang/outbox/batch.py).
    insert(deliveries)
    for each in deliveries:
        enqueue_on_commit(tasks.send, each.pk, due=each.due_at)
    return written


def deliver(notification: Notification, medium: Medium | str, due: datetime) -> Delivery:
    """One delivery written and its task enqueued once the transaction commits."""
    made = delivery(notification, medium, due)
    insert([made])
    enqueue_on_commit(tasks.send, made.pk, due=due)
    return made


def delivery(notification: Notification, medium: Medium | str, due: datetime) -> Delivery:
    """The row (unsaved) of ``notification`` on ``medium``, due at ``due``."""
    return new(
        Delivery, notification=notification, medium=medium, due_at=due,
        idempotency_key=new_key(notification, str(medium)),
        # When a task will be waiting for it: the sweep leaves it alone until then.
        enqueued_at=due if will_enqueue(due) else None,
    )


def send_time(person: AbstractBaseUser, organization: Organization, kind: Kind,
              at: datetime, *, preference: Preference | None = None) -> datetime:
    """``at``, or the end of the person's quiet hours in the organization's zone."""
    preference = preference or preference_of(person)
    if not preference.quiet_enabled:
        return at
    if kind in URGENT and preference.escalations_in_quiet:
        return at
    return quiet_until(at, organization.zone, preference.quiet_start,
                       preference.quiet_end) or at


def new_key(notification: Notification, medium: str) -> str:
    """Unique per sending request; doubles as the e-mail's Message-ID."""
    return f"tayang-n{notification.pk}-{medium}-{secrets.token_hex(6)}"
