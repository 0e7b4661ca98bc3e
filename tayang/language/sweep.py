"""The spelling check's sweep, run by every worker (:mod:`tayang.outbox.sweeps`): checks whose
worker died go back to the queue; due ones without a waiting task get one; and items that have
never been checked (made before the check existed) get their first check, a batch at a time,
newest first."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tayang.items.models import Item
from tayang.language import checking, tasks
from tayang.language.checking import CHECKS

BATCH = 200


def check_due() -> dict[str, int]:
    return {**CHECKS.hand_on(tasks.check, timezone.now(), limit=BATCH),
            "first": first_checks()}


def first_checks() -> int:
    """Queue the first check of items that have none yet; how many were queued."""
    never = (Item.objects.filter(spelling__isnull=True)
             .select_related("procedure_version__procedure").order_by("-pk")[:BATCH])
    queued = 0
    for item in never:
        with transaction.atomic():
            queued += checking.request(item, item.procedure_version.sop)
    return queued
