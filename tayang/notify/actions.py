"""What a person does with their notifications: read them, send one again."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tayang.notify import tasks
from tayang.notify.dispatch import DELIVERIES
from tayang.notify.models import Delivery, Notification
from tayang.outbox.queue import enqueue

State = Delivery.State


def mark_read(user: AbstractBaseUser, notification_ids: list[int] | None = None) -> int:
    """Mark the person's notifications (all unread ones when no ids are given) as read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def resend(delivery_id: int) -> bool:
    """A failed or uncertain delivery, queued again now (asked by its person or an admin).

    A new request: fresh attempts and journal (the person says it did not arrive), same
    idempotency key (the e-mail keeps its Message-ID, so a copy that did arrive shows once).
    """
    with transaction.atomic():
        delivery = DELIVERIES.locked(delivery_id)
        if delivery is None or delivery.state not in (State.FAILED, State.UNCERTAIN):
            return False
        now = timezone.now()
        Delivery.objects.filter(pk=delivery.pk).update(
            state=State.QUEUED, due_at=now, attempts=0, lease_until=None, error="",
            error_detail="", enqueued_at=now, journal={},
        )
        transaction.on_commit(lambda: enqueue(tasks.send, delivery.pk))
    return True
