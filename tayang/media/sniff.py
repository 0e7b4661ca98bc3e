"""What a file really is, read from its first bytes: never from its name or the browser's word.

Each recognised format maps to the kind of documentation it is (photo, video, audio, document),
the MIME type it is served with, and the extension it is stored under.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    kind: str  # MediaAsset.Kind value
    content_type: str
    extension: str
    label: str  # as a person would name it


JPEG = Format("photo", "image/jpeg", "jpg", "foto JPEG")
PNG = Format("photo", "image/png", "png", "gambar PNG")
WEBP = Format("photo", "image/webp", "webp", "gambar WebP")
HEIC = Format("photo", "image/heic", "heic", "foto HEIC")
MP4 = Format("video", "video/mp4", "mp4", "video MP4")
MOV = Format("video", "video/quicktime", "mov", "video MOV")
WEBM = Format("video", "video/webm", "webm", "video WebM")
MP3 = Format("audio", "audio/mpeg", "mp3", "audio MP3")
M4A = Format("audio", "audio/mp4", "m4a", "audio M4A")
OGG = Format("audio", "audio/ogg", "ogg", "audio OGG")
WAV = Format("audio", "audio/wav", "wav", "audio WAV")
PDF = Format("document", "application/pdf", "pdf", "dokumen PDF")
OFFICE = Format("document", "application/zip", "zip", "dokumen Office/ZIP")

_MOV_BRANDS = {b"qt  "}
_AUDIO_BRANDS = {b"M4A ", b"M4B "}
_HEIC_BRANDS = {b"heic", b"heix", b"mif1", b"msf1", b"hevc", b"heim", b"heis"}


def sniff(head: bytes) -> Format | None:
    """The format of a file starting with ``head`` (at least 16 bytes), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIC_BRANDS:
            return HEIC
        if brand in _MOV_BRANDS:
            return MOV
        if brand in _AUDIO_BRANDS:
            return M4A
        return MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return MP3
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return OFFICE
    return None
