"""Enqueuing deliveries and withdrawals: now, or deferred to a time when the backend can defer.

A backend that cannot defer (the immediate backend of the tests) gets nothing enqueued for a
later time: the sweep (:mod:`tayang.channels.sweep`) enqueues publications when they fall
due, which is also what recovers any enqueue lost to a crash.
"""

from __future__ import annotations

from datetime import datetime

from tayang.channels import tasks
from tayang.outbox.batch import enqueue_on_commit
from tayang.outbox.queue import enqueue, will_enqueue

__all__ = ["deliver_later", "deliver_on_commit", "will_enqueue", "withdraw_later"]


def deliver_later(publication_id: int, due: datetime | None = None) -> None:
    enqueue(tasks.deliver, publication_id, due=due)


def deliver_on_commit(publication_id: int, due: datetime | None = None) -> None:
    """:func:`deliver_later` once the transaction commits, with its other tasks (one INSERT)."""
    enqueue_on_commit(tasks.deliver, publication_id, due=due)


def withdraw_later(publication_id: int) -> None:
    enqueue(tasks.withdraw, publication_id)
