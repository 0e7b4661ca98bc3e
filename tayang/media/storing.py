"""Writing uploaded files to storage so that a failure or a killed process leaves none behind.

Files go through Django's storage API only (``default_storage``: a folder, or an S3-compatible
bucket in production), never through a local path. A row that refers to a file is committed
after the file is written, so there is always a moment where the file exists and no row says
so. :func:`guarded_writes` closes that gap:

1. a :class:`~tayang.media.models.PendingFile` record per file is committed first;
2. the files are written (any exception of the storage becomes :class:`StorageFailed`);
3. the caller saves its rows and calls ``guard.settle()`` in one transaction, which deletes the
   records together with committing the rows;
4. if the caller's block raises, the files written are deleted at once; if the process dies,
   the records stay and the sweep (:mod:`tayang.media.sweep`) deletes their files later.

Nothing ever deletes a file that a committed row refers to (:func:`referenced`), so a record
left by a crash after the commit costs nothing but a look-up.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

from tayang.media.errors import StorageFailed
from tayang.media.models import PendingFile

log = logging.getLogger(__name__)


@dataclass
class Guard:
    """The files of one :func:`guarded_writes` block, as the storage named them."""

    records: list[PendingFile]
    names: list[str] = field(default_factory=list)

    def settle(self) -> None:
        """Call in the transaction that commits the rows referring to :attr:`names`."""
        PendingFile.objects.filter(pk__in=[record.pk for record in self.records]).delete()

    def undo(self) -> None:
        """Delete the files written so far (unless a row refers to one) and their records; a
        file the storage would not delete keeps its record, for the sweep."""
        kept = {name for name in self.names if not remove(name)}
        PendingFile.objects.filter(
            pk__in=[record.pk for record in self.records]
        ).exclude(name__in=kept).delete()


# Of the content hash, a stored name carries the first 16 hex digits (64 bits): enough to
# find a file by its row's ``sha256`` at a glance, and the row keeps the whole hash. The whole
# 64 were stored twice in each row's paths (the file's, the thumbnail's, each web size's:
# ~48 bytes a path, 13 MB of PostgreSQL's 350 at 20,000 items; docs/performance.md).
NAMED_DIGITS = 16


def unique_name(folder: str, sha256: str, extension: str, suffix: str = "") -> str:
    """A stored name no other upload shares: the content hash's start and a random part.

    Two uploads of the same photo never share a file, so deleting one (a refused batch, the
    sweep) can never take the other's away, whatever the storage does with an existing name.
    """
    return (f"{folder}/{sha256[:2]}/{sha256[:NAMED_DIGITS]}-{secrets.token_hex(4)}{suffix}"
            f".{extension}")


@contextmanager
def guarded_writes(files: Sequence[tuple[str, File]]) -> Iterator[Guard]:
    """Write ``files`` (name, content) to storage; see the module's docstring."""
    guard = Guard(PendingFile.objects.bulk_create([PendingFile(name=name) for name, _ in files]))
    try:
        for (name, content), record in zip(files, guard.records, strict=True):
            content.seek(0)
            try:
                stored = default_storage.save(name, content, max_length=300)
            except Exception as error:  # OSError, an object store's own errors: all the same
                log.exception("Berkas %s tidak dapat disimpan", name)
                raise StorageFailed() from error
            guard.names.append(stored)
            if stored != name:
                PendingFile.objects.filter(pk=record.pk).update(name=stored)
        yield guard
    except BaseException:
        guard.undo()
        raise


def remove(name: str) -> bool:
    """Delete a stored file unless a row refers to it; False when the storage failed (the
    caller keeps its record, to try again)."""
    if referenced(name):
        return True
    try:
        default_storage.delete(name)
    except Exception:  # the storage is down: the record stays for the next sweep
        log.warning("Berkas %s tidak dapat dihapus dari penyimpanan", name, exc_info=True)
        return False
    return True


def referenced(name: str) -> bool:
    """Whether any row of any model refers to the stored file ``name``."""
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and model._default_manager.filter(
                **{model_field.name: name}
            ).exists():
                return True
    return False
