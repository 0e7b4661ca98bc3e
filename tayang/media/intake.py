"""Accepting an uploaded file as documentation of an item.

A file is accepted only for what its content is (never its name), within the size limit of its
kind and the kinds the SOP field allows, and only once its content has been read within bounds
(docs/security.md, "Berkas dan batas"): a photo's header and a memory budget for decoding it
(:mod:`tayang.media.images`), a video's or a recording's container opened by PyAV
(:mod:`tayang.media.probe`), a PDF's or an Office file's end present. Photos lose their location
metadata without being re-encoded (:mod:`tayang.media.metadata`); their orientation is kept.
A photo is read, stripped and made small in a child process (:mod:`tayang.media.photo_check`).

Checking (:func:`check_upload`) reads the upload from its temporary file and writes nothing
anywhere. Storing (:func:`stored`) writes the files through the storage API and their rows in
one transaction with whatever the caller does to make them part of an item, so a refused, failed
or interrupted upload leaves no row and no file (:mod:`tayang.media.storing`).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from tayang import apart
from tayang.media.errors import MediaRejected, StorageFailed
from tayang.media.images import BROKEN, DECODING, THUMBNAIL_SIZE, inspect_photo
from tayang.media.limits import KIND_NAMES, file_limit, limit_text, size_text
from tayang.media.models import MediaAsset
from tayang.media.photo_check import CheckedPhoto
from tayang.media.probe import probe
from tayang.media.sniff import HEIC, OFFICE, PDF, Format, sniff
from tayang.media.storing import guarded_writes, unique_name
from tayang.sop.model import FieldKind, ItemField

if TYPE_CHECKING:
    from PIL import Image

    from tayang.items.models import Item

__all__ = ["THUMBNAIL_SIZE", "Checked", "MediaRejected", "StorageFailed", "accept_upload",
           "check_upload", "inspect_file", "stored"]

_HASH_CHUNK = 1024 * 1024
_PDF_END = 1024  # "%%EOF" must be within a PDF's last kilobyte (PDF 1.7, Annex H)
_ZIP_END = 22 + 65535  # a ZIP's end record, and the longest comment it may carry


@dataclass
class Checked:
    """An upload that passed every check: what it is, and the file to store (the upload itself,
    or a copy without location). :meth:`close` removes the copy."""

    found: Format
    original_name: str
    content: File
    size: int = 0
    sha256: str = ""
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    thumbnail: bytes | None = None
    temporary: str = field(default="", repr=False)

    def close(self) -> None:
        if self.temporary:
            self.content.close()
            with suppress(FileNotFoundError):
                os.unlink(self.temporary)
            self.temporary = ""


def check_upload(item_field: ItemField, uploaded: UploadedFile) -> Checked:
    """``uploaded`` checked as a file of ``item_field``; raises MediaRejected, stores nothing."""
    return inspect_file(uploaded, lambda found: _check_allowed(found, item_field))


def inspect_file(uploaded: UploadedFile, allow: Callable[[Format], None]) -> Checked:
    """Check any upload by content; ``allow`` refuses the formats its place does not take."""
    head = _head(uploaded)
    found = sniff(head)
    if found is None:
        raise MediaRejected(
            "jenis berkas tidak dikenali dari isinya; unggah foto (JPEG, PNG, WebP), video "
            "(MP4, MOV, WebM), audio atau dokumen PDF"
        )
    allow(found)
    size = _size(uploaded)
    limit = file_limit(found.kind)
    if size > limit:
        raise MediaRejected(
            f"{found.label} berukuran {size_text(size)}, melebihi batas {limit_text(limit)}"
        )
    checked = Checked(found, (uploaded.name or "berkas")[:255], uploaded)
    try:
        if found.kind == "photo":
            _photo(uploaded, checked)
        elif found.kind in ("video", "audio"):
            probed = probe(uploaded, found)
            checked.duration, checked.width, checked.height = (probed.duration, probed.width,
                                                               probed.height)
        elif found is PDF and b"%%EOF" not in _tail(uploaded, _PDF_END):
            raise MediaRejected("dokumen PDF terpotong atau rusak; simpan ulang lalu unggah ulang")
        elif found is OFFICE and b"PK\x05\x06" not in _tail(uploaded, _ZIP_END):
            raise MediaRejected(f"{found.label} terpotong atau rusak; simpan ulang lalu unggah "
                                "ulang")
        checked.size, checked.sha256 = _measure(checked.content)
    except BaseException:
        checked.close()
        raise
    return checked


@contextmanager
def stored(item: Item, batch: Sequence[Checked], user: AbstractBaseUser
           ) -> Iterator[list[MediaAsset]]:
    """Store ``batch`` as new assets of ``item``, all of them or none.

    The files are written first, then the rows are created in a transaction that stays open
    while the caller's block runs: the block attaches them (an Edit of the item) in that same
    transaction, or raises, and then no row and no file of the batch remains.
    """
    files: list[tuple[str, File]] = []
    folder = f"org/{item.organization_id}"
    for checked in batch:
        files.append((unique_name(folder, checked.sha256, checked.found.extension),
                      checked.content))
        if checked.thumbnail is not None:
            files.append((unique_name(f"{folder}/derivatives", checked.sha256, "jpg", "-thumb"),
                          ContentFile(checked.thumbnail)))
    with guarded_writes(files) as guard:
        names = iter(guard.names)
        with transaction.atomic():
            # The item is locked before new rows refer to it: two uploads to one item queue
            # here instead of deadlocking on the foreign key's lock (PostgreSQL).
            type(item).objects.select_for_update().filter(pk=item.pk).values_list(
                "pk", flat=True).first()
            assets = [
                MediaAsset.objects.create(
                    organization_id=item.organization_id, item=item, kind=checked.found.kind,
                    original_name=checked.original_name,
                    content_type=checked.found.content_type, extension=checked.found.extension,
                    size=checked.size, sha256=checked.sha256, width=checked.width,
                    height=checked.height, duration_seconds=checked.duration, uploaded_by=user,
                    file=next(names),
                    thumbnail=next(names) if checked.thumbnail is not None else "",
                )
                for checked in batch
            ]
            yield assets
            guard.settle()


def accept_upload(
    item: Item, item_field: ItemField, uploaded: UploadedFile, user: AbstractBaseUser
) -> MediaAsset:
    """Check and store one file as a new asset of ``item`` (not yet part of its content)."""
    checked = check_upload(item_field, uploaded)
    try:
        with stored(item, [checked], user) as assets:
            pass
    finally:
        checked.close()
    return assets[0]


def _head(uploaded: UploadedFile) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(32)
    uploaded.seek(0)
    if len(head) < 12:
        raise MediaRejected("berkas kosong atau terpotong; unggah ulang")
    return head


def _check_allowed(found: Format, item_field: ItemField) -> None:
    if item_field.kind is FieldKind.DOCUMENT:
        return  # a document field takes any recognised file (scans, PDFs, spreadsheets)
    allowed = {kind.value for kind in item_field.media_kinds} or {"photo", "video"}
    if found.kind not in allowed:
        names = " atau ".join(KIND_NAMES[kind] for kind in sorted(allowed))
        raise MediaRejected(f"{found.label} tidak diterima di {item_field.label}; unggah {names}")


def _photo(uploaded: UploadedFile, checked: Checked) -> None:
    """Size, location-free copy and thumbnail of a photo, each step within its bounds, made
    in a child process (:mod:`tayang.media.photo_check`): Pillow never loads here."""
    found = checked.found
    if found is HEIC:
        raise MediaRejected(
            "foto HEIC belum dapat diproses; atur kamera ponsel ke format JPEG "
            "(Pengaturan → Kamera → Format → Paling Kompatibel) lalu unggah ulang"
        )
    with tempfile.NamedTemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR, prefix="tayang-",
                                     suffix=f".{found.extension}", delete=False) as copy:
        pass  # the child writes the copy without location here, if the photo had one
    try:
        with _local_path(uploaded) as source, DECODING:
            made: CheckedPhoto = apart.call(
                "tayang.media.photo_check", "check", source, copy.name, found.extension,
                max_megapixels=int(settings.TAYANG_IMAGE_MAX_MEGAPIXELS),
                decode_mb=int(settings.TAYANG_IMAGE_DECODE_MB),
            )
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(copy.name)
        raise
    checked.width, checked.height = made.width, made.height
    if made.located:
        checked.temporary = copy.name
        checked.content = File(open(copy.name, "rb"), name=checked.original_name)  # noqa: SIM115
    else:
        os.unlink(copy.name)
    checked.thumbnail = made.thumbnail


@contextmanager
def _local_path(uploaded: BinaryIO) -> Iterator[str]:
    """A path the child reads the upload from: its temporary file, else a copy streamed 1 MiB
    at a time (an upload kept in memory is at most ``FILE_UPLOAD_MAX_MEMORY_SIZE``)."""
    if hasattr(uploaded, "temporary_file_path"):
        yield uploaded.temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR, prefix="tayang-") as copy:
        uploaded.seek(0)
        while chunk := uploaded.read(_HASH_CHUNK):
            copy.write(chunk)
        copy.flush()
        uploaded.seek(0)
        yield copy.name


def _measure(content: BinaryIO) -> tuple[int, str]:
    """Size and SHA-256 of a file, read in chunks."""
    content.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := content.read(_HASH_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    content.seek(0)
    return size, digest.hexdigest()


def _size(uploaded: BinaryIO) -> int:
    uploaded.seek(0, io.SEEK_END)
    size = uploaded.tell()
    uploaded.seek(0)
    return size


def _tail(uploaded: BinaryIO, length: int) -> bytes:
    size = _size(uploaded)
    uploaded.seek(max(0, size - length))
    tail = uploaded.read(length)
    uploaded.seek(0)
    return tail


def decoded_image(data: bytes, what: str) -> Image.Image:
    """The image in ``data`` decoded in full, within a handed-in photo's bounds (pixels and
    decoding memory read from the headers first); refused with ``what`` named."""
    from tayang.media.pillow import Image, UnidentifiedImageError

    found = sniff(data[:32])
    handle = io.BytesIO(data)
    if found is None:
        raise MediaRejected(f"{what} bukan gambar yang dikenali")
    try:
        inspect_photo(handle, found)
    except MediaRejected as error:
        if str(error) == BROKEN:
            raise MediaRejected(f"{what} rusak atau tidak lengkap; unggah ulang") from error
        raise MediaRejected(f"{what}: {error}") from error
    handle.seek(0)
    try:
        image = Image.open(handle)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise MediaRejected(f"{what} rusak atau tidak lengkap; unggah ulang") from error
    return image


def discard(asset: MediaAsset) -> None:
    """Remove an asset that never became part of any content: its row and its files."""
    for stored in (asset.file, asset.thumbnail):
        if stored:
            stored.delete(save=False)
    asset.delete()
