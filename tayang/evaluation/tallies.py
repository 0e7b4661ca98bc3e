"""The step tallies in the database (``evaluation.StepTally``): added to by the worker's sweep
(``sweep.py``) from the visits the actions closed and marked ``untallied``, rebuilt from the
visits when asked, and read by the dashboard and the report for a period (issue 13, point 4)
together with the marked visits not added yet (``pending.py``), so a page shows the same
figures before and after the sweep.

Every visit closed is added to four rows: its local day and its month, for its unit and for
the whole organization (``unit`` 0). A period is read as its whole months from the month rows
and its remaining days from the day rows: a year is a few hundred rows a step, not every
visit. The additions are one ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``
statement (SQLite and PostgreSQL alike): two sweeps at once each add the visits they claimed,
and a rolled-back sweep adds nothing and leaves the marks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from tayang.engine.calendar import WorkCalendar
from tayang.evaluation import figures as fig
from tayang.evaluation.epoch import ExactEpoch as Epoch
from tayang.evaluation.models import StepTally, TallyState
from tayang.evaluation.tally import BUCKETS, COUNTERS, HOURS, SUMS, WORKDAYS, Tally
from tayang.sop.model import Sop, TimeKind

LAYOUT = 3  # raise when the buckets or the columns change: migrate then rebuilds
# (3: the publications' tallies and the items' late visits, evaluation/publishing.py and
# lateness.py)
HISTOGRAM = tuple(name for index in range(BUCKETS) for name in (f"n{index:02d}", f"s{index:02d}"))
VALUES = COUNTERS + SUMS + HISTOGRAM
KEYS = ("organization_id", "procedure_id", "step", "unit", "grain", "day", "measure")
ROWS_PER_STATEMENT = 150  # 165 columns each: under SQLite's 32,766 parameters
FLUSH_AT = 20_000  # rows kept in memory by a rebuild before they are written

type Key = tuple[int, int, str, int, str, date, str]


def keys_of(organization: int, procedure: int, step: str, unit: int | None, day: date,
            measure: str) -> list[Key]:
    month = day.replace(day=1)
    units = (0, unit) if unit else (0,)
    return [(organization, procedure, step, each, grain, moment, measure)
            for each in units for grain, moment in (("d", day), ("m", month))]


def _row(tally: Tally) -> list[Any]:
    """The tally's values in ``VALUES``' order, 0 as None (stored as NULL: ``models.ZERO``)."""
    values: list[Any] = [tally.counts[name] for name in COUNTERS]
    values += [tally.sums[name] for name in SUMS]
    for index in range(BUCKETS):
        values += [tally.spent[index], tally.spent_sum[index]]
    return [value or None for value in values]


def _tally(kind: str, values: Iterable[Any]) -> Tally:
    values = [value or 0 for value in values]
    tally = Tally(kind)
    counters = len(COUNTERS)
    tally.counts = dict(zip(COUNTERS, values[:counters], strict=True))
    tally.sums = {name: float(value) for name, value in
                  zip(SUMS, values[counters:counters + len(SUMS)], strict=True)}
    histogram = values[counters + len(SUMS):]
    tally.spent = [int(value) for value in histogram[0::2]]
    tally.spent_sum = [float(value) for value in histogram[1::2]]
    return tally


def add(rows: dict[Key, Tally]) -> None:
    """Add ``rows`` to the stored tallies, creating the missing ones, in one statement per
    ``ROWS_PER_STATEMENT`` rows (on PostgreSQL one per 5,000, each column one array). Only
    the columns something is added to are named: the others of a new row are NULL (0)."""
    items = list(rows.items())
    # A rebuild's thousands of rows go to PostgreSQL as arrays; an action's few as values,
    # through Django's cursor like every other statement of the action.
    postgres = connection.vendor == "postgresql" and len(items) > ROWS_PER_STATEMENT
    size = 5_000 if postgres else ROWS_PER_STATEMENT
    for start in range(0, len(items), size):
        rows_of = [[*key, *_row(tally)] for key, tally in items[start:start + size]]
        # Only the columns something is added to are named: a statement stays short. (By
        # column, transposed once: 165 generators over the rows were 0.5 ms of an action.)
        columns = list(zip(*rows_of, strict=True))
        named = [index for index, column in enumerate(columns[len(KEYS):], len(KEYS))
                 if any(column)] or [len(KEYS)]  # visits: a row of nothing still upserts
        changed = [VALUES[index - len(KEYS)] for index in named]
        kept = [*range(len(KEYS)), *named]
        values = [[row[index] for index in kept] for row in rows_of]
        if postgres:
            # Bound by the server, arrays sent as they are: Django's client-side binding
            # would quote every element as text.
            import psycopg

            sql, params = _unnest(values, changed)
            connection.ensure_connection()
            with psycopg.Cursor(connection.connection) as cursor:
                cursor.execute(sql + _on_conflict(tuple(changed)), params)
        else:
            # An action's few rows: the statement's text made once per process for its
            # shape (a rebuild's batches, each of another shape, are not kept).
            shape = (len(values), tuple(changed), connection.vendor)
            sql = _action_sql(*shape) if len(values) <= 8 else _values_sql(*shape)
            with connection.cursor() as cursor:
                cursor.execute(sql, [value for row in values for value in row])


def _values_sql(rows: int, changed: tuple[str, ...], vendor: str) -> str:
    """The upsert of ``rows`` rows of the keys and the ``changed`` columns, adding to those."""
    quote = connection.ops.quote_name
    marks = "(" + ", ".join(["%s"] * (len(KEYS) + len(changed))) + ")"
    return (f"INSERT INTO {quote(StepTally._meta.db_table)} "
            f"({', '.join(quote(n) for n in KEYS + changed)}) "
            f"VALUES {', '.join([marks] * rows)}" + _on_conflict(changed))


_action_sql = lru_cache(maxsize=128)(_values_sql)


# PostgreSQL types of the columns, for the arrays of ``_unnest``.
_TYPES = dict(zip(KEYS + VALUES, ("bigint", "bigint", "text", "bigint", "text", "date", "text")
                  + ("bigint",) * len(COUNTERS) + ("float8",) * len(SUMS)
                  + ("bigint", "float8") * BUCKETS, strict=True))


def _unnest(values: list[list[Any]], changed: list[str]) -> tuple[str, list[Any]]:
    """The rows as one array per column: a few hundred parameters however many rows (the
    driver parses a statement of 25,000 placeholders slowly; a rebuild sends hundreds)."""
    quote = connection.ops.quote_name
    names = KEYS + tuple(changed)
    columns = ", ".join(quote(n) for n in names)
    arrays = ", ".join(f"%b::{_TYPES[n]}[]" for n in names)  # binary: no quoting
    return (f"INSERT INTO {quote(StepTally._meta.db_table)} ({columns}) "
            f"SELECT * FROM unnest({arrays})",
            [list(column) for column in zip(*values, strict=True)])


def _on_conflict(changed: tuple[str, ...]) -> str:
    return on_conflict(StepTally._meta.db_table, KEYS, changed)


def on_conflict(table: str, keys: tuple[str, ...], changed: tuple[str, ...]) -> str:
    """The upsert's clause adding to the ``changed`` columns of ``table``, NULL as 0 and a
    sum of 0 stored as NULL (``models.ZERO``)."""
    quote = connection.ops.quote_name
    table = quote(table)
    return (f" ON CONFLICT ({', '.join(quote(n) for n in keys)}) DO UPDATE SET "
            + ", ".join(f"{quote(n)} = NULLIF(COALESCE({table}.{quote(n)}, 0)"
                        f" + COALESCE(excluded.{quote(n)}, 0), 0)" for n in changed))


@dataclass
class Measures:
    """How one organization measures the steps of one SOP version: hours, or working days of
    its calendar (the calendar read once, and only when a step needs it)."""

    organization: Any
    sop: Sop
    _calendar: WorkCalendar | None = None
    _known: dict[str, tuple[str, fig.Measure]] = field(default_factory=dict)

    def of(self, step: str) -> tuple[str, fig.Measure]:
        known = self._known.get(step)
        if known is None:
            known = self._known[step] = self._of(step)
        return known

    def _of(self, step: str) -> tuple[str, fig.Measure]:
        definition = next((each for each in self.sop.steps if each.key == step), None)
        if definition is None or definition.time is None or (
                definition.time.kind is not TimeKind.WORKDAYS):
            return HOURS, fig.hours
        if self._calendar is None:
            from tayang.orgs.calendar import calendar_for

            self._calendar = calendar_for(self.organization, self.sop)
        calendar, zone = self._calendar, self.organization.zone

        def workdays(visit: fig.Visit, spent: float) -> float:
            return fig.working_days_between(visit.entered_at, visit.entered_at + spent,
                                            calendar, zone)
        return WORKDAYS, workdays


def local_day(moment: float, zone: ZoneInfo) -> date:
    return datetime.fromtimestamp(moment, zone).date()


def count(rows: dict[Key, Tally], organization: int, procedure: int, unit: int | None,
           visit: fig.Visit, repeated: bool, zone: ZoneInfo, measures: Measures) -> None:
    kind, measure = measures.of(visit.step)
    for key in keys_of(organization, procedure, visit.step, unit,
                       local_day(visit.entered_at, zone), kind):
        found = rows.get(key)
        if found is None:
            rows[key] = found = Tally(kind)
        found.add(visit, visit.finished_at or visit.entered_at, measure, repeated)


def rebuild(organization: int | None = None) -> int:
    """Make the tallies again from the step visits (after a restore, for a database from
    before them, or to check them): one read of the closed visits, their order at each step
    numbered by the database, and the sums written in batches. Returns the visits counted."""
    from tayang.evaluation.sweep import counted_as_they_are, hold, not_as_counted
    from tayang.items.models import LogEntry, Publication, StepVisit
    from tayang.orgs.models import Organization
    from tayang.procedures.definitions import sops_by_version

    with transaction.atomic():
        # Alone (no sweep's batch beside it), and every mark cleared in this transaction:
        # what the rebuild counts is then in the tallies once, marked rows included.
        hold(alone=True)
        marked = [StepVisit.objects.filter(untallied=True), LogEntry.objects.filter(
            untallied=True)]
        publications = Publication.objects.all()
        if organization is not None:
            marked = [rows.filter(item__organization_id=organization) for rows in marked]
            publications = publications.filter(item__organization_id=organization)
        for rows in marked:
            rows.update(untallied=False)
        counted_as_they_are(not_as_counted(publications))
        stored = StepTally.objects.all()
        if organization is not None:
            stored = stored.filter(organization_id=organization)
        stored.delete()
        visits = StepVisit.objects.filter(finished_at__isnull=False)
        if organization is not None:
            visits = visits.filter(item__organization_id=organization)
        visits = visits.order_by().annotate(
            rank=Window(RowNumber(), partition_by=[F("item_id"), F("step"), F("skipped")],
                        order_by=[F("entered_at").asc(), F("pk").asc()]),
            entered=Epoch("entered_at"), finished=Epoch("finished_at"),
            target=Epoch("due_target"), limit=Epoch("due_limit"),
        ).values_list("item_id", "item__organization_id", "item__procedure_id",
                      "item__procedure_version_id", "item__unit_id", "step", "entered",
                      "finished", "target", "limit", "outcome", "skipped", "rank")
        organizations = {org.pk: org for org in Organization.objects.all()}
        measures: dict[tuple[int, int], Measures] = {}
        versions: dict[int, Sop] = {}
        rows: dict[Key, Tally] = {}
        counted = 0
        for chunk in _chunks(visits.iterator(chunk_size=5000), 5000):
            missing = {row[3] for row in chunk} - set(versions)
            if missing:
                versions.update(sops_by_version(missing))
            for (item, org, procedure, version, unit, step, entered, finished, target, limit,
                 outcome, skipped, rank) in chunk:
                measure = measures.get((org, version))
                if measure is None:
                    measure = measures[org, version] = Measures(organizations[org],
                                                                versions[version])
                visit = fig.Visit(item, step, entered, finished, target, limit, outcome,
                                  skipped)
                count(rows, org, procedure, unit, visit, not skipped and rank > 1,
                       organizations[org].zone, measure)
                counted += 1
            if len(rows) >= FLUSH_AT:
                add(rows)
                rows = {}
        add(rows)
        from tayang.evaluation import activity, lateness, publishing

        activity.rebuild(organization)
        publishing.rebuild(organization)
        lateness.rebuild(organization)
        TallyState.objects.all().delete()
        TallyState.objects.create(layout=LAYOUT, rebuilt_at=timezone.now())
    return counted


def _chunks(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def up_to_date() -> bool:
    return TallyState.objects.filter(layout=LAYOUT).exists()


def spans(start: date, end: date) -> tuple[list[date], list[tuple[date, date]]]:
    """A period (both ends included) as its whole months and the day ranges left over."""
    months: list[date] = []
    ranges: list[tuple[date, date]] = []
    first = start if start.day == 1 else _next_month(start)
    if first > end:
        return [], [(start, end)]
    if start < first:
        ranges.append((start, first - timedelta(days=1)))
    month = first
    while _next_month(month) - timedelta(days=1) <= end:
        months.append(month)
        month = _next_month(month)
    if month <= end:
        ranges.append((month, end))
    return months, ranges


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def read(organization: int, start: date, end: date, unit: int | None,
         procedure: int | None = None) -> dict[tuple[int, str], dict[str, Tally]]:
    """The stored tallies of a period, summed by (procedure, step) and measure."""
    months, ranges = spans(start, end)
    where = Q(grain="m", day__in=months) if months else Q(pk__in=[])
    for low, high in ranges:
        where |= Q(grain="d", day__gte=low, day__lte=high)
    rows = StepTally.objects.filter(where, organization_id=organization, unit=unit or 0)
    if procedure is not None:
        rows = rows.filter(procedure_id=procedure)
    found: dict[tuple[int, str], dict[str, Tally]] = {}
    for procedure_id, step, measure, *values in (
        rows.order_by().values("procedure_id", "step", "measure")
        .annotate(**{f"t_{name}": Sum(name) for name in VALUES})
        .values_list("procedure_id", "step", "measure", *(f"t_{name}" for name in VALUES))
    ):
        found.setdefault((procedure_id, step), {})[measure] = _tally(measure, values)
    # The visits closed but not added yet by the worker's sweep, counted as it will count
    # them: the figures are the same before and after it (issue 16).
    from tayang.evaluation import pending
    from tayang.items.models import StepVisit

    marked = StepVisit.objects.filter(untallied=True, item__organization_id=organization)
    if procedure is not None:
        marked = marked.filter(item__procedure_id=procedure)
    added, _ = pending.visits(marked)
    for (_, procedure_id, step, each, grain, day, measure), tally in added.items():
        if grain != "d" or each != (unit or 0) or not start <= day <= end:
            continue
        held = found.setdefault((procedure_id, step), {})
        if measure in held:
            held[measure].merge(tally)
        else:
            held[measure] = tally
    return found


def earlier_visit() -> Exists:
    """Whether the visit's item was at its step before (not skipped): a repeated visit."""
    from tayang.items.models import StepVisit

    return Exists(StepVisit.objects.filter(
        Q(entered_at__lt=OuterRef("entered_at"))
        | Q(entered_at=OuterRef("entered_at"), pk__lt=OuterRef("pk")),
        item_id=OuterRef("item_id"), step=OuterRef("step"), skipped=False,
    ))
