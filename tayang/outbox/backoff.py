"""How long to wait before trying again."""

from __future__ import annotations

import random
from datetime import timedelta

CAP_SECONDS = 3600.0


def backoff(attempts: int, retry_after: float | None = None, *, base_seconds: float,
            cap_seconds: float = CAP_SECONDS) -> timedelta:
    """``base``, 2×, 4× … up to an hour, ±20 %; never sooner than the other side asks.

    The jitter keeps many rows that failed together (a platform's outage) from all coming
    back in the same second.
    """
    base = base_seconds * 2 ** max(attempts - 1, 0)
    seconds = min(base, cap_seconds) * random.uniform(0.8, 1.2)
    return timedelta(seconds=max(seconds, retry_after or 0.0))
