"""Whether ``collectstatic`` must run: a fingerprint of the static sources, kept beside them.

``collectstatic`` with hashed names and gzip and brotli copies takes seconds (10 s on these
machines), which ``make run`` must not spend at every start. The fingerprint covers every
file the static finders see (name, size and modification time) and the storage backend; when
it matches the one written after the last collection, and the manifest is there, nothing has
changed and nothing is collected.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders

STAMP = ".tayang-kumpulan"
MANIFEST = "staticfiles.json"


def fingerprint() -> str:
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=None):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def up_to_date() -> bool:
    root = Path(settings.STATIC_ROOT)
    stamp = root / STAMP
    return (root / MANIFEST).is_file() and stamp.is_file() and (
        stamp.read_text().strip() == fingerprint()
    )


def record() -> None:
    Path(settings.STATIC_ROOT, STAMP).write_text(fingerprint() + "\n")
