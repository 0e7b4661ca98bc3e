"""The background tasks of publishing, through Django's Tasks interface.

They take a publication's id and are safe to run twice or late: each claims its publication
first (:mod:`tayang.channels.delivery`) and does nothing when it is not due, already held, or
already done.
"""

from __future__ import annotations

from django.tasks import task

from tayang.channels import delivery, sweep


@task()
def deliver(publication_id: int) -> str:
    return delivery.deliver(publication_id)


@task()
def withdraw(publication_id: int) -> str:
    return delivery.withdraw(publication_id)


@task()
def sweep_publications() -> dict[str, int]:
    return sweep.sweep()
