"""The background task of the spelling check (Django's Tasks interface).

Safe to run twice or late: it claims its row first (:mod:`tayang.language.checking`) and does
nothing when the row is not due, held, or done.
"""

from __future__ import annotations

from django.tasks import task


@task()
def check(check_id: int) -> str:
    from tayang.language import checking

    return checking.check(check_id)
