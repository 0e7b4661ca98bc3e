"""The notice-board poster: one A4 PDF per published item, with its lead photo and a QR code.

Targets: a poster with an ordinary photo well under 0.5 s, with a 12-megapixel photo under 1 s
(the worker makes it in the background, but a queue of posters must not hold others up).
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from bench.results import summary, write
from tayang.channels.connectors.base import MediaFile, Post
from tayang.channels.connectors.noticeboard import NoticeBoard
from tayang.sop.model import MediaKind

RUNS = 5


def _photo(path: Path, size: tuple[int, int]) -> MediaFile:
    # Colour noise in 4 × 4 blocks: harder to compress than any real photo.
    small = (size[0] // 4, size[1] // 4)
    image = Image.merge("RGB", [Image.effect_noise(small, 60) for _ in range(3)])
    image.resize(size, Image.Resampling.NEAREST).save(path, "JPEG", quality=92)
    return MediaFile(kind=MediaKind.PHOTO, path=str(path), url="http://situs.test/f.jpg",
                     filename=path.name, content_type="image/jpeg", size=path.stat().st_size,
                     alt="Penyerahan bantuan", width=size[0], height=size[1])


def _post(photo: MediaFile) -> Post:
    title = "Penyaluran bantuan sosial di Kapanewon Wonosari"
    link = "https://dinsos.example.go.id/berita/7/penyaluran-bantuan-sosial/"
    summary_text = "Dinas Sosial menyalurkan bantuan kepada 120 keluarga penerima manfaat."
    return Post(
        key="tayang-7-3-bench", title=title, text=f"{title}\n\n{summary_text}\n\n{link}",
        summary=summary_text, body_html=f"<p>{summary_text}</p>", link=link, media=(photo,),
        organization="Dinas Sosial DIY", published_at=datetime(2026, 11, 24, 2, 0, tzinfo=UTC),
        tags=(),
    )


def run() -> None:
    print("poster: papan pengumuman (A4 PDF dengan foto dan kode QR)")
    board = NoticeBoard({}, {}, http=None)  # type: ignore[arg-type]  (never used)
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, size in (("photo_1mp", (1200, 900)), ("photo_12mp", (4000, 3000))):
            post = _post(_photo(Path(folder) / f"{name}.jpg", size))
            board.publish(post, _Journal())  # fonts are scanned once per process
            samples = []
            for _ in range(RUNS):
                started = time.perf_counter()
                board.publish(post, _Journal())
                samples.append((time.perf_counter() - started) * 1000)
            figures[name] = summary(samples)
            print(f"  {name}: p50 {figures[name]['p50_ms']} ms")  # type: ignore[index]
    write("poster", figures)


class _Journal(dict):
    def record(self, key: str, value: object) -> None:
        self[key] = value
