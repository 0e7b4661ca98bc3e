"""The spelling check's sweep, run by every worker (:mod:`tayang.outbox.sweeps`): checks whose
worker died go back to the queue; due ones without a waiting task get one."""

from __future__ import annotations

from django.utils import timezone

from tayang.language import tasks
from tayang.language.checking import CHECKS

BATCH = 200


def check_due() -> dict[str, int]:
    now = timezone.now()
    interrupted = CHECKS.recover(now)
    due = CHECKS.due(now, limit=BATCH)
    CHECKS.mark_enqueued(due)
    for pk in due:
        tasks.check.enqueue(pk)
    return {"interrupted": interrupted, "enqueued": len(due)}
