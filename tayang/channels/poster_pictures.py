"""The notice-board poster's pictures and its typesetting, done in a child process.

:func:`typeset` is what :func:`tayang.channels.poster.render` has a child run
(:mod:`tayang.apart`): it writes the photo and the QR code into the poster's folder, then
typesets it. The photo's decoding and downscaling (Pillow, ~1.5 MB loaded and several MB for a
moment: tens for a 12 MP photo), the QR code (segno, ~1.2 MB) and Typst then leave nothing in
the worker, whose peak on the demo's backlog was the poster's photo (docs/performance.md, "The
worker under 80 MB"). Making them in the child that typesets anyway costs no second process;
this module imports no Django app and not the SOP package (which costs a child 240 ms).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

PHOTO_MAX_PX = 1600  # long side; ~220 dpi across the 18 cm the photo can take on A4
PHOTO_QUALITY = 80
QR_SCALE = 8  # pixels per module: crisp when printed even if a viewer smooths the image


@dataclass(frozen=True)
class Photo:
    jpeg: bytes
    ratio: float  # height / width
    alt: str


def first_photo(photos: Iterable[tuple[str, str]]) -> Photo | None:
    """The first of ``photos`` (path, alt text) Pillow can read, upright and downscaled;
    ``None`` if there is none."""
    from tayang.media.pillow import Image, UnidentifiedImageError

    for path, alt in photos:
        try:
            return Photo(*_downscale(path), alt=alt)
        except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
            continue  # a photo we cannot read must not cost the poster; try the next one
    return None


def _downscale(path: str) -> tuple[bytes, float]:
    from tayang.media.pillow import Image, ImageOps

    with Image.open(path) as image:
        scale = min(PHOTO_MAX_PX / max(image.size), 1.0)
        # a JPEG decodes straight at 1/2, 1/4 or 1/8 of its size when that is still at least
        # the size wanted: a 12 MP photo decodes 4 times faster
        image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
        image.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX), Image.Resampling.LANCZOS)
        upright = ImageOps.exif_transpose(image)  # after shrinking: less to turn
        if upright.mode != "RGB":
            upright = _flatten(upright)
        buffer = io.BytesIO()
        upright.save(buffer, "JPEG", quality=PHOTO_QUALITY, optimize=True)
        return buffer.getvalue(), upright.height / upright.width


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparent PNGs print as they look on a white page."""
    from tayang.media.pillow import Image

    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def qr_png(link: str) -> bytes:
    """A QR code to ``link``: error level M at least (a printed poster gets dirty and
    creased), the standard four-module quiet zone, black on white."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(
        buffer, kind="png", scale=QR_SCALE, border=4, dark="black", light="white",
    )
    return buffer.getvalue()


def typeset(template: bytes, *, root: str, font_dir: str, pdf_standards: str,
            data: dict[str, Any], photos: list[tuple[str, str]], timestamp: datetime,
            max_megapixels: int) -> bytes:
    """The child's half of the poster: the first readable of ``photos`` and the QR code of
    ``data["link"]`` written into ``root``, then ``template`` typeset with ``data``."""
    from tayang.apart import typeset_here
    from tayang.media.limits import given

    given(max_megapixels)  # Pillow's guards, at the parent's limit
    photo = first_photo(photos)
    if photo:
        Path(root, "photo.jpg").write_bytes(photo.jpeg)
    if data.get("link"):
        Path(root, "qr.png").write_bytes(qr_png(data["link"]))
    data = {**data, "photo": "/photo.jpg" if photo else "",
            "photo_ratio": photo.ratio if photo else 0, "photo_alt": photo.alt if photo else ""}
    return typeset_here(template, font_dir=font_dir, pdf_standards=pdf_standards,
                         sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                         timestamp=timestamp, root=root)
