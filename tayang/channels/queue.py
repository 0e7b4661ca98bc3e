"""Enqueuing deliveries: now, or deferred to a time when the task backend can defer.

A backend that cannot defer (the immediate backend of the tests) gets nothing enqueued for a
later time: the sweep (:mod:`tayang.channels.sweep`) enqueues publications when they fall
due, which is also what recovers any enqueue lost to a crash.
"""

from __future__ import annotations

from datetime import datetime

from django.tasks import default_task_backend
from django.utils import timezone


def will_enqueue(due: datetime) -> bool:
    """Whether a task will be waiting for a publication due then (else the sweep makes one)."""
    return due <= timezone.now() or default_task_backend.supports_defer


def deliver_later(publication_id: int, due: datetime | None = None) -> None:
    from tayang.channels.tasks import deliver  # tasks import the delivery, which imports this

    _enqueue(deliver, publication_id, due)


def withdraw_later(publication_id: int) -> None:
    from tayang.channels.tasks import withdraw

    _enqueue(withdraw, publication_id, None)


def _enqueue(task: object, publication_id: int, due: datetime | None) -> None:
    if due is not None and due > timezone.now():
        if not default_task_backend.supports_defer:
            return
        task = task.using(run_after=due)  # type: ignore[attr-defined]
    task.enqueue(publication_id)  # type: ignore[attr-defined]
