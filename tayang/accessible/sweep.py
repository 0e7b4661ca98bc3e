"""The accessible formats' sweep, run by every worker (:mod:`tayang.outbox.sweeps`).

Formats whose worker died go back to the queue; due ones without a waiting task (a retry time
reached, an enqueue lost to a crash or made while no worker ran) get one.
"""

from __future__ import annotations

from django.utils import timezone

from tayang.accessible import tasks
from tayang.accessible.making import FORMATS

BATCH = 200


def make_due() -> dict[str, int]:
    return FORMATS.hand_on(tasks.make, timezone.now(), limit=BATCH)
