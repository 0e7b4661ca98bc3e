"""What the rest of Tayang needs to know about where files live.

Files are always read and written through Django's storage API; a few places can do better
when the storage is a local folder (a rename into place, a file handed to a library by path)
and ask here first.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files import File
from django.core.files.storage import Storage


def local_root(storage: Storage) -> str | None:
    """The storage's folder on this machine, or None for an object store."""
    try:
        return storage.path("")
    except NotImplementedError:
        return None


def local_path(stored: File) -> str:
    """The stored file's path on this machine, or "" when it lives in an object store."""
    try:
        return stored.path  # type: ignore[attr-defined]
    except NotImplementedError:
        return ""


@contextmanager
def readable_path(stored: File) -> Iterator[str]:
    """A path on this machine to read the stored file from while the block runs: the file
    itself on a local disk, else a temporary copy streamed 1 MiB at a time (and removed after),
    for a child process or a library that reads by path."""
    if path := local_path(stored):
        yield path
        return
    handle, copy = tempfile.mkstemp(prefix="tayang-baca-")
    try:
        with stored.open("rb") as source, os.fdopen(handle, "wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
        yield copy
    finally:
        os.unlink(copy)
