"""Enqueuing an outbox row's task: now, or deferred when the task backend can defer.

A backend that cannot defer (the immediate backend) gets nothing enqueued for a later time:
the sweeps (:mod:`tayang.outbox.sweeps`) enqueue rows when they fall due, which is also what
recovers any enqueue lost to a crash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.tasks import default_task_backend
from django.utils import timezone


def will_enqueue(due: datetime) -> bool:
    """Whether a task will be waiting for a row due then (else a sweep makes one)."""
    return due <= timezone.now() or default_task_backend.supports_defer


def enqueue(task: Any, *args: Any, due: datetime | None = None) -> None:
    """Enqueue ``task(*args)`` to run now, or at ``due`` when that is later."""
    if due is not None and due > timezone.now():
        if not default_task_backend.supports_defer:
            return
        task = task.using(run_after=due)
    task.enqueue(*args)
