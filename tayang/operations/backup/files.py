"""The files half of a backup: every stored file through the storage API, and back.

Walking the storage (rather than the database's file columns) keeps every kind of file,
including kinds added later, without a list to maintain. The storage API works the same for a
local folder and an object store, so a backup of either restores into either.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterator

from django.core.files import File
from django.core.files.storage import Storage

from tayang.operations.backup.archive import EXCLUDED, FILES_DIR, BackupError, add_stream

TEMPORARY_PREFIX = ".sementara-"  # exports being written (tayang.exports.tasks)


def stored_names(storage: Storage, folder: str = "",
                 excluded: tuple[str, ...] = EXCLUDED) -> Iterator[str]:
    """Every file of the storage, depth first, except the excluded folders."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        if not name.startswith(TEMPORARY_PREFIX):
            yield f"{folder}{name}"
    for sub in sorted(folders):
        path = f"{folder}{sub}/"
        if path not in excluded:
            yield from stored_names(storage, path, excluded)


def write_files(archive: tarfile.TarFile, storage: Storage) -> tuple[int, int]:
    """Copy every stored file into the archive: (files, bytes)."""
    count = total = 0
    for name in stored_names(storage):
        try:
            size = storage.size(name)
            with storage.open(name, "rb") as handle:
                add_stream(archive, FILES_DIR + name, handle, size)
        except FileNotFoundError:
            continue  # removed since it was listed: an unused upload, or an export
        count += 1
        total += size
    return count, total


def is_empty(storage: Storage) -> bool:
    return next(stored_names(storage), None) is None


def restore_files(archive: tarfile.TarFile, members: list[tarfile.TarInfo],
                  storage: Storage) -> list[str]:
    """Save every archived file under its own name; the names, for undoing on failure."""
    saved: list[str] = []
    for member in members:
        name = member.name.removeprefix(FILES_DIR)
        handle = archive.extractfile(member)
        if handle is None:
            raise BackupError(f"Berkas {name} di dalam cadangan tidak dapat dibaca.")
        stored = storage.save(name, File(handle, name=name))
        saved.append(stored)
        if stored != name:
            raise BackupError(
                f"Berkas {name} tersimpan dengan nama lain ({stored}); penyimpanan tujuan "
                "tidak kosong."
            )
    return saved
