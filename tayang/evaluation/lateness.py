"""The report's furthest items without summing every late visit of the period (issue 13,
point 4): each item's closed late visits are summed (``evaluation.LateItem``, one upsert by
the worker's sweep that adds the visits the actions marked ``untallied``, ``sweep.py``), and a
period's furthest items are found through that table's indexes; an item with a late visit
not swept yet is always a candidate (its sum is read from its visits anyway).

A late visit belongs to the period it was entered in. An item whose late visits were all
entered inside the period counts whole: its sum is the table's, and the largest sums are the
first rows of the index ``late_item_overrun_idx``. An item with late visits on both sides of
an edge of the period (entered before and inside, or inside and after) is a *straddler*: its
first late visit lies at most the largest ``span`` before the edge, so the straddlers are a
short range of ``late_item_first_idx``; their sums for the period are read from their visits.
``candidates`` returns both; ``queries.late_closed`` sums the candidates' visits exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count, F, FloatField, Max, Min, Q, Subquery, Sum, Value

from tayang.evaluation.epoch import ExactEpoch
from tayang.evaluation.models import LateItem

COLUMNS = ("item_id", "organization_id", "unit", "overrun", "late", "first", "last", "span")


@dataclass(slots=True)
class Late:
    """An item's late visits, summed."""

    organization: int
    unit: int
    overrun: float = 0.0
    late: int = 0
    first: float = float("inf")
    last: float = float("-inf")

    def add(self, entered: float, overrun: float) -> None:
        self.overrun += overrun
        self.late += 1
        self.first = min(self.first, entered)
        self.last = max(self.last, entered)


def add(rows: dict[int, Late]) -> None:
    if not rows:
        return
    items = list(rows.items())
    for start in range(0, len(items), 500):
        batch = items[start:start + 500]
        params: list[Any] = []
        for item, late in batch:
            params += [item, late.organization, late.unit, late.overrun, late.late, late.first,
                       late.last, late.last - late.first]
        # An action's one row: its text made once per process.
        sql = _one_sql(connection.vendor) if len(batch) == 1 else _sql(len(batch),
                                                                        connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _sql(rows: int, vendor: str) -> str:
    quote = connection.ops.quote_name
    table = quote(LateItem._meta.db_table)
    low, high = ("LEAST", "GREATEST") if vendor == "postgresql" else ("min", "max")
    first, last = quote("first"), quote("last")
    marks = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    return (f"INSERT INTO {table} ({', '.join(quote(c) for c in COLUMNS)}) "
            f"VALUES {', '.join([marks] * rows)} ON CONFLICT ({quote('item_id')}) "
            f"DO UPDATE SET overrun = {table}.overrun + excluded.overrun, "
            f"late = {table}.late + excluded.late, "
            f"{first} = {low}({table}.{first}, excluded.{first}), "
            f"{last} = {high}({table}.{last}, excluded.{last}), "
            f"span = {high}({table}.{last}, excluded.{last}) "
            f"- {low}({table}.{first}, excluded.{first})")


@lru_cache(maxsize=4)
def _one_sql(vendor: str) -> str:
    return _sql(1, vendor)


def rebuild(organization: int | None = None) -> int:
    """Make the rows again from the closed late visits (inside the caller's transaction:
    ``tallies.rebuild``). Returns the items with late visits."""
    from tayang.items.models import StepVisit

    stored = LateItem.objects.all()
    visits = StepVisit.objects.filter(finished_at__gte=F("due_limit"), skipped=False)
    if organization is not None:
        stored = stored.filter(organization_id=organization)
        visits = visits.filter(item__organization_id=organization)
    stored.delete()
    rows: dict[int, Late] = {}
    for item, org, unit, overrun, late, first, last in (
        visits.order_by().values("item_id").annotate(
            over=Sum(ExactEpoch("finished_at") - ExactEpoch("due_limit")), count=Count("pk"),
            low=Min(ExactEpoch("entered_at")), high=Max(ExactEpoch("entered_at")))
        .values_list("item_id", "item__organization_id", "item__unit_id", "over", "count",
                     "low", "high").iterator(chunk_size=5000)
    ):
        rows[item] = Late(org, unit or 0, overrun, late, first, last)
        if len(rows) >= 20_000:
            add(rows)
            rows = {}
    add(rows)
    return LateItem.objects.filter(**({"organization_id": organization}
                                      if organization is not None else {})).count()


def candidates(organization: int, unit: int | None, start: float, end: float,
               count: int) -> set[int]:
    """The items that may be among the ``count`` furthest of [start, end) (POSIX seconds):
    the ``count`` largest sums of the items whose late visits are all inside, and every
    straddler. Two queries over index ranges, whatever the size of the period."""
    rows = LateItem.objects.filter(organization_id=organization)
    if unit is not None:
        rows = rows.filter(unit=unit)
    found = set(rows.filter(first__gte=start, last__lt=end).order_by("-overrun", "item_id")
                .values_list("item_id", flat=True)[:count])
    # The organization's widest span, computed by the database inside the straddlers' query
    # (one index probe, ``late_item_span_idx``): every straddler's first late visit lies at
    # most that far before the edge it straddles.
    widest = Subquery(LateItem.objects.filter(organization_id=organization).order_by("-span")
                      .values("span")[:1])
    edges = Q()
    for edge in (start, end):
        edges |= Q(first__gte=Value(edge, output_field=FloatField()) - widest,
                   first__lt=edge, last__gte=edge)
    found.update(rows.filter(edges).values_list("item_id", flat=True))
    # Items with a late visit the sweep has not added: their stored sum falls short (or is
    # missing), so they are candidates whatever it says; ``late_closed`` sums their visits.
    from tayang.items.models import StepVisit

    marked = StepVisit.objects.filter(untallied=True, item__organization_id=organization,
                                      finished_at__gte=F("due_limit"), skipped=False)
    if unit is not None:
        marked = marked.filter(item__unit_id=unit)
    found.update(marked.values_list("item_id", flat=True))
    return found
