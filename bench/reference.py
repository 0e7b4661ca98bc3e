"""How fast this machine's core runs Python right now: a fixed piece of work's CPU time.

On a shared machine even CPU time is not steady: with the other core busy (another build, a
test suite) the same Python took 1.15 s at a load average of 3.3 and 1.47 s at 10, against
about half that on a quiet machine (the caches and the core's sibling are shared). The
benchmarks record this figure beside their own, so that two runs are compared by their ratio
to it, not by their raw milliseconds.
"""

from __future__ import annotations

import statistics
import time

ROUNDS = 5


def _work() -> int:
    # Dictionary and attribute work, the stuff of a Django request, not only arithmetic.
    table: dict[str, int] = {}
    total = 0
    for index in range(40_000):
        key = f"k{index % 512}"
        table[key] = table.get(key, 0) + index
        total += len(key)
    return total + sum(table.values())


def reference_ms() -> float:
    """The median CPU milliseconds of ``ROUNDS`` runs of the same work."""
    runs = []
    for _ in range(ROUNDS):
        start = time.process_time()
        _work()
        runs.append((time.process_time() - start) * 1000)
    return round(statistics.median(runs), 2)
