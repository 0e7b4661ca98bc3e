"""The background task of notifications: send one delivery (Django's Tasks interface).

Safe to run twice or late: it claims its delivery first (:mod:`tayang.notify.dispatch`) and
does nothing when it is not due, held, or done. A delivery that comes back later (a retry) is
enqueued again here, after the dispatch has committed its new due time.
"""

from __future__ import annotations

from django.tasks import task

from tayang.notify.models import Delivery
from tayang.outbox.queue import enqueue


@task()
def send(delivery_id: int) -> str:
    # Imported here: sending needs httpx (14 MB), which a web process that only enqueues never
    # loads (docs/performance.md, memory).
    from tayang.notify import dispatch

    result = dispatch.send(delivery_id)
    if result in dispatch.COMES_BACK:
        due = (Delivery.objects.filter(pk=delivery_id, state__in=dispatch.DELIVERIES.waiting)
               .values_list("due_at", flat=True).first())
        if due is not None:
            enqueue(send, delivery_id, due=due)
    return result
