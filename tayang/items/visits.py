"""Closing an item's step visits, and telling the SOP evaluation what was closed.

The evaluation's tallies (``evaluation/tallies.py``) add each visit an action closes; they
used to read the item's visits at those steps again after the ``UPDATE`` that closed them.
The ``UPDATE`` now returns them (``RETURNING``, SQLite and PostgreSQL alike), with whether the
item had been at that step before (an earlier visit, not skipped): one statement fewer for
every action that closes a visit (issue 16).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from tayang.items.models import StepVisit
from tayang.rows import reading


@dataclass(frozen=True, slots=True)
class Closed:
    """A visit closed by the action, as the tallies count it."""

    step: str
    entered_at: datetime
    finished_at: datetime
    due_target: datetime | None
    due_limit: datetime | None
    outcome: str
    skipped: bool
    repeated: bool  # the item was at this step before (a visit not skipped)


def close(item_id: int, step: str, finished_at: datetime, timeliness: str,
          outcome: str) -> list[Closed]:
    """Close the item's open visit of ``step``; the visits closed (one, in practice)."""
    table = connection.ops.quote_name(StepVisit._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    sql = (
        f"UPDATE {table} SET finished_at = %s, timeliness = %s, outcome = %s "
        f"WHERE item_id = %s AND step = %s AND finished_at IS NULL "
        f"RETURNING id, step, entered_at, finished_at, due_target, due_limit, outcome, "
        f"skipped, EXISTS (SELECT 1 FROM {table} AS earlier "
        f"WHERE earlier.item_id = {table}.item_id AND earlier.step = {table}.step "
        f"AND earlier.skipped = %s AND (earlier.entered_at < {table}.entered_at "
        f"OR (earlier.entered_at = {table}.entered_at AND earlier.id < {table}.id))) "
        f"AS repeated"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [adapt(finished_at), timeliness, outcome, item_id, step, False])
        rows = cursor.fetchall()
    # The returned columns converted as the model's fields convert them (SQLite's text dates
    # and integer booleans); was ``StepVisit.objects.raw``, which built a model per row.
    convert = reading.converted
    return [Closed(row[1], convert(StepVisit, "entered_at", row[2]),
                   convert(StepVisit, "finished_at", row[3]),
                   convert(StepVisit, "due_target", row[4]),
                   convert(StepVisit, "due_limit", row[5]), row[6],
                   convert(StepVisit, "skipped", row[7]), bool(row[8])) for row in rows]


def skipped(step: str, at: datetime) -> Closed:
    """A visit made and closed at once by a skip (never a repeat, no time standard)."""
    return Closed(step, at, at, None, None, "skipped", True, False)
