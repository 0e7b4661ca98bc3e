"""The background tasks of publishing, through Django's Tasks interface.

They take a publication's id and are safe to run twice or late: each claims its publication
first (:mod:`tayang.channels.delivery`) and does nothing when it is not due, already held, or
already done. A delivery that comes back later (a retry, waiting for the website) is
enqueued again here, after the delivery has committed its new due time: the delivery itself
never enqueues, so this module is the only one that imports both (no import circle).
"""

from __future__ import annotations

from django.tasks import task

from tayang.channels import delivery
from tayang.items.models import Publication
from tayang.outbox.queue import enqueue


@task()
def deliver(publication_id: int) -> str:
    result = delivery.deliver(publication_id)
    if result in delivery.COMES_BACK:
        due = (
            Publication.objects.filter(pk=publication_id, state__in=delivery.PUBLICATIONS.waiting)
            .values_list("due_at", flat=True).first()
        )
        if due is not None:
            enqueue(deliver, publication_id, due=due)
    return result


@task()
def withdraw(publication_id: int) -> str:
    return delivery.withdraw(publication_id)
