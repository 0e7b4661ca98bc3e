"""The SOP layer and the engine alone: loading every bundled definition, and a whole walk
(create, hand in, every approval, publish) per bundled SOP, without a database.

The whole-flow target (hand-in, three approvals, publish under 60 ms of server time) is for the
web layer; this shows how little of it the engine itself takes.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bench.results import summary, write
from tayang.cli.simulate import SimulationRequest, simulate
from tayang.sop.bundled import bundled_paths, bundled_sops
from tayang.sop.loader import load_file

RUNS = 200


def run() -> None:
    print("engine: memuat definisi dan menjalankan satu konten melalui setiap SOP bawaan")
    load_ms = []
    for _ in range(20):
        started = time.perf_counter()
        for path in bundled_paths():
            load_file(path)
        load_ms.append((time.perf_counter() - started) * 1000)
    loading = summary(load_ms)
    figures: dict[str, object] = {"load_all_bundled": loading}
    print(f"  memuat {len(bundled_paths())} definisi: p50 {loading['p50_ms']} ms")

    zone = ZoneInfo("Asia/Jakarta")
    request = SimulationRequest(
        start=datetime(2026, 11, 24, 8, tzinfo=zone), zone=zone, activity_date=date(2026, 11, 24)
    )
    walks: dict[str, object] = {}
    for key, sop in sorted(bundled_sops().items()):
        samples = []
        steps = 0
        for _ in range(RUNS):
            started = time.perf_counter()
            walk = simulate(sop, request)
            samples.append((time.perf_counter() - started) * 1000)
            steps = len(walk.rows)
        figures_of_walk = summary(samples)
        walks[key] = {**figures_of_walk, "actions": steps}
        print(f"  {key}: {steps} tindakan, p50 {figures_of_walk['p50_ms']} ms, "
              f"p95 {figures_of_walk['p95_ms']} ms per konten")
    figures["whole_walk"] = walks
    write("engine", figures)
