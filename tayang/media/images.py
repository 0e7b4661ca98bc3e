"""Photos read within a memory budget: sizes from the header, decoding only what fits.

A 227 KB PNG can hold 7745 × 7745 pixels: decoded whole it takes 240 MB, and with the copies a
naive thumbnail makes, 700 MB. So before any pixel is decoded:

* the header gives the size; more than ``TAYANG_IMAGE_MAX_MEGAPIXELS`` is refused;
* the memory the decode will take is computed from the size and the format, and a picture
  past ``TAYANG_IMAGE_DECODE_MB`` is refused. A baseline JPEG costs little: its thumbnail is
  decoded at 1/2 … 1/8 scale (Pillow's ``draft()``). PNG, WebP and progressive JPEG must be
  decoded whole, so for them the budget is what limits the size (128 MB: 32 megapixels);
* a PNG's chunks are walked first, without reading the picture: text and metadata chunks are
  bounded in size, also once decompressed (a 200 MB text hidden in a small ``zTXt`` chunk);
* only one picture is decoded at a time in a process, so a threaded server decoding four
  photos at once still holds one.

Pillow's own guards are set too (``Image.MAX_IMAGE_PIXELS``, ``PngImagePlugin.MAX_TEXT_*``,
truncated images refused) by :mod:`tayang.media.pillow`, through which Pillow is loaded.
"""

from __future__ import annotations

import io
import struct
import threading
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from tayang.media.errors import MediaRejected
from tayang.media.limits import decode_budget, limit_text, max_pixels, size_text
from tayang.media.sniff import JPEG, PNG, WEBP, Format

if TYPE_CHECKING:
    from PIL import Image

THUMBNAIL_SIZE = (480, 480)
THUMBNAIL_QUALITY = 80
MAX_TEXT_CHUNK = 1024 * 1024  # one PNG text or profile, decompressed (Pillow's default)
MAX_METADATA_BYTES = 8 * 1024 * 1024  # every PNG chunk that is not the picture, together
MAX_PNG_CHUNKS = 50_000  # encoders write 8–64 KB picture chunks: 25 MB is at most ~3,200
_COMPRESSED_CHUNKS = {b"zTXt", b"iTXt", b"iCCP"}
# Held while a photo is decoded for this process, here or in its child (``photo_check``).
DECODING = threading.Lock()
BROKEN = "foto rusak atau tidak lengkap; unggah ulang"
# Bytes per pixel of a decoded picture in Pillow's memory, by mode (RGB is stored as 4).
_ONE_BYTE = {"1", "L", "P"}
_TWO_BYTES = {"I;16", "I;16B", "I;16L", "I;16N"}


@dataclass(frozen=True)
class PhotoFacts:
    width: int  # as shown: the EXIF orientation applied
    height: int
    orientation: int


def inspect_photo(handle: BinaryIO, found: Format) -> PhotoFacts:
    """The photo's size, refused when it is too large to process; reads headers only."""
    from tayang.media.pillow import ExifTags, Image, UnidentifiedImageError

    if found is PNG:
        check_png_chunks(handle)
    handle.seek(0)
    try:
        with Image.open(handle) as image:
            width, height = image.size
            if width * height > max_pixels():
                raise MediaRejected(
                    f"foto terlalu besar (lebih dari {max_pixels() // 1_000_000} megapiksel)"
                )
            cost = decode_cost(image, found)
            if cost > decode_budget():
                raise MediaRejected(
                    f"{found.label} {width} × {height} piksel ({_megapixels(width * height)} "
                    f"megapiksel) memerlukan {size_text(cost)} memori untuk diproses, melebihi "
                    f"batas {limit_text(decode_budget())}; perkecil ukurannya (misalnya simpan "
                    "sebagai JPEG) lalu unggah ulang"
                )
            orientation = int(image.getexif().get(ExifTags.Base.Orientation, 1) or 1)
    except MediaRejected:
        raise
    except Image.DecompressionBombError as error:
        raise MediaRejected(
            f"foto terlalu besar (lebih dari {max_pixels() // 1_000_000} megapiksel)"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
            struct.error, zlib.error) as error:
        raise MediaRejected(BROKEN) from error
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return PhotoFacts(width, height, orientation)


