"""Finding publications that need a worker and have none.

Registered with the worker's sweeps (:mod:`tayang.outbox.sweeps`, run every
``TAYANG_SWEEP_SECONDS``) and usable on its own (``manage.py publish_sweep``). It repairs three
things, all idempotently:

* a publication held by a worker that died (its lease ran out) goes back to the queue — its
  journal still says an attempt may have posted, so the next attempt looks before it posts;
* a publication due now (a scheduled time reached, a retry time reached, an enqueue lost to a
  crash) whose task is not known to be waiting gets one;
* a withdrawal held by a dead worker is handed on the same way.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from tayang.channels import queue
from tayang.channels.delivery import PUBLICATIONS
from tayang.channels.models import WEBSITE
from tayang.items.models import Publication
from tayang.outbox.rows import ENQUEUE_GRACE

State = Publication.State


def sweep(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    interrupted = PUBLICATIONS.recover(
        now,
        error="Pengiriman sebelumnya terhenti (proses pekerja berhenti). Tayang memeriksa "
              "platformnya sebelum mengirim lagi.",
    )
    withdrawals = list(
        Publication.objects.filter(state=State.WITHDRAWING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - ENQUEUE_GRACE))
        .values_list("pk", flat=True)
    )
    # The website first: the other channels link to it.
    due = PUBLICATIONS.due(now, order_by=(
        Case(When(channel=WEBSITE, then=Value(0)), default=Value(1),
             output_field=IntegerField()), "due_at", "pk",
    ))
    PUBLICATIONS.mark_enqueued(due + withdrawals)
    for pk in withdrawals:
        queue.withdraw_later(pk)
    for pk in due:
        queue.deliver_later(pk)
    return {"interrupted": interrupted, "enqueued": len(due), "withdrawals": len(withdrawals)}
