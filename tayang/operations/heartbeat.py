"""The workers' heartbeat: each worker renews its row; readiness asks whether any is recent.

A worker that stops cleanly removes its row; one that dies leaves it to go stale, and rows
not renewed for a day are removed by the other workers' beats.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from tayang.operations.models import WorkerHeartbeat

FORGET_AFTER = timedelta(days=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def stale_after() -> timedelta:
    """How old the newest beat may be before no worker counts as running: four sweep rounds,
    and never under a minute (a busy sweep round is not a dead worker)."""
    default = max(60.0, 4 * settings.TAYANG_SWEEP_SECONDS)
    return timedelta(seconds=float(getattr(settings, "TAYANG_HEARTBEAT_STALE_SECONDS", 0)
                                   or default))


def beat(name: str, started_at: datetime) -> None:
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(name=name).update(seen_at=now)
    if not updated:
        host, _, pid = name.rpartition(":")
        WorkerHeartbeat.objects.update_or_create(
            name=name, defaults={"host": host[:150], "pid": int(pid or 0),
                                 "started_at": started_at, "seen_at": now},
        )
        WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def stop(name: str) -> None:
    WorkerHeartbeat.objects.filter(name=name).delete()


def running_workers() -> int:
    """How many workers have beaten recently enough to count as running."""
    return WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - stale_after()).count()
