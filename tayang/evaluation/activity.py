"""The day-by-day counts of the dashboard's weekly flow and per-unit chart
(``evaluation.ActivityTally``), kept like the step tallies: the history entries an action
writes are marked ``untallied`` and the worker's sweep adds them (``sweep.py``); the pages add
the marked ones not swept yet (``pending.py``); rebuilt from the history and the items when
asked.

Kinds: ``handed_in``, ``published``, ``sent_back``, ``refused`` — the actions as the history
(``LogEntry.outcome``) records them, each counted (an item handed in again after a send-back
counts again, as the weekly flow always showed) — and ``first_handed_in``, an item handed in
for the first time (``Item.handed_in_at``), which the per-unit chart counts as items.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import lru_cache

from django.db import connection
from django.db.models import Sum

from tayang.evaluation.epoch import ExactEpoch
from tayang.evaluation.models import ActivityTally

FLOW = ("handed_in", "published", "sent_back", "refused")
FIRST_HAND_IN = "first_handed_in"

type Key = tuple[int, int, date, str]


def keys_of(organization: int, unit: int | None, day: date, kind: str) -> list[Key]:
    return [(organization, each, day, kind) for each in ((0, unit) if unit else (0,))]


def add(counts: dict[Key, int]) -> None:
    """Add ``counts`` to the stored rows in one statement per 500 rows."""
    rows = [(*key, count) for key, count in counts.items() if count]
    for start in range(0, len(rows), 500):
        batch = rows[start:start + 500]
        # An action's two to four rows: the text made once per process for that many.
        sql = (_sql_of(len(batch), connection.vendor) if len(batch) <= 8
               else _sql(len(batch), connection.vendor))
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in batch for value in row])


def _sql(rows: int, vendor: str) -> str:
    quote = connection.ops.quote_name
    table = quote(ActivityTally._meta.db_table)
    columns = ("organization_id", "unit", "day", "kind", "count")
    return (f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES "
            + ", ".join(["(%s, %s, %s, %s, %s)"] * rows)
            + f" ON CONFLICT ({', '.join(quote(c) for c in columns[:4])}) DO UPDATE SET "
            f"{quote('count')} = {table}.{quote('count')} + excluded.{quote('count')}")


_sql_of = lru_cache(maxsize=16)(_sql)


def rebuild(organization: int | None = None) -> None:
    """Make the rows again from the history and the items (inside the caller's transaction:
    ``tallies.rebuild``)."""
    from datetime import datetime

    from tayang.items.models import Item, LogEntry
    from tayang.orgs.models import Organization

    stored = ActivityTally.objects.all()
    entries = LogEntry.objects.filter(outcome__in=FLOW)
    items = Item.objects.filter(handed_in_at__isnull=False)
    if organization is not None:
        stored = stored.filter(organization_id=organization)
        entries = entries.filter(item__organization_id=organization)
        items = items.filter(organization_id=organization)
    stored.delete()
    zones = {pk: org.zone for pk, org in
             ((org.pk, org) for org in Organization.objects.all())}
    counts: dict[Key, int] = defaultdict(int)
    for org, unit, moment, outcome in (
        entries.order_by().annotate(moment=ExactEpoch("at"))
        .values_list("item__organization_id", "item__unit_id", "moment", "outcome")
        .iterator(chunk_size=10_000)
    ):
        for key in keys_of(org, unit, datetime.fromtimestamp(moment, zones[org]).date(),
                           outcome):
            counts[key] += 1
    for org, unit, moment in (
        items.order_by().annotate(moment=ExactEpoch("handed_in_at"))
        .values_list("organization_id", "unit_id", "moment").iterator(chunk_size=10_000)
    ):
        for key in keys_of(org, unit, datetime.fromtimestamp(moment, zones[org]).date(),
                           FIRST_HAND_IN):
            counts[key] += 1
    add(counts)


def by_day(organization: int, start: date, end: date, unit: int | None
           ) -> list[tuple[date, str, int]]:
    """(day, kind, count) of the flow's kinds in a period, for one unit or all."""
    found = list(
        ActivityTally.objects.filter(organization_id=organization, unit=unit or 0,
                                     day__gte=start, day__lte=end, kind__in=FLOW)
        .values_list("day", "kind", "count")
    )
    found += [(day, kind, count) for (_, each, day, kind), count in _pending(organization)
              if each == (unit or 0) and start <= day <= end and kind in FLOW]
    return found


def by_unit(organization: int, start: date, end: date, kinds: tuple[str, ...]
            ) -> dict[tuple[int, str], int]:
    """{(unit, kind): count} over a period; unit 0 is the whole organization."""
    found = {
        (row["unit"], row["kind"]): row["total"]
        for row in ActivityTally.objects.filter(
            organization_id=organization, day__gte=start, day__lte=end, kind__in=kinds)
        .order_by().values("unit", "kind").annotate(total=Sum("count"))
    }
    for (_, unit, day, kind), count in _pending(organization):
        if start <= day <= end and kind in kinds:
            found[unit, kind] = found.get((unit, kind), 0) + count
    return found


def _pending(organization: int) -> list[tuple[Key, int]]:
    """The counts of the organization's history entries not added yet by the worker's sweep
    (``pending.py``): the pages count them as the sweep will."""
    from tayang.evaluation import pending
    from tayang.items.models import LogEntry

    return list(pending.entries(LogEntry.objects.filter(
        untallied=True, item__organization_id=organization)).items())
