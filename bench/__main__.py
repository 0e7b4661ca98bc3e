"""Run every benchmark: ``python -m bench [name ...]``."""

from __future__ import annotations

import sys

from bench import derivatives, engine, public, reminders, sop_document

BENCHMARKS = {
    "engine": engine.run,
    "derivatives": derivatives.run,
    "public": public.run,
    "reminders": reminders.run,
    "sop_document": sop_document.run,
}


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"Tolok ukur tidak dikenal: {', '.join(unknown)}; ada: {', '.join(BENCHMARKS)}")
        return 2
    for name in names or list(BENCHMARKS):
        BENCHMARKS[name]()
    return 0


# Guarded: a benchmark that measures in a fresh process (spawn) imports this module again.
if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
