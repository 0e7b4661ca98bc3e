"""Run every benchmark: ``python -m bench [name ...]``."""

from __future__ import annotations

import sys

from bench import engine

BENCHMARKS = {"engine": engine.run}


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"Tolok ukur tidak dikenal: {', '.join(unknown)}; ada: {', '.join(BENCHMARKS)}")
        return 2
    for name in names or list(BENCHMARKS):
        BENCHMARKS[name]()
    return 0


sys.exit(main(sys.argv[1:]))
