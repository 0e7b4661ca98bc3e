"""Posts and media files for connector tests: real small JPEG/PNG/MP4 files on disk."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from tayang.channels.connectors.base import MediaFile, MediaKind, Post


def jpeg(directory: Path, name: str = "foto.jpg", size: tuple[int, int] = (1200, 900),
         alt: str = "Kepala Dinas menyerahkan bantuan",
         url_base: str = "http://situs.test") -> MediaFile:
    from PIL import Image  # here: a test of what a process loads uses these posts without it

    path = directory / name
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return MediaFile(
        kind=MediaKind.PHOTO, path=str(path), url=f"{url_base}/berkas/{name}", filename=name,
        content_type="image/jpeg", size=path.stat().st_size, alt=alt, width=size[0],
        height=size[1],
    )


def video(directory: Path, name: str = "video.mp4", seconds: float = 12.0,
          url_base: str = "http://situs.test") -> MediaFile:
    """A file that stands for an MP4 (connectors upload bytes; they never decode video)."""
    path = directory / name
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4096)
    return MediaFile(
        kind=MediaKind.VIDEO, path=str(path), url=f"{url_base}/berkas/{name}", filename=name,
        content_type="video/mp4", size=path.stat().st_size, width=1280, height=720,
        duration=seconds,
    )


def post(*media: MediaFile, text: str | None = None, key: str = "tayang-7-3-1a2b3c") -> Post:
    title = "Penyaluran bantuan sosial di Kapanewon Wonosari"
    link = "https://dinsos.example.go.id/berita/7/penyaluran-bantuan-sosial/"
    summary = "Dinas Sosial menyalurkan bantuan kepada 120 keluarga penerima manfaat."
    return Post(
        key=key, title=title,
        text=text if text is not None else f"{title}\n\n{summary}\n\n{link}",
        summary=summary,
        body_html=f"<p>{summary}</p><p>Kegiatan berlangsung lancar.</p>",
        link=link, media=tuple(media), organization="Dinas Sosial DIY",
        published_at=datetime(2026, 11, 24, 2, 0, tzinfo=UTC), tags=("bantuan sosial",),
    )
