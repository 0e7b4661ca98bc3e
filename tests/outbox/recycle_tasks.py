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


@task()
def spell(word: str) -> bool:
    """Loads Hunspell's dictionary, as a spelling check does."""
    from tayang.language.spelling import dictionary

    return bool(dictionary().spell(word))


@task()
def dictionaries(path: str) -> int:
    """Writes how many dictionaries this worker holds loaded."""
    from tayang.language.spelling import dictionary

    loaded = dictionary.cache_info().currsize
    Path(path).write_text(str(loaded))
    return loaded
