"""A worker that gives its memory back by starting afresh once a task has left it large.

Making web sizes of 12 MP photos, typesetting posters and PDFs, encoding audio: each loads a
library (Pillow's decoders, Typst, PyAV, openpyxl) and decodes tens of megabytes for a moment.
``malloc_trim`` (``tayang.heap``) returns the freed heap, but the libraries stay
loaded and the heap stays fragmented, so a worker that once made a poster sat at 110–145 MB
all day (`bench scale`), against 65 MB at rest and the aim of 80 MB.

After a task, a worker whose resident memory is above ``TAYANG_WORKER_MAX_RSS_MB`` and that
finds nothing else ready to run replaces itself with a fresh copy of the same command
(``os.execv``: the same process id, so systemd, ``scripts/run.sh`` and the benchmarks see one
process throughout).
It is what Celery's ``worker_max_memory_per_child`` and gunicorn's ``max_requests`` do, without
a supervising parent: nothing is running when it happens (the task has finished and its
result is stored), and a task queued meanwhile waits in the database for the fresh worker.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from django.conf import settings
from django.db import connections

log = logging.getLogger("tayang.outbox.worker")
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def resident_mb() -> float:
    """This process's resident memory (``/proc/self/statm``: one small read, no parsing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):  # not Linux: never recycle
        return 0.0
    return pages * _PAGE_KB / 1024


def too_large() -> bool:
    limit = settings.TAYANG_WORKER_MAX_RSS_MB
    return bool(limit) and resident_mb() > limit


def restart() -> None:
    """Replace this process by a fresh run of the same command line (never returns)."""
    log.info("pekerja dimulai ulang: memori %.0f MB di atas batas %s MB", resident_mb(),
             settings.TAYANG_WORKER_MAX_RSS_MB)
    connections.close_all()
    logging.shutdown()  # flush the handlers before the process image is replaced
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.argv])