def decode_cost(image: Image.Image, found: Format) -> int:
    """Bytes the picture takes while it is decoded for its thumbnail."""
    width, height = image.size
    per_pixel = 1 if image.mode in _ONE_BYTE else 2 if image.mode in _TWO_BYTES else 4
    if found is JPEG:
        scale = min(8, max(1, min(width // THUMBNAIL_SIZE[0], height // THUMBNAIL_SIZE[1])))
        scale = 1 << (scale.bit_length() - 1)  # libjpeg scales by 1/2, 1/4, 1/8
        output = (width // scale + 1) * (height // scale + 1) * 4
        if not image.info.get("progressive"):
            return output
        # A progressive JPEG keeps every DCT coefficient (2 bytes) of every component.
        layers = getattr(image, "layer", None) or [("", 1, 1, 0)] * 3
        h_max = max(layer[1] for layer in layers)
        v_max = max(layer[2] for layer in layers)
        coefficients = sum(width * height * layer[1] * layer[2] / (h_max * v_max)
                           for layer in layers)
        return int(coefficients * 2) + output
    cost = width * height * per_pixel
    if found is WEBP:
        cost += _file_size(image)  # Pillow's WebP decoder holds the whole file as well
    return cost


def thumbnail(handle: BinaryIO, found: Format) -> bytes:
    """A JPEG within 480 × 480, upright, without metadata; decoding proves the file whole."""
    from tayang.media.pillow import Image, ImageOps, UnidentifiedImageError

    handle.seek(0)
    with DECODING:
        try:
            with Image.open(handle) as image:
                if found is JPEG:
                    image.draft("RGB", THUMBNAIL_SIZE)  # decoded at 1/2 … 1/8 scale
                image.load()
                image.thumbnail(THUMBNAIL_SIZE)  # in place: the full size is freed here
                small = rgb(ImageOps.exif_transpose(image))
        except Image.DecompressionBombError as error:
            raise MediaRejected(
                f"foto terlalu besar (lebih dari {max_pixels() // 1_000_000} megapiksel)"
            ) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
                struct.error, zlib.error, MemoryError) as error:
            raise MediaRejected(BROKEN) from error
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return buffer.getvalue()


def rgb(image: Image.Image) -> Image.Image:
    """RGB pixels; transparent areas (PNG, WebP) become white, not black."""
    from tayang.media.pillow import Image

    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def check_png_chunks(handle: BinaryIO) -> None:
    """Walk a PNG's chunks by their headers, refusing what Pillow would hold too much of."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(8)  # the signature, checked by sniffing
    metadata = 0
    for count in range(MAX_PNG_CHUNKS + 1):
        header = handle.read(8)
        if len(header) < 8:
            raise MediaRejected(BROKEN)  # ended before IEND
        length, kind = struct.unpack(">I4s", header)
        start = handle.tell()
        if start + length + 4 > size:
            raise MediaRejected(BROKEN)
        if kind == b"IEND":
            return
        if kind not in (b"IDAT", b"fdAT"):
            metadata += length
            if metadata > MAX_METADATA_BYTES:
                raise MediaRejected(_metadata_too_large(metadata))
            if kind in _COMPRESSED_CHUNKS:
                _check_inflated(handle.read(length), kind)
        handle.seek(start + length + 4)  # the data and its CRC
        if count == MAX_PNG_CHUNKS:
            break
    raise MediaRejected("gambar PNG tidak wajar (terlalu banyak bagian); simpan ulang gambarnya")


def _check_inflated(data: bytes, kind: bytes) -> None:
    """Refuse a compressed text or profile that inflates past what Pillow would read."""
    try:
        if kind == b"iTXt":
            rest = data.partition(b"\x00")[2]
            if not rest or rest[0] != 1:  # not compressed
                return
            # compression flag and method, then language tag and translated keyword
            rest = rest[2:].split(b"\x00", 2)[-1]
        else:
            rest = data.partition(b"\x00")[2][1:]
        inflater = zlib.decompressobj()
        inflated = inflater.decompress(rest, MAX_TEXT_CHUNK + 1)
    except zlib.error as error:
        raise MediaRejected(BROKEN) from error
    if len(inflated) > MAX_TEXT_CHUNK:
        raise MediaRejected(
            f"gambar PNG berisi teks atau metadata tersembunyi lebih dari "
            f"{size_text(MAX_TEXT_CHUNK)} setelah dibuka; simpan ulang gambarnya tanpa "
            "metadata (misalnya ekspor sebagai JPEG) lalu unggah ulang"
        )


def _metadata_too_large(size: int) -> str:
    return (f"gambar PNG berisi metadata {size_text(size)}, melebihi batas "
            f"{size_text(MAX_METADATA_BYTES)}; simpan ulang gambarnya tanpa metadata lalu unggah "
            "ulang")


def _file_size(image: Image.Image) -> int:
    handle = getattr(image, "fp", None)
    if handle is None:
        return 0
    position = handle.tell()
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(position)
    return size


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".replace(".", ",")
