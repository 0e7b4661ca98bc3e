"""What the rest of Tayang needs to know about where files live.

Files are always read and written through Django's storage API; a few places can do better
when the storage is a local folder (a rename into place, a file handed to a library by path)
and ask here first.
"""

from __future__ import annotations

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
