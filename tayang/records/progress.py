"""How a record builder says how far it has got, for exports made in the background.

A builder takes an optional ``progress`` callable and calls it with ``(done, total)`` as it
goes; without one it does exactly what it did before, so an export made in the request and one
made by a worker are the same bytes. How often the numbers reach the database is the caller's
business (``tayang.exports.progress`` writes at most twice a second).
"""

from __future__ import annotations

from collections.abc import Callable

type Progress = Callable[[int, int], None]


class Counter:
    """Units of work done out of ``total``, told to ``progress`` after each step (if any)."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0
        if progress is not None:
            progress(0, total)

    def step(self, units: int = 1) -> None:
        self.done = min(self.done + units, self.total)
        if self.progress is not None:
            self.progress(self.done, self.total)
