"""The sweeps every worker runs: one registry, one thread (``manage.py worker``).

A sweep is a function of no arguments that finds rows needing a worker and returns counts of
what it did (``{"enqueued": 2}``). Apps register theirs in ``AppConfig.ready()``; the worker
runs every registered sweep at start and every ``TAYANG_SWEEP_SECONDS``, and
``manage.py sweep`` runs them once. Every sweep must be safe to run in several workers at once.
One sweep failing never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger("tayang.outbox.sweeps")

type Sweep = Callable[[], dict[str, int]]

_registry: dict[str, Sweep] = {}


def register(name: str, sweep: Sweep) -> None:
    """Add (or replace) the sweep called ``name``."""
    _registry[name] = sweep


def registered() -> dict[str, Sweep]:
    return dict(_registry)


def run_all() -> dict[str, dict[str, int]]:
    """One round of every sweep; a failing one is logged and reported as ``{"error": 1}``."""
    found: dict[str, dict[str, int]] = {}
    for name, sweep in _registry.items():
        try:
            found[name] = sweep()
        except Exception:  # keep sweeping: one bad sweep must not end recovery for good
            log.exception("sweep %s failed", name)
            found[name] = {"error": 1}
    return found
