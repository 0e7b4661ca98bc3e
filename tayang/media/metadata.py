"""Taking the place out of a photo without touching its pixels.

A phone writes where a photo was taken into its EXIF (the GPS block) and often into XMP as well;
nothing published may reveal where a person stood. Instead of decoding and re-encoding the
picture (a loss of quality, and for a 50-megapixel photo hundreds of megabytes of memory), the
file is copied block by block and only the metadata blocks change:

* JPEG: APP1 segments before the picture data. The EXIF one is rewritten without its GPS block
  (orientation, camera and time stay); XMP ones are dropped whole.
* PNG: ``eXIf`` is rewritten the same way; the XMP text chunk and ImageMagick's "Raw profile"
  text chunks (which carry EXIF or XMP as hex) are dropped.
* WebP: the ``EXIF`` chunk is rewritten, the ``XMP `` chunk dropped, and the extended header's
  flags and the RIFF size follow.

The picture data itself is copied in chunks, whatever its size. When nothing had to change the
caller keeps the original file as it came.
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

from tayang.media.sniff import JPEG, PNG, WEBP, Format

_GPS_IFD = 0x8825
_EXIF_PREFIX = b"Exif\x00\x00"
_XMP_PREFIXES = (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00")
_COPY = 1024 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_TEXT = {b"tEXt", b"zTXt", b"iTXt"}
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


class Unreadable(Exception):
    """The container's structure is broken; the caller refuses the file."""


def strip_location(source: BinaryIO, found: Format, out: BinaryIO) -> bool:
    """Copy the photo in ``source`` to ``out`` without location; False when nothing changed."""
    source.seek(0)
    try:
        if found is JPEG:
            return _jpeg(source, out)
        if found is PNG:
            return _png(source, out)
        if found is WEBP:
            return _webp(source, out)
    except (struct.error, ValueError, OSError) as error:
        raise Unreadable(str(error)) from error
    return False


def without_gps(tiff: bytes) -> bytes | None:
    """EXIF (a TIFF block, with or without the ``Exif`` prefix) without its GPS block.

    Returns the same bytes when there is no GPS block, None when the block cannot be read
    (then it is dropped whole: a location that cannot be checked is not kept).
    """
    from tayang.media.pillow import Image

    exif = Image.Exif()
    try:
        exif.load(tiff)
        if _GPS_IFD not in exif:
            return tiff
        del exif[_GPS_IFD]
        cleaned = exif.tobytes()  # starts with the Exif prefix
    except Exception:  # Pillow raises many kinds for a malformed block
        return None
    return cleaned if tiff.startswith(_EXIF_PREFIX) else cleaned[len(_EXIF_PREFIX):]


# -- JPEG ------------------------------------------------------------------------------------------
def _jpeg(source: BinaryIO, out: BinaryIO) -> bool:
    if source.read(2) != b"\xff\xd8":
        raise Unreadable("no SOI")
    out.write(b"\xff\xd8")
    changed = False
    while True:
        marker = _next_marker(source)
        if marker in (0xDA, 0xD9):  # start of scan, end of image: the rest is picture data
            out.write(bytes((0xFF, marker)))
            _copy_rest(source, out)
            return changed
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            out.write(bytes((0xFF, marker)))
            continue
        length = struct.unpack(">H", _exactly(source, 2))[0]
        payload = _exactly(source, length - 2)
        if marker == 0xE1 and payload.startswith(_XMP_PREFIXES):
            changed = True
            continue
        if marker == 0xE1 and payload.startswith(_EXIF_PREFIX):
            cleaned = without_gps(payload)
            if cleaned is not payload:
                changed = True
                if cleaned is None or len(cleaned) > 65533:
                    continue
                payload = cleaned
        out.write(struct.pack(">BBH", 0xFF, marker, len(payload) + 2))
        out.write(payload)


def _next_marker(source: BinaryIO) -> int:
    byte = _exactly(source, 1)
    if byte != b"\xff":
        raise Unreadable("expected a marker")
    while byte == b"\xff":  # fill bytes
        byte = _exactly(source, 1)
    return byte[0]


