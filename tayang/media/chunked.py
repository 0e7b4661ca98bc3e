"""Uploads in pieces that survive a weak signal: a file goes up in bounded chunks, each appended
at the offset the server says it has, so a dropped connection resumes where it stopped.

The protocol (docs/uploads.md) is deliberately small, in the spirit of tus 1.0 (whose Django
servers are unmaintained or need Django REST framework):

1. *start*: the page names the file, its size and the field; the server checks the size against
   the largest file limit and answers an id and the chunk size;
2. *append*: ``Upload-Offset: n`` and at most :data:`CHUNK_BYTES` of the file; the server
   streams the body to the part file and answers the new offset. An offset that is not the one
   the server has is refused with the one it has (409), which is also how a page asks where to
   resume after the connection dropped;
3. when the last byte is in, the assembled file goes through exactly the checks of a form
   upload (tayang.media.intake) and is stored with the item or refused by name.

Parts live in ``FILE_UPLOAD_TEMP_DIR`` next to Django's own temporary upload files, named
``tayang-part-<id>`` with a small JSON record beside them. Every append touches them, so an
upload in progress is never old; an abandoned one is removed by the existing sweep of old
temporary files (tayang.media.sweep, ``TAYANG_UPLOAD_TEMP_MAX_AGE_HOURS``).
"""

from __future__ import annotations

import json
import os
import secrets
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from tayang.media.limits import MB, largest_file_limit, limit_text

CHUNK_BYTES = 1 * MB  # below DATA_UPLOAD_MAX_MEMORY_SIZE; a weak signal loses one MB at most
_READ = 64 * 1024
_PREFIX = "tayang-part-"


class ChunkRefused(Exception):
    """Why a start or an append is refused, in Indonesian; ``offset`` is where the part is."""

    def __init__(self, message: str, *, status: int = 422, offset: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.offset = offset


@dataclass(frozen=True)
class Part:
    """One file being uploaded in pieces, and whose it is."""

    id: str
    user_id: int
    item_id: int
    field: str
    name: str
    size: int

    @property
    def path(self) -> Path:
        return _folder() / f"{_PREFIX}{self.id}"

    @property
    def received(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0


def start(*, user_id: int, item_id: int, field: str, name: str, size: int) -> Part:
    if size <= 0:
        raise ChunkRefused(f"{name}: berkas kosong; pilih berkas lain")
    if size > largest_file_limit():
        raise ChunkRefused(
            f"{name}: lebih besar dari batas {limit_text(largest_file_limit())}; perkecil atau "
            "potong berkasnya lalu unggah ulang", status=413,
        )
    part = Part(secrets.token_urlsafe(18), user_id, item_id, field, name[:255] or "berkas", size)
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    part.path.touch(exist_ok=False)
    _record(part).write_text(json.dumps(asdict(part)), encoding="utf-8")
    return part


def find(part_id: str, *, user_id: int, item_id: int) -> Part:
    """The part, only for the person and the item that started it (else as if it did not exist)."""
    if not part_id.replace("-", "").replace("_", "").isalnum() or len(part_id) > 40:
        raise ChunkRefused("Unggahan tidak ditemukan; mulai ulang.", status=404)
    try:
        data = json.loads(_record_path(part_id).read_text(encoding="utf-8"))
        part = Part(**data)
    except (FileNotFoundError, ValueError, TypeError):
        raise ChunkRefused("Unggahan tidak ditemukan atau sudah kedaluwarsa; mulai ulang.",
                           status=404) from None
    if part.user_id != user_id or part.item_id != item_id or not part.path.exists():
        raise ChunkRefused("Unggahan tidak ditemukan atau sudah kedaluwarsa; mulai ulang.",
                           status=404)
    return part


def append(part: Part, offset: int, length: int, body: BinaryIO) -> int:
    """Stream ``length`` bytes of ``body`` onto the part at ``offset``; the new offset."""
    have = part.received
    if offset != have:
        raise ChunkRefused("Posisi unggahan tidak cocok; lanjutkan dari posisi server.",
                           status=409, offset=have)
    if length <= 0 or length > CHUNK_BYTES:
        raise ChunkRefused(f"Potongan harus 1 bita sampai {limit_text(CHUNK_BYTES)}.",
                           status=413, offset=have)
    if offset + length > part.size:
        raise ChunkRefused("Potongan melewati ukuran berkas yang disebutkan.", status=413,
                           offset=have)
    written = 0
    with part.path.open("r+b") as out:
        out.seek(offset)
        while written < length:
            piece = body.read(min(_READ, length - written))
            if not piece:
                break  # the connection dropped: keep what arrived, the page resumes from it
            out.write(piece)
            written += len(piece)
        out.truncate(offset + written)
    _record(part).touch()  # in use: not swept as abandoned
    return offset + written


def assembled(part: Part) -> UploadedFile:
    """The complete file, to be checked like any upload; the caller closes it then discards."""
    handle = part.path.open("rb")
    return UploadedFile(handle, name=part.name, size=part.size)


def discard(part: Part) -> None:
    for path in (part.path, _record(part)):
        with suppress(FileNotFoundError):
            os.unlink(path)


def _folder() -> Path:
    return Path(settings.FILE_UPLOAD_TEMP_DIR)


def _record(part: Part) -> Path:
    return _record_path(part.id)


def _record_path(part_id: str) -> Path:
    return _folder() / f"{_PREFIX}{part_id}.json"
