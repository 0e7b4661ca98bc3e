"""How a Tayang process keeps its memory: settled at start, frozen once loaded, given back.

* **At start** (:func:`settle`, called by the web entry point and the worker): allocations of
  128 KiB and more get their own memory map, returned to the system as soon as they are freed.
  glibc's default raises that threshold to the largest block ever freed, so after one big
  response or sort (a sitemap, a long news list, SQLite's sorter) every later buffer of that
  size stays in the heap for good: a granian process that had served the public pages and a
  few staff pages held 87–102 MB, and 78–85 MB with the threshold fixed (docs/performance.md).
  One arena for all threads instead of one per thread, as ``MALLOC_ARENA_MAX=1`` in
  ``scripts/run.sh`` and the systemd unit, also when the server is started some other way: the
  threads mostly take turns under Python's lock, and each arena kept its own free pages. Those
  two also turn glibc's per-thread caches off (``GLIBC_TUNABLES``, which only the environment
  can set): each of a server's eight threads kept up to ~0.2 MB of freed blocks. granian's own
  Rust code allocates from a jemalloc of its own, set the same way (``_RJEM_MALLOC_CONF``).
* **Once loaded** (:func:`freeze`, by the same two): what the process has loaded by then —
  Django, the apps, the URL table, some 100,000 objects — is moved out of the cyclic garbage
  collector's way (``gc.freeze``). A full collection walked all of them every few hundred
  requests: a 35 ms pause in a register page of 20 ms (docs/performance.md). Only what is made
  afterwards is walked. What loading freed is then handed back (``malloc_trim``, up to ~1 MB).
* **Once warm** (:func:`freeze_when_warm`, a ``request_finished`` receiver of the web process):
  the first requests compile templates and fill the per-process tables, tens of thousands of
  objects that live as long as the process; after ``WARM_REQUESTS`` they are frozen too, once.
  Before, a full collection over them paused a register search for 40 ms now and then (one
  of twenty requests: its p95 went from 24 to 40 ms).
* **After each background task** (:func:`release`, a ``task_finished`` receiver): the worker's
  tasks decode photos and typeset PDFs, tens of megabytes for a moment; ``malloc_trim`` hands
  the freed heap back rather than keeping it all day.

Elsewhere than glibc, :func:`settle` and :func:`release` do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from functools import cache
from typing import Any

M_MMAP_THRESHOLD = -3  # mallopt parameters, <malloc.h>
M_ARENA_MAX = -8
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept fixed
ARENAS = 1


@cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    if library is None or not hasattr(library, "malloc_trim") or not hasattr(library, "mallopt"):
        return None
    return library


def settle() -> bool:
    """Fix the heap's policy for this process; False where the C library is not glibc."""
    library = _libc()
    if library is None:
        return False
    # An explicit threshold also turns off glibc's raising of it (and of the trim threshold).
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        library.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    if "MALLOC_ARENA_MAX" not in os.environ:
        library.mallopt(M_ARENA_MAX, ARENAS)
    return True


def freeze() -> None:
    """Keep every object made so far out of the garbage collector's passes (call once the
    process has loaded what it serves with)."""
    gc.collect()  # what is garbage already is not kept for ever
    gc.freeze()
    release()  # and what loading freed goes back to the system (up to ~1 MB of a web process)


WARM_REQUESTS = 200
_served = 0


def freeze_when_warm(**kwargs: Any) -> None:
    """A ``request_finished`` receiver: after the process's ``WARM_REQUESTS``-th request,
    freeze what the first requests made (:func:`freeze`; one collection, tens of ms, once),
    then stop listening."""
    global _served
    _served += 1
    if _served == WARM_REQUESTS:
        from django.core.signals import request_finished

        freeze()
        request_finished.disconnect(freeze_when_warm)


def release(**kwargs: Any) -> None:
    """A ``task_finished`` receiver: return the freed heap to the system."""
    library = _libc()
    if library is not None:
        library.malloc_trim(0)