# -- PNG -------------------------------------------------------------------------------------------
def _png(source: BinaryIO, out: BinaryIO) -> bool:
    if _exactly(source, 8) != _PNG_SIGNATURE:
        raise Unreadable("no PNG signature")
    out.write(_PNG_SIGNATURE)
    changed = False
    while True:
        length, kind = struct.unpack(">I4s", _exactly(source, 8))
        if kind in (b"IDAT", b"fdAT", b"IEND") or kind not in (_PNG_TEXT | {b"eXIf"}):
            out.write(struct.pack(">I4s", length, kind))
            _copy(source, out, length + 4)
            if kind == b"IEND":
                return changed
            continue
        data = _exactly(source, length)
        _exactly(source, 4)  # the old CRC
        if kind == b"eXIf":
            cleaned = without_gps(data)
            if cleaned is data:
                _write_chunk(out, kind, data)
                continue
            changed = True
            if cleaned is not None:
                _write_chunk(out, kind, cleaned)
            continue
        keyword = data.split(b"\x00", 1)[0]
        if keyword == b"XML:com.adobe.xmp" or keyword.startswith(b"Raw profile type"):
            changed = True
            continue
        _write_chunk(out, kind, data)


def _write_chunk(out: BinaryIO, kind: bytes, data: bytes) -> None:
    out.write(struct.pack(">I4s", len(data), kind))
    out.write(data)
    out.write(struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


# -- WebP ------------------------------------------------------------------------------------------
def _webp(source: BinaryIO, out: BinaryIO) -> bool:
    riff, _, webp = struct.unpack("<4sI4s", _exactly(source, 12))
    if riff != b"RIFF" or webp != b"WEBP":
        raise Unreadable("no RIFF/WEBP header")
    chunks: list[tuple[bytes, bytes | None, int]] = []  # (kind, data kept in memory, size)
    changed = False
    picture_at = 0
    while header := source.read(8):
        kind, size = struct.unpack("<4sI", header)
        padded = size + (size & 1)
        if kind == b"XMP ":
            source.seek(padded, 1)
            changed = True
            continue
        if kind == b"EXIF":
            data = _exactly(source, size)
            source.seek(padded - size, 1)
            cleaned = without_gps(data)
            if cleaned is not data:
                changed = True
                if cleaned is None:
                    continue
            chunks.append((kind, cleaned, len(cleaned)))
            continue
        if kind == b"VP8X":
            chunks.append((kind, _exactly(source, padded), size))
            continue
        if not picture_at:
            picture_at = source.tell() - 8
        chunks.append((kind, None, size))  # the picture: copied from the source below
        source.seek(padded, 1)
    if not changed:
        return False
    has_exif = any(kind == b"EXIF" for kind, _, _ in chunks)
    body = sum(8 + size + (size & 1) for _, _, size in chunks)
    out.write(struct.pack("<4sI4s", b"RIFF", 4 + body, b"WEBP"))
    source.seek(picture_at)
    for kind, data, size in chunks:
        padded = size + (size & 1)
        if data is None:
            source.seek(_find(source, kind, size))
            out.write(struct.pack("<4sI", kind, size))
            _copy(source, out, padded)
            continue
        if kind == b"VP8X":
            flags = data[0] & ~_VP8X_XMP
            flags = flags | _VP8X_EXIF if has_exif else flags & ~_VP8X_EXIF
            data = bytes((flags,)) + data[1:]
        out.write(struct.pack("<4sI", kind, size))
        out.write(data + b"\x00" * (padded - len(data)))
    return True


def _find(source: BinaryIO, kind: bytes, size: int) -> int:
    """The position of the next chunk ``kind`` of ``size`` from where ``source`` stands."""
    while header := source.read(8):
        found, found_size = struct.unpack("<4sI", header)
        if found == kind and found_size == size:
            return source.tell()
        source.seek(found_size + (found_size & 1), 1)
    raise Unreadable("chunk vanished")


# -- copying ---------------------------------------------------------------------------------------
def _exactly(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise Unreadable("file ends early")
    return data


def _copy(source: BinaryIO, out: BinaryIO, size: int) -> None:
    while size > 0:
        chunk = source.read(min(size, _COPY))
        if not chunk:
            raise Unreadable("file ends early")
        out.write(chunk)
        size -= len(chunk)


def _copy_rest(source: BinaryIO, out: BinaryIO) -> None:
    while chunk := source.read(_COPY):
        out.write(chunk)
