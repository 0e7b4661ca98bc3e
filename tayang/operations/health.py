"""Readiness: can this web process serve? Each check answers in Bahasa Indonesia why not.

* **database** — a query on a table of this release (so a database not yet migrated fails);
* **cache** — a key written and read back (Redis in production, shared by every process);
* **storage** — the media storage answers (a local folder that is writable, or the bucket);
* **workers** — at least one ``manage.py worker`` has beaten recently: without one, exports,
  publishing and web-sized photos wait.

Nothing here says more than "ok" or a short reason: no host names, paths or credentials.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import default_storage

from tayang.operations import heartbeat
from tayang.operations.storage import local_root

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str = ""


def check_database() -> str:
    heartbeat.running_workers()  # raises if the database or the release's tables are missing
    return ""


def check_cache() -> str:
    key = f"tayang:siap:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    try:
        if cache.get(key) != "1":
            return "Cache tidak menyimpan nilai."
    finally:
        cache.delete(key)
    return ""


def check_storage() -> str:
    root = local_root(default_storage)
    if root is not None:
        # Made on the first upload: until then the folder it will be made in must be writable.
        folder = Path(root)
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            return "Folder berkas tidak dapat ditulisi."
        return ""
    default_storage.exists(".tayang-siap")  # one request: raises when the bucket is unreachable
    return ""


def check_workers() -> str:
    if not heartbeat.running_workers():
        return "Tidak ada pekerja latar (manage.py worker) yang berjalan."
    return ""


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("database", check_database),
    ("cache", check_cache),
    ("storage", check_storage),
    ("workers", check_workers),
)
FAILED = {
    "database": "Basis data tidak dapat dihubungi atau belum dimigrasi.",
    "cache": "Cache tidak dapat dihubungi.",
    "storage": "Penyimpanan berkas tidak dapat dihubungi.",
    "workers": "Detak pekerja tidak dapat dibaca.",
}


def readiness() -> list[Check]:
    results = []
    for name, run in CHECKS:
        try:
            problem = run()
        except Exception:
            log.exception("readiness check %s failed", name)
            problem = FAILED[name]
        results.append(Check(name, not problem, problem))
    return results
