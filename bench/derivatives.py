"""Web sizes (480, 960, 1600 px) of five 12 MP phone photos: time and peak memory.

Each measurement runs in a fresh process whose peak resident memory is reset just before the
work (Linux ``/proc/self/clear_refs``) and read just after (``VmHWM``): the figure is how far
the peak rose above the process's size before the work. The same photos are also made without
Pillow's ``draft()`` to show what it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from bench.results import write

PHOTOS = 5
SIZE = (4000, 3000)  # 12 MP, as a phone camera takes them
RUNS = 3


def make_photos(folder: Path) -> list[Path]:
    """Five 12 MP JPEGs with texture (noise and shapes), so they compress like photos."""
    paths = []
    for index in range(PHOTOS):
        noise = Image.effect_noise((SIZE[0] // 4, SIZE[1] // 4), 60).resize(SIZE)
        mirrored = noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        base = Image.merge("RGB", (noise, noise.rotate(180), mirrored))
        draw = ImageDraw.Draw(base)
        top = (index * 300) % SIZE[1]
        for left in range(0, SIZE[0], 250):
            draw.ellipse((left, top, left + 600, top + 600),
                         outline=(240, 200 - index * 20, 40), width=18)
        photo = base.filter(ImageFilter.GaussianBlur(1.2))
        path = folder / f"foto-{index + 1}.jpg"
        exif = Image.Exif()
        exif[0x0112] = 6 if index % 2 else 1  # half of them taken upright on a phone
        photo.save(path, "JPEG", quality=90, exif=exif.tobytes())
        paths.append(path)
    return paths


def _measure(paths: list[str], use_draft: bool, queue: multiprocessing.Queue) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tayang.settings")
    import django

    django.setup()
    from tayang.media.derivatives import render, target_widths

    before = _reset_peak()
    started = time.perf_counter()
    made = 0
    for path in paths:
        with open(path, "rb") as handle:
            with Image.open(handle) as header:  # reads the header only: size, orientation
                upright = _upright(header)
            handle.seek(0)
            made += len(render(handle, target_widths(*upright), use_draft=use_draft))
    elapsed = time.perf_counter() - started
    peak = _status_kb("VmHWM")
    queue.put({"seconds": elapsed, "peak_growth_mb": (peak - before) / 1024, "files": made})


def _upright(image: Image.Image) -> tuple[int, int]:
    """Width and height as shown, as intake records them (EXIF orientation applied)."""
    turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
    return (image.height, image.width) if turned else (image.width, image.height)


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} tidak ada di /proc/self/status")


def _reset_peak() -> int:
    """Start the peak-memory count afresh (Linux); returns the resident size now, in kB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS")


def measure(paths: list[Path], use_draft: bool) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=([str(p) for p in paths], use_draft, queue))
    process.start()
    result = queue.get(timeout=600)
    process.join()
    return result


def run() -> None:
    print(f"derivatives: {PHOTOS} foto {SIZE[0]}×{SIZE[1]} (12 MP) → 480, 960, 1600 px JPEG")
    with tempfile.TemporaryDirectory(prefix="tayang-bench-") as folder:
        paths = make_photos(Path(folder))
        megabytes = sum(path.stat().st_size for path in paths) / 1024 / 1024
        figures: dict[str, object] = {"photos": PHOTOS, "megapixels": SIZE[0] * SIZE[1] / 1e6,
                                      "input_mb": round(megabytes, 1)}
        for label, use_draft in (("with_draft", True), ("without_draft", False)):
            runs = [measure(paths, use_draft) for _ in range(RUNS)]
            best = min(runs, key=lambda run: run["seconds"])
            figures[label] = {
                "total_seconds": round(best["seconds"], 3),
                "per_photo_ms": round(best["seconds"] * 1000 / PHOTOS, 1),
                "peak_memory_growth_mb": round(max(run["peak_growth_mb"] for run in runs), 1),
                "files_made": best["files"],
                "runs": RUNS,
            }
            shown = figures[label]
            print(f"  {label.replace('_', ' ')}: {shown['total_seconds']} s "  # type: ignore[index]
                  f"({shown['per_photo_ms']} ms per foto), puncak memori "  # type: ignore[index]
                  f"+{shown['peak_memory_growth_mb']} MB")  # type: ignore[index]
    write("derivatives", figures)
