"""The background task of accessible formats: make one (Django's Tasks interface).

Safe to run twice or late: it claims its row first (:mod:`tayang.accessible.making`) and
does nothing when the row is not due, held, or done. A retry is enqueued by the making itself,
after it has written the row's new due time.
"""

from __future__ import annotations

from django.tasks import task


@task()
def make(format_id: int) -> str:
    # Imported here: making loads PyAV and Typst, which a web process that only enqueues never
    # needs (docs/performance.md, memory).
    from tayang.accessible import making

    return making.make(format_id)
