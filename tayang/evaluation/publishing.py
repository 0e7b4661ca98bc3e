"""The publications' tallies (``evaluation.PublicationTally``, issue 13 point 4): what the
dashboard's "per channel" and "hand-in to publication" charts add up instead of reading every
publication of the period.

A publication's part in the tallies is a function of a few of its facts (``Facts``): its
channel, state, requested and published moments, and its item's organization, unit and first
hand-in. Every write of a publication's state goes through ``channels/transitions.py``, which
marks the row ``untallied`` in the same statement; the worker's sweep (``sweep.py``) then
moves the publication out of the facts the tallies hold for it (``Publication.tallied_*``)
into its own, by one ``INSERT … ON CONFLICT DO UPDATE`` (``add``), and clears the mark. The
pages add the moves not swept yet (``pending.py``). A rebuild makes the rows again from the
publications.

Like the step tallies, each fact is counted in four rows: its local day and its month, for its
unit and for the whole organization (``unit`` 0).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Q, Sum

from tayang.evaluation.models import PublicationTally
from tayang.evaluation.tally import BUCKETS, HOURS, Tally, bucket_of

STATE = PublicationTally.Kind.STATE.value
HOURS_KIND = PublicationTally.Kind.HOURS.value
KEYS = ("organization_id", "unit", "grain", "day", "kind", "channel", "state")
VALUES = ("count", *(name for index in range(BUCKETS)
                     for name in (f"n{index:02d}", f"s{index:02d}")))
ROWS_PER_STATEMENT = 200  # at most 152 columns each: under SQLite's 32,766 parameters

type Key = tuple[int, int, str, date, str, str, str]


@dataclass(frozen=True, slots=True)
class Facts:
    """What a publication's part in the tallies depends on."""

    organization: int
    unit: int | None
    zone: ZoneInfo
    channel: str
    state: str
    requested_at: datetime
    published_at: datetime | None
    handed_in_at: datetime | None


@dataclass(slots=True)
class Row:
    """The additions to one tally row: a count, and for hours rows one value per bucket."""

    count: int = 0
    spent: dict[int, list[float]] = field(default_factory=dict)  # bucket -> [count, sum]

    def add(self, sign: int, hours: float | None = None) -> None:
        self.count += sign
        if hours is not None:
            bucket = self.spent.setdefault(bucket_of(hours, HOURS), [0, 0.0])
            bucket[0] += sign
            bucket[1] += sign * hours

    @property
    def empty(self) -> bool:
        return not self.count and not any(n or s for n, s in self.spent.values())


type Rows = dict[Key, Row]


def _keys(facts: Facts, kind: str, moment: datetime, state: str) -> list[Key]:
    day = moment.astimezone(facts.zone).date()
    units = (0, facts.unit) if facts.unit else (0,)
    # str(): a state may come as ``Publication.State``'s member, which drivers need as text.
    return [(facts.organization, unit, grain, at, kind, str(facts.channel), str(state))
            for unit in units for grain, at in (("d", day), ("m", day.replace(day=1)))]


def count(rows: Rows, facts: Facts, sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) one publication's part."""
    for key in _keys(facts, STATE, facts.requested_at, facts.state):
        rows.setdefault(key, Row()).add(sign)
    if facts.published_at is not None and facts.handed_in_at is not None:
        hours = (facts.published_at - facts.handed_in_at).total_seconds() / 3600
        for key in _keys(facts, HOURS_KIND, facts.published_at, ""):
            rows.setdefault(key, Row()).add(sign, hours)


def add(rows: Rows) -> None:
    """Add ``rows`` to the stored tallies, one statement per ``ROWS_PER_STATEMENT`` rows; only
    the columns something is added to are named (the others of a new row are NULL, 0), and
    0 is written and kept as NULL (``models.ZERO``)."""
    items = [(key, row) for key, row in rows.items() if not row.empty]
    for start in range(0, len(items), ROWS_PER_STATEMENT):
        batch = items[start:start + ROWS_PER_STATEMENT]
        buckets = tuple(sorted({index for _, row in batch for index in row.spent}))
        params: list[Any] = []
        for key, row in batch:
            params += [*key, row.count or None]
            for index in buckets:
                params += [value or None for value in row.spent.get(index, (0, 0.0))]
        # An action's few rows: the text made once per process for that shape.
        shape = (len(batch), buckets, connection.vendor)
        sql = _action_sql(*shape) if len(batch) <= 12 else _sql(*shape)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _sql(rows: int, buckets: tuple[int, ...], vendor: str) -> str:
    """The upsert of ``rows`` rows adding to the count and the ``buckets`` named."""
    from tayang.evaluation.tallies import on_conflict

    quote = connection.ops.quote_name
    table = PublicationTally._meta.db_table
    columns = ("count", *(name for index in buckets
                          for name in (f"n{index:02d}", f"s{index:02d}")))
    marks = "(" + ", ".join(["%s"] * (len(KEYS) + len(columns))) + ")"
    return (f"INSERT INTO {quote(table)} ({', '.join(quote(n) for n in (*KEYS, *columns))}) "
            f"VALUES {', '.join([marks] * rows)}" + on_conflict(table, KEYS, columns))


