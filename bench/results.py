"""Where benchmark figures go: printed, and written as JSON under bench/results/."""

from __future__ import annotations

import json
import platform
import statistics
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).with_name("results")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(samples_ms: list[float]) -> dict[str, float]:
    return {
        "runs": len(samples_ms),
        "mean_ms": round(statistics.fmean(samples_ms), 4),
        "p50_ms": round(percentile(samples_ms, 0.50), 4),
        "p95_ms": round(percentile(samples_ms, 0.95), 4),
    }


def write(name: str, figures: dict[str, object], folder: Path = RESULTS_DIR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    document = {
        "benchmark": name,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "figures": figures,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"  → {path}")
    return path
