"""The live check's dictionary, given back by a web process once nobody has written for a while.

The check while writing (:mod:`tayang.language.live`) loads Hunspell's Indonesian dictionary
into the web process that answers it: ~3 MB with the proposals made, on top of a process that
otherwise holds 76–80 (issue 16). While someone writes, the next check needs it at once; when
the writing stops, a process may answer pages for hours without one. So each check notes the
time (:func:`used`), and a watcher thread — one per process, started by the first check —
drops the dictionary and its proposals ``IDLE_SECONDS`` after the last one and hands the freed
heap back (:func:`tayang.heap.release`). The next check loads it again (~18 ms). The worker does
the same when its queue is empty (:mod:`tayang.outbox.idle`).
"""

from __future__ import annotations

import threading
import time

from tayang import heap
from tayang.language import spelling

IDLE_SECONDS = 300.0  # five minutes without a check: the author has stopped writing
_lock = threading.Lock()
_last_used = 0.0
_watcher: threading.Thread | None = None


def used() -> None:
    """A live check has just used the dictionary."""
    global _last_used, _watcher
    _last_used = time.monotonic()
    if _watcher is None:
        with _lock:
            if _watcher is None:
                _watcher = threading.Thread(target=_watch, name="kamus-istirahat", daemon=True)
                _watcher.start()


def _watch() -> None:
    while True:
        idle = time.monotonic() - _last_used
        if idle >= IDLE_SECONDS:
            if spelling.dictionary.cache_info().currsize:
                spelling.forget()  # a check under way keeps its own reference until it ends
                heap.release()
            time.sleep(IDLE_SECONDS)
        else:
            time.sleep(IDLE_SECONDS - idle)
