"""Closing an item's step visits.

The evaluation's tallies (``evaluation/tallies.py``) count every closed visit, but not in the
action's transaction any more (issue 16): the ``UPDATE`` that closes a visit also marks it
``untallied``, and the worker's sweep (``evaluation/sweep.py``) adds it to the tallies later.
The action neither reads the visit back nor writes a tally: one statement for the visit,
nothing more. Until the sweep has run, the dashboard and the report judge the marked visits
live, so their figures are the same before and after.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from django.db import connection

from tayang.items.models import StepVisit


def close(item_id: int, step: str, finished_at: datetime, timeliness: str,
          outcome: str) -> None:
    """Close the item's open visit of ``step`` and mark it for the tallies' sweep."""
    with connection.cursor() as cursor:
        cursor.execute(_close_sql(connection.vendor),
                       [connection.ops.adapt_datetimefield_value(finished_at), timeliness,
                        outcome, True, item_id, step])


@lru_cache(maxsize=4)
def _close_sql(vendor: str) -> str:
    table = connection.ops.quote_name(StepVisit._meta.db_table)
    return (f"UPDATE {table} SET finished_at = %s, timeliness = %s, outcome = %s, "
            f"untallied = %s WHERE item_id = %s AND step = %s AND finished_at IS NULL")
