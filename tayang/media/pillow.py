"""Pillow, loaded by the first code that opens or makes a picture, with its guards set.

Pillow costs a process about 5 MB (its C library and modules). A web process that serves
pages, lists and items never opens a picture; uploads, web sizes, posters and logos do. So no
module imports Pillow at its top: the functions that need it import their names from here,
inside the function, and importing this module is what sets Pillow's process-wide guards to
the limits of :mod:`tayang.media.images` — no picture can be opened without them
(``tests/app/test_heavy_imports.py`` checks both).
"""

from __future__ import annotations

import importlib
import warnings
from types import ModuleType

from PIL import (
    ExifTags,
    Image,
    ImageFile,
    ImageOps,
    PngImagePlugin,
    UnidentifiedImageError,
)

from tayang.media.images import MAX_METADATA_BYTES, MAX_TEXT_CHUNK
from tayang.media.limits import max_pixels

__all__ = [
    "ExifTags", "Image", "ImageFile", "ImageOps", "PngImagePlugin", "UnidentifiedImageError",
]
# Pillow's drawing modules: only the demo draws pictures, so they load when first named here
# (``from tayang.media.pillow import ImageDraw``), not with every upload — ImageFont alone
# brings FreeType, 1.7 MB of the 7 the whole set costs.
_DRAWING = frozenset({"ImageChops", "ImageDraw", "ImageFilter", "ImageFont"})


def __getattr__(name: str) -> ModuleType:
    if name in _DRAWING:
        return importlib.import_module(f"PIL.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _guard() -> None:
    """Pillow's process-wide guards, to the same limits as the media checks."""
    Image.MAX_IMAGE_PIXELS = max_pixels()  # Pillow refuses twice this outright
    # Between once and twice it only warns; ``images.inspect_photo`` refuses those itself.
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    PngImagePlugin.MAX_TEXT_CHUNK = MAX_TEXT_CHUNK
    PngImagePlugin.MAX_TEXT_MEMORY = MAX_METADATA_BYTES


_guard()
