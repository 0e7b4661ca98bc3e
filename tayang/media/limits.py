"""The limits an uploaded file is held to, read from the settings, and how they are written.

One place for the figures (documented in docs/security.md, "Berkas dan batas"): the upload
handler refuses by them while a file streams in, intake checks them again on the whole file,
and the bench measures that peak memory stays under 300 MB within them.
"""

from __future__ import annotations

from typing import Any

MB = 1024 * 1024
KIND_NAMES = {"photo": "foto", "video": "video", "audio": "audio", "document": "dokumen"}
# The limits a child process was given by its parent (:func:`given`), else None.
_given_pixels: int | None = None
_given_budget: int | None = None


def _settings() -> Any:
    # Imported when a limit is read, not with this module: a child process that makes web sizes
    # or a poster's photo (tayang/media/websizes.py) loads Pillow's guards through here, and
    # ``django.conf`` alone (asgiref, asyncio) cost each such child ~50 ms of CPU.
    from django.conf import settings

    return settings


def file_limit(kind: str) -> int:
    """Bytes a file of ``kind`` (photo, video, audio, document) may have."""
    limits: dict[str, int] = _settings().TAYANG_UPLOAD_MAX_MB
    return limits.get(kind, limits["document"]) * MB


def largest_file_limit() -> int:
    return max(_settings().TAYANG_UPLOAD_MAX_MB.values()) * MB


def request_limit() -> int:
    """Bytes one request may carry, every file and field together."""
    return int(_settings().TAYANG_UPLOAD_REQUEST_MAX_MB) * MB


def max_pixels() -> int:
    if _given_pixels is not None:
        return _given_pixels
    return int(_settings().TAYANG_IMAGE_MAX_MEGAPIXELS) * 1_000_000


def decode_budget() -> int:
    """Bytes one decoded picture may take in memory."""
    if _given_budget is not None:
        return _given_budget
    return int(_settings().TAYANG_IMAGE_DECODE_MB) * MB


def given(max_megapixels: int, decode_mb: int | None = None) -> None:
    """In a child process that makes pictures for a Django one (:mod:`tayang.apart`), before
    Pillow is loaded: the pixel limit Pillow's guards take (:mod:`tayang.media.pillow`), as the
    parent read it from its settings; the child loads neither Django nor the settings."""
    global _given_pixels, _given_budget
    _given_pixels = int(max_megapixels) * 1_000_000
    if decode_mb is not None:
        _given_budget = int(decode_mb) * MB


def max_seconds() -> float:
    return float(_settings().TAYANG_MEDIA_MAX_MINUTES) * 60


def size_text(size: float) -> str:
    """A size as people read it, with the Indonesian decimal comma: "1,5 MB", "812 KB"."""
    if size >= MB:
        return f"{size / MB:.1f}".replace(".", ",") + " MB"
    return f"{max(1, round(size / 1024))} KB"


def limit_text(limit: int) -> str:
    """A limit: whole megabytes when it is one ("25 MB"), else as :func:`size_text`."""
    return f"{limit // MB} MB" if limit % MB == 0 else size_text(limit)
