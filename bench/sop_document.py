"""The SOP document: laying out and rendering each bundled SOP as a PDF and as HTML.

Target: a seed SOP's PDF well under 2 s (it is made on request, while the person waits).
"""

from __future__ import annotations

import time

from bench.results import summary, write
from tayang.sop.bundled import bundled_sops
from tayang.sop.document.html import render_fragment
from tayang.sop.document.layout import layout
from tayang.sop.document.pdf import render_pdf

RUNS = 10


def run() -> None:
    print("sop_document: tata letak, PDF dan HTML dokumen SOP setiap SOP bawaan")
    render_pdf(next(iter(bundled_sops().values())))  # fonts are scanned once per process
    figures: dict[str, object] = {}
    for key, sop in sorted(bundled_sops().items()):
        timings: dict[str, list[float]] = {"layout": [], "pdf": [], "html": []}
        size = 0
        for _ in range(RUNS):
            started = time.perf_counter()
            document = layout(sop)
            timings["layout"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            size = len(render_pdf(sop))
            timings["pdf"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            render_fragment(document)
            timings["html"].append((time.perf_counter() - started) * 1000)
        figures[key] = {name: summary(samples) for name, samples in timings.items()}
        figures[key]["pdf_bytes"] = size  # type: ignore[index]
        print(f"  {key}: PDF p50 {figures[key]['pdf']['p50_ms']} ms "  # type: ignore[index]
              f"({size // 1024} KB), tata letak p50 "
              f"{figures[key]['layout']['p50_ms']} ms")  # type: ignore[index]
    write("sop_document", figures)
