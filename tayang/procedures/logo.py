"""The organization's logo on its SOP documents: an uploaded image, checked by its content.

The file goes through the same checks as handed-in photos (``tayang.media.intake``: the format
read from the bytes, never the name; a size limit; a pixel limit against decompression bombs;
a decode that must succeed), then is stored as a small PNG: the SOP document prints it 64 pt
wide, so nothing larger is needed, and re-encoding drops every piece of metadata the original
carried (camera, location). The stored image is a ``MediaAsset`` of the organization, kept as
long as a version of an SOP refers to it.
"""

from __future__ import annotations

import hashlib
import io

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from tayang.media.intake import MediaRejected, decoded_image
from tayang.media.limits import MB
from tayang.media.models import MediaAsset
from tayang.media.sniff import JPEG, PNG, WEBP, sniff
from tayang.orgs.models import Organization
from tayang.sop.document.content import Logo

MAX_BYTES = 5 * MB
STORED_SIZE = (512, 512)  # eight times the printed 64 pt: sharp on paper and on screen
_ACCEPTED = (PNG, JPEG, WEBP)


def prepared_logo(uploaded: UploadedFile) -> bytes:
    """The logo ``uploaded`` as the PNG to store; :class:`MediaRejected` says why not."""
    uploaded.seek(0)
    head = uploaded.read(32)
    uploaded.seek(0)
    found = sniff(head) if len(head) >= 12 else None
    if found not in _ACCEPTED:
        what = f"berkas ini {found.label}" if found else "jenis berkas ini tidak dikenali"
        raise MediaRejected(
            f"logo harus gambar PNG, JPEG atau WebP (dikenali dari isinya); {what}"
        )
    if uploaded.size is not None and uploaded.size > MAX_BYTES:
        size = f"{uploaded.size / MB:.1f}".replace(".", ",")
        raise MediaRejected(f"logo berukuran {size} MB, melebihi batas {MAX_BYTES // MB} MB")
    return _small_png(uploaded.read())


def store_logo(
    organization: Organization, data: bytes, name: str, user: AbstractBaseUser
) -> MediaAsset:
    """Keep a prepared logo as an asset of ``organization``."""
    from tayang.media.pillow import Image

    digest = hashlib.sha256(data).hexdigest()
    width, height = Image.open(io.BytesIO(data)).size
    asset = MediaAsset(
        organization=organization, item=None, kind=MediaAsset.Kind.PHOTO,
        original_name=(name or "logo")[:255], content_type="image/png", extension="png",
        size=len(data), sha256=digest, width=width, height=height, uploaded_by=user,
    )
    asset.file.save(f"{digest}.png", ContentFile(data), save=False)
    asset.save()
    return asset


def _small_png(data: bytes) -> bytes:
    from tayang.media.pillow import ImageOps

    image = ImageOps.exif_transpose(decoded_image(data, "gambar logo"))
    image.thumbnail(STORED_SIZE)
    buffer = io.BytesIO()
    image.convert("RGBA").save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def logo_of(asset: MediaAsset | None) -> Logo | None:
    """The stored logo as the SOP document embeds it."""
    if asset is None:
        return None
    with asset.file.open("rb") as stored:
        return Logo(stored.read(), asset.content_type)
