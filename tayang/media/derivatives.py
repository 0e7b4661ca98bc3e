"""Web sizes of published photos: decoded small, turned upright, stripped of metadata.

Why it is done this way:

* Widths 480, 960 and 1600 px cover a phone, a laptop column and a wide screen at double
  density; the page offers them as a ``srcset`` and the browser picks one. A photo is never
  enlarged (a 1200-px original gets 480, 960 and 1200), and its long side stays within
  1600 px (a portrait photo's largest is 1200 × 1600): no page shows more, and it keeps
  ``draft()`` useful for photos taken upright.
* JPEG rather than WebP: every browser, e-mail client and social-media card reader takes it
  (an OpenGraph image in WebP is still refused by some), and it encodes fast.
* Pillow's ``draft()`` lets the JPEG decoder scale by 1/2, 1/4 or 1/8 while it decodes, so a
  12 MP photo is never held at full size: several times faster, a fraction of the memory.
* The EXIF orientation is applied to the pixels and no EXIF or XMP is written, so a derivative
  carries no camera, time or place. The ICC colour profile is kept: it is colour, not metadata.

:func:`render` is pure (bytes in, bytes out) so that the benchmark measures exactly it;
:func:`ensure` stores what is missing and is safe to run any number of times, from any number
of workers at once.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, BinaryIO

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from tayang.media.errors import StorageFailed
from tayang.media.images import rgb
from tayang.media.models import Derivative, MediaAsset

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

WIDTHS = (480, 960, 1600)
LONG_SIDE = WIDTHS[-1]
QUALITY = 82
_TRANSPOSED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


@cache
def _turns() -> dict[int, Image.Transpose]:
    """How to turn a photo stored with each EXIF orientation upright (as
    ``ImageOps.exif_transpose``)."""
    from tayang.media.pillow import Image

    return {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }


@dataclass(frozen=True)
class Rendered:
    width: int
    height: int
    data: bytes


def target_widths(width: int, height: int | None = None) -> tuple[int, ...]:
    """The derivative widths of an upright photo: never enlarged, long side at most 1600 px."""
    if width <= 0:
        return ()
    largest = width
    if height and height > width:  # portrait: 1600 px is its height, not its width
        largest = min(width, max(1, round(LONG_SIDE * width / height)))
    return tuple(sorted({min(target, largest) for target in WIDTHS}))


def render(source: BinaryIO, widths: Iterable[int], *, use_draft: bool = True) -> list[Rendered]:
    """JPEGs of the photo in ``source`` at each of ``widths`` (upright), largest first.

    The photo is scaled in its stored orientation and only the small result is turned upright,
    and the full-size decode is released after the first reduction: at most one large picture
    is ever held.
    """
    from tayang.media.pillow import ExifTags, Image

    wanted = sorted({width for width in widths if width > 0}, reverse=True)
    if not wanted:
        return []
    turns = _turns()
    with Image.open(source) as image:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        turned = orientation in _TRANSPOSED
        upright = image.size[::-1] if turned else image.size
        # Colour profiles of CMYK files do not describe the RGB pixels written below.
        icc = image.info.get("icc_profile") if image.mode != "CMYK" else None

        def stored_size(width: int) -> tuple[int, int]:
            height = max(1, round(upright[1] * width / upright[0]))
            return (height, width) if turned else (width, height)

        if use_draft:
            image.draft("RGB", stored_size(wanted[0]))
        frame = rgb(image)
        if frame.size != stored_size(wanted[0]):
            frame = frame.resize(stored_size(wanted[0]), Image.Resampling.LANCZOS,
                                 reducing_gap=3.0)
        elif frame is image:
            frame = image.copy()  # closing the file releases ``image`` itself
    results = []
    for width in wanted:
        if frame.size != stored_size(width):
            # Each size from the previous, larger one: every step is a modest reduction.
            frame = frame.resize(stored_size(width), Image.Resampling.LANCZOS)
        shown = frame.transpose(turns[orientation]) if orientation in turns else frame
        buffer = io.BytesIO()
        options: dict[str, object] = {"quality": QUALITY, "optimize": True, "progressive": True}
        if icc:
            options["icc_profile"] = icc
        shown.save(buffer, "JPEG", **options)
        results.append(Rendered(shown.width, shown.height, buffer.getvalue()))
    return results


def ensure(asset: MediaAsset) -> int:
    """Make the derivatives ``asset`` lacks; returns how many were made (0 when none lacked)."""
    if asset.kind != MediaAsset.Kind.PHOTO or not asset.width:
        return 0
    have = set(
        asset.derivatives.filter(kind=Derivative.Kind.RESIZED).values_list("width", flat=True)
    )
    missing = [width for width in target_widths(asset.width, asset.height) if width not in have]
    if not missing:
        return 0
    with asset.file.open("rb") as handle:
        rendered = render(handle, missing)
    return sum(store(asset, Derivative.Kind.RESIZED, made, "jpg") for made in rendered)


def store(asset: MediaAsset, kind: str, made: Rendered, extension: str) -> bool:
    """Save one derivative; False when another worker saved the same one first."""
    derivative = Derivative(
        asset=asset, kind=kind, width=made.width, height=made.height, size=len(made.data),
        content_type="image/jpeg",
    )
    try:
        derivative.file.save(
            f"{asset.sha256}-{kind}-{made.width}.{extension}", ContentFile(made.data), save=False
        )
    except Exception as error:  # any storage's failure, for the task to report and retry
        log.warning("Turunan berkas %s tidak dapat disimpan", asset.pk, exc_info=True)
        raise StorageFailed() from error
    try:
        with transaction.atomic():
            derivative.save()
    except IntegrityError:
        derivative.file.delete(save=False)
        return False
    return True
