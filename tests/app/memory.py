"""Peak memory of the test process around a block (Linux), with a ceiling as a safety net.

Issue 11's regression tests feed today's worst files to the code under test and bound what it
may allocate. ``/proc/self/clear_refs`` resets the peak resident size, ``VmHWM`` reads it
afterwards. The ceiling (``RLIMIT_AS``) keeps code without limits from taking the machine down
while it fails the test: allocation past it raises MemoryError instead.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_STATUS = Path("/proc/self/status")


def status_kb(field: str) -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} tidak ada di /proc/self/status")


@dataclass
class Peak:
    before_kb: int = 0
    growth_mb: float = 0.0


@contextmanager
def peak_growth(ceiling_mb: int = 1500) -> Iterator[Peak]:
    """How far the peak resident memory rose above its level at the start (``growth_mb``)."""
    Path("/proc/self/clear_refs").write_text("5")
    peak = Peak(before_kb=status_kb("VmRSS"))
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = status_kb("VmSize") * 1024 + ceiling_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY
                                            else min(limit, hard), hard))
    try:
        yield peak
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        peak.growth_mb = (status_kb("VmHWM") - peak.before_kb) / 1024
