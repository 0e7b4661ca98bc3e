"""An uploaded photo's checks that decode it, made in a child process (:mod:`tayang.apart`).

Reading a photo's size and orientation, removing its location and making its 480-pixel
thumbnail (:mod:`tayang.media.images`, :mod:`tayang.media.metadata`) load Pillow: 3.3 MB that a
web process kept after its first upload, on top of its 76–80 (issue 16). In a child the web
process never loads it, and a picture made to exploit a decoder meets it in a process that ends
with the check. The cost is the child's start, ~30–50 ms of CPU a photo, against the seconds
its upload takes on a phone. The checks and their Indonesian refusals are the same functions:
a :class:`~tayang.media.errors.MediaRejected` raised in the child is raised here as itself.

The parent keeps bounding how many photos it has decoded at once (one, ``images.decoding``),
and gives the child the limits it read from its settings (:func:`tayang.media.limits.given`):
the child loads neither Django nor the settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from tayang.media.errors import MediaRejected
from tayang.media.images import BROKEN, inspect_photo, thumbnail
from tayang.media.limits import given
from tayang.media.metadata import Unreadable, strip_location
from tayang.media.sniff import JPEG, PNG, WEBP, Format

_FORMATS: dict[str, Format] = {found.extension: found for found in (JPEG, PNG, WEBP)}


@dataclass(frozen=True)
class CheckedPhoto:
    width: int  # as shown: the EXIF orientation applied
    height: int
    located: bool  # it carried a location: the copy without it is what is stored
    thumbnail: bytes


def check(source: str, copy: str, extension: str, *, max_megapixels: int,
          decode_mb: int) -> CheckedPhoto:
    """The child's half of :func:`tayang.media.intake.inspect_file` for a photo: ``source``
    read within the limits, written to ``copy`` without its location when it had one, and its
    thumbnail (of ``copy`` then: the same pixels). Raises what the checks raise."""
    given(max_megapixels, decode_mb)
    found = _FORMATS[extension]  # by name: the parent's Format objects do not cross as such
    with open(source, "rb") as uploaded:
        facts = inspect_photo(uploaded, found)
        with open(copy, "wb") as out:
            try:
                located = strip_location(uploaded, found, out)
            except Unreadable as error:
                raise MediaRejected(BROKEN) from error
    with open(copy if located else source, "rb") as shown:
        small = thumbnail(shown, found)
    return CheckedPhoto(facts.width, facts.height, located, small)
