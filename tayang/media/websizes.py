"""Web sizes of a photo, made from its file: the pictures themselves, without Django.

:func:`render` is pure (bytes in, bytes out) so that the benchmark measures exactly it;
:mod:`tayang.media.derivatives` says what is made and why, and stores it.

**In a child process.** The worker makes web sizes for every photo published, and a photo's
decoding, reductions and optimised JPEG encoding took ~7 MB for a moment even for the demo's
960 × 640 photos (tens of megabytes for a 12 MP one), on top of Pillow's ~1.5 MB that then
stayed: the worker's peak on the demo's backlog (docs/performance.md, "The worker under 80
MB"). :func:`render_files` is what the child runs (:mod:`tayang.apart`): it reads the file at a
path, so the parent never holds the photo, and imports no Django at all: Pillow's guards
(:mod:`tayang.media.pillow`) are given the parent's limit (:func:`tayang.media.limits.given`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, BinaryIO

from tayang.media.images import rgb

if TYPE_CHECKING:
    from PIL import Image

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


def render_files(jobs: list[tuple[str, list[int]]], *,
                 max_megapixels: int) -> list[list[Rendered]]:
    """The child's half of :func:`tayang.media.derivatives.ensure_all`: :func:`render` of the
    photo at each path at its widths, Pillow's pixel guard at the parent's ``max_megapixels``
    (one child for all the photos of an article: its start is most of a small photo's cost)."""
    from tayang.media.limits import given

    given(max_megapixels)
    made = []
    for path, widths in jobs:
        with open(path, "rb") as source:
            made.append(render(source, widths))
    return made
