"""Compression of dynamic bodies: size and time of gzip and brotli at each quality.

Measured on real bodies made without a database: the SOP document page of each bundled SOP
(HTML tables plus SVG, 6–16 KB) and its stylesheet, and the fallback TTF. Chooses the
brotli qualities in ``tayang/http/encodings.py``: per request a quality about as fast as gzip
and smaller; for the page cache (compressed once, sent many times) the best ratio still well
under the time of rendering the page. Also prints the document fonts, TTF against WOFF2.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable

import brotli

from bench.results import summary, write
from tayang.sop.bundled import bundled_sops
from tayang.sop.document.html import render_fragment, stylesheet
from tayang.sop.document.layout import layout
from tayang.sop.document.metrics import FONT_DIR, FONT_FILES

RUNS = 15
QUALITIES = (1, 3, 4, 5, 6, 7, 9, 11)


def _timed(function: Callable[[bytes], bytes], data: bytes) -> tuple[int, dict[str, float]]:
    samples, size = [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        size = len(function(data))
        samples.append((time.perf_counter() - started) * 1000)
    return size, summary(samples)


def run() -> None:
    print("compression: gzip dan brotli atas halaman dinamis (dokumen SOP), CSS, TTF")
    bodies = {
        f"html:{key}": render_fragment(layout(sop)).encode()
        for key, sop in sorted(bundled_sops().items())
    }
    bodies["css:document"] = stylesheet().encode()
    bodies["ttf:regular"] = (FONT_DIR / "LiberationSans-Regular.ttf").read_bytes()
    figures: dict[str, object] = {}
    for name, data in bodies.items():
        row: dict[str, object] = {"bytes": len(data)}
        size, timing = _timed(lambda d: gzip.compress(d, 6, mtime=0), data)
        row["gzip6"] = {"bytes": size, "ratio": round(size / len(data), 4), **timing}
        for quality in QUALITIES:
            size, timing = _timed(
                lambda d, q=quality: brotli.compress(d, mode=brotli.MODE_TEXT, quality=q), data
            )
            row[f"br{quality}"] = {"bytes": size, "ratio": round(size / len(data), 4), **timing}
        figures[name] = row
        print(f"  {name}: {len(data)} B → " + ", ".join(
            f"{coding} {row[coding]['bytes']} B {row[coding]['p50_ms']} ms"  # type: ignore[index]
            for coding in ("gzip6", "br5", "br7", "br11")
        ))
    fonts = {name: (FONT_DIR / name).stat().st_size for name in FONT_FILES}
    figures["document_fonts_bytes"] = fonts
    woff2 = sum(size for name, size in fonts.items() if name.endswith(".woff2"))
    ttf = sum(size for name, size in fonts.items() if name.endswith(".ttf"))
    print(f"  huruf dokumen: 3 TTF {ttf // 1024} KB → 3 WOFF2 {woff2 // 1024} KB")
    write("compression", figures)
