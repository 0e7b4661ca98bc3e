"""The worker's sweep that adds the rows the actions marked ``untallied`` (issue 16): the
dashboard and the report show the same figures before, during and after it; it adds each row
once however often it runs and however many workers run it at once (PostgreSQL); and a
rebuild agrees with what it added. Runs on SQLite and, with ``DATABASE_URL``, on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tayang.evaluation import dashboard, report, sweep, tallies
from tayang.evaluation.models import ActivityTally, LateItem, PublicationTally, StepTally
from tayang.evaluation.period import Period
from tayang.evaluation.queries import Scope
from tayang.items.models import LogEntry, Publication, StepVisit
from tayang.outbox import sweeps
from tests.app.evaluation_world import DAYS_AGO, History, build_history

pytestmark = pytest.mark.django_db


def tables() -> dict[str, set[tuple]]:
    """Every tally table's rows with something in them (keys and values, floats rounded
    past the noise of a moment read as a number by the database)."""
    found: dict[str, set[tuple]] = {}
    for model in (StepTally, ActivityTally, PublicationTally, LateItem):
        names = [field.attname for field in model._meta.concrete_fields
                 if not field.primary_key or model is LateItem]
        rows = set()
        for row in model.objects.values_list(*names):
            values = tuple(round(value, 4) if isinstance(value, float) else value
                           for value in row)
            rows.add(values)
        found[model.__name__] = rows
    # A publication moved back and forth leaves rows of zeros: not a difference.
    found["PublicationTally"] = {row for row in found["PublicationTally"]
                                 if any(value for value in row[8:])}
    return found


def marked() -> int:
    return sum(model.objects.filter(untallied=True).count()
               for model in (StepVisit, LogEntry, Publication))


def scopes(history: History) -> list[Scope]:
    org = history.world.org
    today = timezone.localdate(timezone=org.zone)
    period = Period(today - timedelta(days=DAYS_AGO + 1), today)
    return [Scope(org, period), Scope(org, period, history.world.units[1].pk),
            Scope(org, Period(today - timedelta(days=364), today))]


def pages(history: History, now) -> list[object]:
    return [page for scope in scopes(history)
            for page in (dashboard.build(scope, now), report.build(scope, now))]


def test_the_figures_are_the_same_before_during_and_after_the_sweep():
    history = build_history()
    now = timezone.now()
    assert marked() > 0 and not StepTally.objects.exists()
    before = pages(history, now)  # every closed visit, entry, publication judged live
    assert any(sop.applied for sop in before[0].sops)  # not an empty page either
    # Half-way: two rows of each kind at a time, the page read after each batch.
    while marked():
        sweep.run_batch(size=2)
        assert pages(history, now) == before
    assert pages(history, now) == before  # every row from the tallies


def test_the_sweep_adds_each_row_once_however_often_it_runs():
    build_history()
    first = sweep.sweep(size=3)
    assert first["visits"] == StepVisit.objects.filter(finished_at__isnull=False).count()
    assert first["entries"] and first["publications"]
    swept = tables()
    assert sweep.sweep() == {"visits": 0, "entries": 0, "publications": 0}
    assert tables() == swept
    # The worker runs it with the other sweeps (``manage.py sweep``, every round).
    assert sweeps.run_all()["rekap"] == {"visits": 0, "entries": 0, "publications": 0}
    assert tables() == swept


def test_a_rebuild_agrees_with_the_swept_tallies():
    build_history()
    # Swept as the worker sweeps (``manage.py worker`` / ``sweep``: every registered sweep).
    assert sweeps.run_all()["rekap"]["visits"] > 0
    swept = tables()
    tallies.rebuild()
    assert tables() == swept
    assert marked() == 0


def test_a_rebuild_with_rows_still_marked_counts_them_once():
    """A rebuild before the sweep: it counts every row and clears the marks, so the sweep
    that follows adds nothing."""
    build_history()
    assert marked() > 0
    tallies.rebuild()
    assert marked() == 0
    rebuilt = tables()
    assert sweep.sweep() == {"visits": 0, "entries": 0, "publications": 0}
    assert tables() == rebuilt


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_add_each_row_once():
    """Two workers sweeping the same backlog at the same time, in small batches, each in its
    own transactions (PostgreSQL: the claims skip the rows the other holds): the tallies
    are what one sweep makes, and a rebuild agrees."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent sweeps need PostgreSQL")
    build_history("serentak", "serentak-sapu")
    total = marked()
    start = threading.Barrier(2)
    done: list[dict[str, int]] = []

    def work() -> None:
        try:
            start.wait()
            done.append(sweep.sweep(size=1, rounds=1000))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(done) == 2
    assert sum(sum(each.values()) for each in done) == total  # each row claimed once
    assert marked() == 0
    swept = tables()
    tallies.rebuild()
    assert tables() == swept


@pytest.mark.django_db(transaction=True)
def test_the_pages_read_one_snapshot_outside_a_transaction():
    """As a request reads them (no transaction around): the page's reads in one snapshot
    (PostgreSQL: REPEATABLE READ, read only; SQLite: a deferred read transaction), left
    closed after, and the same figures before and after the sweep."""
    from django.db import connection

    history = build_history("potret", "potret-uji")
    now = timezone.now()
    seen: list[str] = []

    def watch(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        before = pages(history, now)
    begun = [sql for sql in seen if "REPEATABLE READ" in sql or sql == "BEGIN DEFERRED"]
    assert len(begun) == 2 * len(scopes(history)), begun  # one per page
    assert not connection.in_atomic_block
    sweep.sweep()
    assert pages(history, now) == before
    # Nothing left open: a write after the pages commits on its own.
    StepVisit.objects.filter(pk=StepVisit.objects.first().pk).update(untallied=False)
    assert connection.get_autocommit()


def test_a_rebuild_rewrites_only_the_publications_not_counted_as_they_are():
    """A rebuild says "counted as they are" of the publications marked or whose tallied
    facts are not their own (rows written past the product), and leaves the others
    untouched: rewriting every row kept a second copy of it in PostgreSQL's table."""
    from django.db import connection

    build_history()
    sweep.sweep()
    publications = Publication.objects.order_by("pk")
    assert publications.count() == 3 and not sweep.not_as_counted(publications).exists()
    first, second, third = publications

    def versions() -> dict[int, str]:  # PostgreSQL: the transaction that wrote each row
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, xmin::text FROM items_publication")
            return dict(cursor.fetchall())

    postgres = connection.vendor == "postgresql"
    for differ in ({first.pk: {"tallied_state": ""},  # never counted
                    second.pk: {"tallied_published_at": None if second.published_at
                                else timezone.now()},
                    third.pk: {"untallied": True}},
                   {second.pk: {"tallied_requested_at": None}}):
        for pk, changes in differ.items():
            Publication.objects.filter(pk=pk).update(**changes)
        assert set(sweep.not_as_counted(publications).values_list("pk", flat=True)) == set(
            differ)
        before = versions() if postgres else {}
        tallies.rebuild()
        assert not sweep.not_as_counted(publications).exists()
        if postgres:
            after = versions()
            assert {pk for pk in after if after[pk] != before[pk]} == set(differ)
