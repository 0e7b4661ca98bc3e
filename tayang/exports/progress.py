"""Progress of a running export, written to its row often enough to watch and no more.

A builder reports after every row or file (a 1,000-item register: 1,000 calls); one UPDATE
each would be most of the work, and on SQLite every one takes the write lock. So the numbers
reach the database at most once per ``interval`` (the job page asks once a second), plus the
first report (the total) and the last (everything done), which are always written.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.utils import timezone

from tayang.exports.models import ExportJob

INTERVAL = 0.5  # seconds between two writes


class ProgressWriter:
    """The ``progress`` callable given to a builder, for one job."""

    def __init__(self, job_id: int, *, interval: float = INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.job_id = job_id
        self.interval = interval
        self.clock = clock
        self.last: float | None = None
        self.writes = 0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        first, last = self.last is None, done >= total
        if not (first or last) and now - self.last < self.interval:  # type: ignore[operator]
            return
        self.last = now
        self.write(done, total)

    def write(self, done: int, total: int) -> None:
        # Only while running: a job marked failed or removed meanwhile is left as it is.
        ExportJob.objects.filter(pk=self.job_id, state=ExportJob.State.RUNNING).update(
            done=done, total=total, updated_at=timezone.now()
        )
        self.writes += 1
