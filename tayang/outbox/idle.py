"""What a worker gives back once its batch is over: nothing else ready, nothing running.

Some tasks leave behind what makes the next task of their kind fast: Hunspell's dictionary and
the proposals it made (3.1 MB on the demo's backlog), the worker's database connection with
SQLite's prepared statements and page cache (0.9 MB). During a burst that is what it should
keep; once the queue is empty a worker may wait hours for its next task, holding it all that
time (docs/performance.md, "The worker under 80 MB"). So after a task that leaves nothing ready
(:class:`tayang.outbox.management.commands.worker.RecyclingWorker`), every function registered
here drops its cache, the worker's connection is closed and the freed heap handed back. The
next task of a kind loads its cache again (Hunspell's dictionary: ~18 ms).

Apps register theirs in ``AppConfig.ready()``. Only the worker's own thread calls
:func:`release`: the sweep thread closes its own connection after each round.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import connection

from tayang import heap

log = logging.getLogger("tayang.outbox.worker")

_registry: dict[str, Callable[[], None]] = {}


def register(name: str, forget: Callable[[], None]) -> None:
    """Add (or replace) what is dropped under ``name`` when the worker is idle."""
    _registry[name] = forget


def release() -> None:
    """Drop every registered cache, close this thread's connection, return the freed heap."""
    for name, forget in _registry.items():
        try:
            forget()
        except Exception:  # a cache that cannot be dropped must not stop the worker
            log.exception("could not release %s", name)
    connection.close()
    heap.release()
    log.info("pekerja menganggur: cache tugas dilepas (%s)", ", ".join(_registry) or "-")
