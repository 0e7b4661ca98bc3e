"""Giving memory back after each background task.

The worker's tasks decode photos (web sizes, notice-board posters) and typeset PDFs: tens of
megabytes for a moment. Freed, that memory stays with the process (glibc keeps its heap for
reuse), so a worker that once made a poster stays that large all day. After each task it is
handed back to the system (``malloc_trim``); elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from typing import Any


@cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return library if library is not None and hasattr(library, "malloc_trim") else None


def release(**kwargs: Any) -> None:
    """A ``task_finished`` receiver: return the freed heap to the system."""
    library = _libc()
    if library is not None:
        library.malloc_trim(0)
