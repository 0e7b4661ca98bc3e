"""What the rows marked ``untallied`` add to the evaluation's tallies (issue 16): computed
alike for the worker's sweep (``sweep.py``), which writes it and clears the marks, and for
the dashboard and the report, which add it to the stored tallies while the sweep has not run
yet, so their figures are the same before and after it.

Three kinds of marked rows, each computed as the rebuild computes its table:

* closed step visits (``StepVisit.untallied``): the step tallies (``tallies.py``) and the
  items' late sums (``lateness.py``);
* history entries of the outcomes the day counts keep (``LogEntry.untallied``): the activity
  tallies (``activity.py``), a hand-in that is the item's first counted as such too;
* publications (``Publication.untallied``): the publication tallies (``publishing.py``),
  moved from the facts the tallies hold (``tallied_*``, none yet when the state is "") to the
  publication's own.

Each function takes a queryset of the marked rows (the sweep's claimed ones, or an
organization's still marked) and reads it once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet

from tayang.evaluation import activity, lateness, publishing
from tayang.evaluation import figures as fig
from tayang.evaluation.epoch import ExactEpoch
from tayang.evaluation.tally import Tally

VISIT_FIELDS = ("item_id", "item__organization_id", "item__procedure_id",
                "item__procedure_version_id", "item__unit_id", "step", "entered", "finished",
                "target", "limit", "outcome", "skipped", "repeated")


def visits(rows: QuerySet[Any]) -> tuple[dict[Any, Tally], dict[int, lateness.Late]]:
    """The step tallies and the items' late sums the closed visits ``rows`` add."""
    from tayang.evaluation.tallies import Measures, count, earlier_visit
    from tayang.orgs.models import Organization
    from tayang.procedures.definitions import sops_by_version

    found = list(rows.order_by().annotate(
        entered=ExactEpoch("entered_at"), finished=ExactEpoch("finished_at"),
        target=ExactEpoch("due_target"), limit=ExactEpoch("due_limit"),
        repeated=earlier_visit(),
    ).values_list(*VISIT_FIELDS))
    tallied: dict[Any, Tally] = {}
    late: dict[int, lateness.Late] = {}
    if not found:
        return tallied, late
    organizations = Organization.objects.in_bulk({row[1] for row in found})
    versions = sops_by_version({row[3] for row in found})
    measures: dict[tuple[int, int], Measures] = {}
    for (item, org, procedure, version, unit, step, entered, finished, target, limit,
         outcome, skipped, repeated) in found:
        measure = measures.get((org, version))
        if measure is None:
            measure = measures[org, version] = Measures(organizations[org], versions[version])
        visit = fig.Visit(item, step, entered, finished, target, limit, outcome, skipped)
        count(tallied, org, procedure, unit, visit, bool(repeated) and not skipped,
              organizations[org].zone, measure)
        if not skipped and limit is not None and finished >= limit:
            if item not in late:
                late[item] = lateness.Late(org, unit or 0)
            late[item].add(entered, finished - limit)
    return tallied, late


def entries(rows: QuerySet[Any]) -> dict[activity.Key, int]:
    """The day counts the history entries ``rows`` add (a hand-in at the moment the item
    was first handed in counts as its first too, as the rebuild counts the items)."""
    from datetime import datetime

    from tayang.orgs.models import Organization

    counts: dict[activity.Key, int] = defaultdict(int)
    found = list(rows.filter(outcome__in=activity.FLOW).order_by().annotate(
        moment=ExactEpoch("at"),
        first=ExpressionWrapper(Q(at=F("item__handed_in_at")), output_field=BooleanField()),
    ).values_list("item__organization_id", "item__unit_id", "moment", "outcome", "first"))
    if not found:
        return counts
    zones = {pk: org.zone for pk, org in
             Organization.objects.in_bulk({row[0] for row in found}).items()}
    for org, unit, moment, outcome, first in found:
        day = datetime.fromtimestamp(moment, zones[org]).date()
        for key in activity.keys_of(org, unit, day, outcome):
            counts[key] += 1
        if outcome == "handed_in" and first:
            for key in activity.keys_of(org, unit, day, activity.FIRST_HAND_IN):
                counts[key] += 1
    return counts


TALLIED_FIELDS = ("tallied_channel", "tallied_state", "tallied_requested_at",
                  "tallied_published_at")


def publications(rows: QuerySet[Any]) -> publishing.Rows:
    """The moves in the publication tallies of the publications ``rows``: out of the facts
    the tallies hold for each (if any), into its own."""
    moves: publishing.Rows = {}
    zones: dict[str, ZoneInfo] = {}
    for values in rows.order_by().values_list(*publishing.FACT_FIELDS, *TALLIED_FIELDS):
        now = publishing.facts_of(values[:len(publishing.FACT_FIELDS)], zones)
        channel, state, requested, published = values[len(publishing.FACT_FIELDS):]
        held = None
        if state:
            held = publishing.Facts(now.organization, now.unit, now.zone, channel, state,
                                    requested, published, now.handed_in_at)
        if held == now:
            continue
        if held is not None:
            publishing.count(moves, held, -1)
        publishing.count(moves, now, 1)
    return moves


@contextmanager
def one_snapshot() -> Iterator[None]:
    """The page's reads in one snapshot of the database: the stored tallies and the marked
    rows are then read as of one moment, and a sweep committing between two of the reads
    can neither count a row twice nor lose it. PostgreSQL: a read-only REPEATABLE READ
    transaction; SQLite: a deferred (read) transaction, which never takes the write lock
    (Django's own would be ``BEGIN IMMEDIATE``). Inside a transaction already: that one."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")
