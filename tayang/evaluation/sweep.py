"""The worker's sweep that adds the rows marked ``untallied`` to the evaluation's tallies
(issue 16), registered with the worker's sweeps (``tayang.outbox.sweeps``: every worker runs
it every ``TAYANG_SWEEP_SECONDS``; ``manage.py sweep`` runs it once).

An action no longer writes a tally: the rows it writes anyway carry the mark (a visit it
closes, an outcome it logs, a publication it writes), and this sweep, in **one transaction
per batch**, claims at most ``BATCH`` marked rows of each kind, adds what they count
(``pending.py``) to the tallies and clears their marks. A rolled-back batch leaves the marks,
so the next round adds them; a committed one cleared them, so nothing is added twice.

Two workers at once: on PostgreSQL each batch claims its rows ``FOR UPDATE SKIP LOCKED``
(a row another worker holds is left to it, and is no longer marked once that one commits);
on SQLite the writing transactions (``BEGIN IMMEDIATE``) run one after the other. A rebuild
(``tallies.rebuild``) takes the tallies' advisory lock alone on PostgreSQL, the sweeps take it
shared: a rebuild never runs beside a batch, whose additions it would delete or count again.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.db.models import F, Q, QuerySet

from tayang.evaluation import activity, lateness, pending, publishing, tallies

BATCH = 500  # rows of each kind a transaction claims: a few hundred tally rows written
ROUNDS = 20  # batches a sweep runs at most (a backlog is caught up over a few rounds)
LOCK = 0x7461_6c6c  # the tallies' advisory lock ("tall")


def hold(*, alone: bool) -> None:
    """Take the tallies' advisory lock for this transaction: ``alone`` for a rebuild, shared
    for a sweep (PostgreSQL; on SQLite a writing transaction is alone already)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)" if alone
                       else "SELECT pg_advisory_xact_lock_shared(%s)", [LOCK])


def claim(model: type[models.Model], size: int = BATCH) -> list[int]:
    """The ids of at most ``size`` marked rows of ``model``, held by this transaction."""
    return list(model._default_manager.filter(untallied=True)
                .select_for_update(skip_locked=True).order_by("pk")
                .values_list("pk", flat=True)[:size])


def run_batch(size: int = BATCH) -> dict[str, int]:
    """One transaction: claim, add, clear. Returns the rows of each kind added."""
    from tayang.items.models import LogEntry, Publication, StepVisit

    with transaction.atomic():
        hold(alone=False)
        done = {"visits": 0, "entries": 0, "publications": 0}
        ids = claim(StepVisit, size)
        if ids:
            rows = StepVisit.objects.filter(pk__in=ids)
            tallied, late = pending.visits(rows)
            tallies.add(tallied)
            lateness.add(late)
            rows.update(untallied=False)
            done["visits"] = len(ids)
        ids = claim(LogEntry, size)
        if ids:
            rows = LogEntry.objects.filter(pk__in=ids)
            activity.add(pending.entries(rows))
            rows.update(untallied=False)
            done["entries"] = len(ids)
        ids = claim(Publication, size)
        if ids:
            rows = Publication.objects.filter(pk__in=ids)
            publishing.add(pending.publications(rows))
            counted_as_they_are(rows)
            done["publications"] = len(ids)
    return done


def counted_as_they_are(rows: QuerySet[Any]) -> int:
    """Say of the publications ``rows`` that the tallies hold them with their facts as they
    are (the mark cleared)."""
    return rows.update(untallied=False, tallied_channel=F("channel"),
                       tallied_state=F("state"), tallied_requested_at=F("requested_at"),
                       tallied_published_at=F("published_at"))


def not_as_counted(rows: QuerySet[Any]) -> QuerySet[Any]:
    """The publications of ``rows`` the tallies do not hold with their facts as they are:
    marked, or with ``tallied_*`` other than their own (rows written past the product). A
    rebuild says ``counted_as_they_are`` of these only: rewriting every publication left a
    second copy of each row in PostgreSQL's table (13 MB at 20,000 items, issue 16)."""
    same = Q(untallied=False, tallied_channel=F("channel"), tallied_state=F("state"),
             tallied_requested_at=F("requested_at")) & (
        Q(tallied_published_at=F("published_at"))
        | Q(tallied_published_at__isnull=True, published_at__isnull=True))
    return rows.exclude(same)


def sweep(size: int = BATCH, rounds: int = ROUNDS) -> dict[str, int]:
    """Batches until nothing is marked (or ``rounds`` of them): the rows added, by kind."""
    total = {"visits": 0, "entries": 0, "publications": 0}
    for _ in range(rounds):
        done = run_batch(size)
        for name, value in done.items():
            total[name] += value
        if max(done.values()) < size:
            break
    return total
