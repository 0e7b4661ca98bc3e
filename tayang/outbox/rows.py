"""Outbox rows held by one worker at a time: claim under a lease, guarded writes, recovery.

Every outbox model has these columns, whatever else it stores: ``state``, ``due_at`` (when it
may go out: now, a scheduled time, the next retry), ``attempts``, ``lease_until`` (a worker
holds the row until then; a lease that runs out means the worker died), ``enqueued_at`` (a
task is known to be waiting for it), ``idempotency_key`` (stable across the attempts of one
request), ``journal`` (see :mod:`tayang.outbox.journal`), ``error`` and ``error_detail``.

:class:`Outbox` names the model and which of its states mean *waiting*, *held by a worker* and
*retrying later*; its methods are the writes that make a row carried out once:

1. :meth:`Outbox.claim` — one short transaction: only a due, unheld row is taken, it becomes
   *working* with a lease, so a second worker or a duplicate task finds nothing to do;
2. :meth:`Outbox.guarded` — every later write is conditional on the row still being this
   attempt's (same idempotency key, still *working*): a newer request is never overwritten by
   an old attempt;
3. :meth:`Outbox.recover` — a row whose lease ran out goes back to *retrying*, due now.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from tayang.outbox.queue import enqueue

# A task enqueued this long ago and still not run is presumed lost, and enqueued again.
ENQUEUE_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class Outbox:
    """One kind of outbox row: its model, the names of its states, its lease."""

    model: type[models.Model]
    waiting: tuple[str, ...]  # states a worker may claim it in (queued, retrying)
    working: str  # held by a worker
    retrying: str  # failed for now; due again at ``due_at``
    lease_setting: str  # the setting holding the lease, in seconds
    related: tuple[str, ...] = ()  # select_related when claiming
    # How a change of state is written: ``write(rows, **changes)`` returning the rows changed.
    # Publications pass ``channels.transitions.update``, which keeps their tallies.
    write: Callable[..., int] | None = None

    def _write(self, rows: models.QuerySet, **changes: Any) -> int:
        if self.write is not None:
            return self.write(rows, **changes)
        return rows.update(**changes)

    def lease(self) -> timedelta:
        return timedelta(seconds=float(getattr(settings, self.lease_setting)))

    def locked(self, pk: int) -> Any:
        """The row under a row lock (inside the caller's transaction), or None.

        Only the row itself is locked (``of=("self",)``): PostgreSQL refuses to lock the
        nullable side of an outer join (a notification about no item), and nothing else here
        needs a lock.
        """
        return (
            self.model._default_manager.select_for_update(of=("self",))
            .select_related(*self.related).filter(pk=pk).first()
        )

    def claim(self, pk: int, now: datetime) -> Any:
        """Take the row for one attempt if it is due and free; None otherwise."""
        with transaction.atomic():
            row = self.locked(pk)
            if row is None or row.state not in self.waiting:
                return None
            if row.due_at and row.due_at > now:
                return None
            if row.lease_until and row.lease_until > now:
                return None
            changes = {"state": self.working, "attempts": row.attempts + 1,
                       "lease_until": now + self.lease(), "enqueued_at": None}
            self._write(self.model._default_manager.filter(pk=row.pk), **changes)
            for name, value in changes.items():
                setattr(row, name, value)
        return row

    def guarded(self, row: Any) -> models.QuerySet:
        """The row as long as it is still this attempt's (same request, still held)."""
        return self.model._default_manager.filter(
            pk=row.pk, idempotency_key=row.idempotency_key, state=self.working
        )

    def retry_later(self, row: Any, due: datetime, **fields: Any) -> bool:
        """Back to *retrying* at ``due``; True when this attempt still held the row.

        ``enqueued_at`` is set because the caller enqueues the retry's task; the sweep enqueues
        it again only if that task is lost.
        """
        return bool(self._write(
            self.guarded(row), state=self.retrying, due_at=due, lease_until=None,
            enqueued_at=timezone.now(), **fields,
        ))

    def recover(self, now: datetime, **fields: Any) -> int:
        """Rows held by a worker that died (lease run out): retrying, due now."""
        return self._write(
            self.model._default_manager.filter(state=self.working, lease_until__lt=now),
            state=self.retrying, due_at=now, lease_until=None, enqueued_at=None, **fields)

    def due(self, now: datetime, *, order_by: Sequence[Any] = ("due_at", "pk"),
            limit: int | None = None) -> list[int]:
        """Waiting rows that are due, free, and have no task known to be waiting for them."""
        found = (
            self.model._default_manager.filter(state__in=self.waiting, due_at__lte=now)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - ENQUEUE_GRACE))
            .order_by(*order_by).values_list("pk", flat=True)
        )
        return list(found[:limit] if limit else found)

    def mark_enqueued(self, pks: Sequence[int]) -> None:
        if pks:
            self.model._default_manager.filter(pk__in=pks).update(enqueued_at=timezone.now())

    def hand_on(self, task: Any, now: datetime, *, limit: int) -> dict[str, int]:
        """A sweep's round: rows whose worker died go back to the queue, and due rows with no
        waiting task get one (``task(pk)``). The counts are what the sweep logs."""
        interrupted = self.recover(now)
        due = self.due(now, limit=limit)
        self.mark_enqueued(due)
        for pk in due:
            enqueue(task, pk)
        return {"interrupted": interrupted, "enqueued": len(due)}
