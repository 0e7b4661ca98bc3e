"""Tasks for the worker-recycling test: one that leaves the worker large, one that reports."""

from __future__ import annotations

import os
from pathlib import Path

from django.tasks import task

# What a loaded library and a fragmented heap look like to the worker: memory it keeps.
_KEPT: list[bytes] = []


@task()
def grow(megabytes: int) -> int:
    _KEPT.append(os.urandom(megabytes * 1024 * 1024))
    return os.getpid()


@task()
def report(path: str) -> int:
    from tayang.outbox.recycle import resident_mb

    Path(path).write_text(f"{os.getpid()} {resident_mb():.1f} {len(_KEPT)}")
    return os.getpid()
