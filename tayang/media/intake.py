"""Accepting an uploaded file as documentation of an item.

A file is accepted only for what its content is (never its name), within the size limit of its
kind and the kinds the SOP field allows. Photos lose their location metadata before they are
stored, so nothing published later can reveal where a person stood; their orientation is kept.
A rejected file leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import io
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from tayang.media.models import MediaAsset
from tayang.media.sniff import HEIC, Format, sniff
from tayang.sop.model import FieldKind, ItemField

if TYPE_CHECKING:
    from tayang.items.models import Item

MB = 1024 * 1024
SIZE_LIMITS = {"photo": 25 * MB, "video": 500 * MB, "audio": 100 * MB, "document": 50 * MB}
THUMBNAIL_SIZE = (480, 480)
MAX_PIXELS = 60_000_000  # larger than any phone camera; refuses decompression bombs
_KIND_NAMES = {"photo": "foto", "video": "video", "audio": "audio", "document": "dokumen"}
_EXIF_GPS_IFD = 0x8825


class MediaRejected(Exception):
    """Why a file was not accepted, in Bahasa Indonesia, for the person who uploaded it."""


def accept_upload(
    item: Item, item_field: ItemField, uploaded: UploadedFile, user: AbstractBaseUser
) -> MediaAsset:
    """Store ``uploaded`` as a new asset of ``item`` (not yet part of its content)."""
    head = _head(uploaded)
    found = sniff(head)
    if found is None:
        raise MediaRejected(
            "jenis berkas tidak dikenali dari isinya; unggah foto (JPEG, PNG, WebP), video "
            "(MP4, MOV, WebM), audio atau dokumen PDF"
        )
    _check_allowed(found, item_field)
    limit = SIZE_LIMITS[found.kind]
    if uploaded.size is not None and uploaded.size > limit:
        size = f"{uploaded.size / MB:.1f}".replace(".", ",")  # Indonesian decimal comma
        raise MediaRejected(
            f"{found.label} berukuran {size} MB, melebihi batas {limit // MB} MB"
        )
    data = uploaded.read()
    width = height = None
    thumbnail: bytes | None = None
    if found.kind == "photo":
        data, width, height, thumbnail = _clean_photo(data, found)
    digest = hashlib.sha256(data).hexdigest()
    asset = MediaAsset(
        organization_id=item.organization_id,
        item=item,
        kind=found.kind,
        original_name=(uploaded.name or "berkas")[:255],
        content_type=found.content_type,
        extension=found.extension,
        size=len(data),
        sha256=digest,
        width=width,
        height=height,
        uploaded_by=user,
    )
    asset.file.save(f"{digest}.{found.extension}", ContentFile(data), save=False)
    if thumbnail is not None:
        asset.thumbnail.save(f"{digest}-thumb.jpg", ContentFile(thumbnail), save=False)
    asset.save()
    return asset


def discard(asset: MediaAsset) -> None:
    """Remove an asset that never became part of any content: its row and its files."""
    for stored in (asset.file, asset.thumbnail):
        if stored:
            stored.delete(save=False)
    asset.delete()


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
        names = " atau ".join(_KIND_NAMES[kind] for kind in sorted(allowed))
        raise MediaRejected(f"{found.label} tidak diterima di {item_field.label}; unggah {names}")


def decoded_image(data: bytes, what: str) -> Image.Image:
    """The image in ``data``, decoded in full (a broken or bomb-sized file is refused)."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise MediaRejected(f"{what} terlalu besar (lebih dari 60 megapiksel)")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise MediaRejected(f"{what} rusak atau tidak lengkap; unggah ulang") from exc
    return image


def _clean_photo(data: bytes, found: Format) -> tuple[bytes, int, int, bytes]:
    """The photo without location metadata, its size, and a JPEG thumbnail."""
    if found is HEIC:
        raise MediaRejected(
            "foto HEIC belum dapat diproses; atur kamera ponsel ke format JPEG "
            "(Pengaturan → Kamera → Format → Paling Kompatibel) lalu unggah ulang"
        )
    image = decoded_image(data, "foto")
    exif = image.getexif()
    cleaned = data
    # XMP can carry a location as well; it is dropped whole because nothing else in it matters.
    if _EXIF_GPS_IFD in exif or image.info.get("xmp"):
        exif.pop(_EXIF_GPS_IFD, None)
        buffer = io.BytesIO()
        options: dict[str, object] = {"exif": exif.tobytes()}
        if found.extension == "jpg":
            options.update(quality="keep", icc_profile=image.info.get("icc_profile"))
        image.save(buffer, format=image.format, **options)
        cleaned = buffer.getvalue()
    thumb = ImageOps.exif_transpose(image.copy())
    thumb.thumbnail(THUMBNAIL_SIZE)
    thumb_buffer = io.BytesIO()
    thumb.convert("RGB").save(thumb_buffer, "JPEG", quality=80, optimize=True)
    width, height = ImageOps.exif_transpose(image).size
    return cleaned, width, height, thumb_buffer.getvalue()