_action_sql = lru_cache(maxsize=64)(_sql)


FACT_FIELDS = ("item__organization_id", "item__unit_id", "item__organization__timezone",
               "channel", "state", "requested_at", "published_at", "item__handed_in_at")


def facts_of(values: tuple[Any, ...], zones: dict[str, ZoneInfo]) -> Facts:
    """The facts of a row read as ``FACT_FIELDS`` (the zones named once)."""
    organization, unit, zone, channel, state, requested, published, handed_in = values
    if zone not in zones:
        zones[zone] = ZoneInfo(zone)
    return Facts(organization, unit, zones[zone], channel, state, requested, published,
                 handed_in)


def rebuild(organization: int | None = None) -> int:
    """Make the rows again from the publications (inside the caller's transaction:
    ``tallies.rebuild``). Returns the publications counted."""
    from tayang.items.models import Publication

    stored = PublicationTally.objects.all()
    publications = Publication.objects.all()
    if organization is not None:
        stored = stored.filter(organization_id=organization)
        publications = publications.filter(item__organization_id=organization)
    stored.delete()
    rows: Rows = {}
    zones: dict[str, ZoneInfo] = {}
    counted = 0
    for values in publications.order_by().values_list(*FACT_FIELDS).iterator(chunk_size=5000):
        count(rows, facts_of(values, zones), 1)
        counted += 1
    add(rows)
    return counted


def _period(start: date, end: date) -> Q:
    from tayang.evaluation.tallies import spans

    months, ranges = spans(start, end)
    where = Q(grain="m", day__in=months) if months else Q(pk__in=[])
    for low, high in ranges:
        where |= Q(grain="d", day__gte=low, day__lte=high)
    return where


def by_state(organization: int, start: date, end: date, unit: int | None
             ) -> dict[str, dict[str, int]]:
    """{channel: {state: publications requested in the period}}."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for channel, state, total in (
        PublicationTally.objects.filter(_period(start, end), organization_id=organization,
                                        unit=unit or 0, kind=STATE)
        .order_by().values("channel", "state").annotate(total=Sum("count"))
        .values_list("channel", "state", "total")
    ):
        totals[channel, state] += total or 0
    for key, row in _pending(organization, start, end, unit, STATE):
        totals[key[5], key[6]] += row.count
    for (channel, state), total in sorted(totals.items()):
        if total:
            found[channel][state] = total
    return found


def hours(organization: int, start: date, end: date, unit: int | None) -> dict[str, Tally]:
    """{channel: histogram of the hours from hand-in to publication} of the publications
    published in the period (percentiles read as ``tally.Tally`` reads a step's)."""
    names = VALUES[1:]
    found: dict[str, Tally] = {}
    for channel, _total, *values in (
        PublicationTally.objects.filter(_period(start, end), organization_id=organization,
                                        unit=unit or 0, kind=HOURS_KIND)
        .order_by().values("channel").annotate(t_count=Sum("count"),
                                               **{f"t_{n}": Sum(n) for n in names})
        .values_list("channel", "t_count", *(f"t_{n}" for n in names))
    ):
        tally = Tally(HOURS)
        tally.spent = [int(value or 0) for value in values[0::2]]
        tally.spent_sum = [float(value or 0) for value in values[1::2]]
        found[channel] = tally
    for key, row in _pending(organization, start, end, unit, HOURS_KIND):
        tally = found.setdefault(key[5], Tally(HOURS))
        for index, (number, spent) in row.spent.items():
            tally.spent[index] += int(number)
            tally.spent_sum[index] += spent
    return {channel: tally for channel, tally in found.items() if sum(tally.spent)}


def _pending(organization: int, start: date, end: date, unit: int | None, kind: str
             ) -> list[tuple[Key, Row]]:
    """The day rows of one kind the organization's publications not swept yet move
    (``pending.py``), inside the period and of the unit: the pages add them as the sweep
    will."""
    from tayang.evaluation import pending
    from tayang.items.models import Publication

    moves = pending.publications(Publication.objects.filter(
        untallied=True, item__organization_id=organization))
    return [(key, row) for key, row in moves.items()
            if key[2] == "d" and key[1] == (unit or 0) and start <= key[3] <= end
            and key[4] == kind]
