"""The report's furthest items from each item's summed late visits (``evaluation.LateItem``):
kept by the actions equal to a rebuild, and the same list as every visit of the period read
one by one (``figures.furthest_from_standard``), for items whose late visits lie inside the
period, straddle its start or its end, or lie outside it. Runs on SQLite and, with
``DATABASE_URL``, on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tayang.evaluation import figures as fig
from tayang.evaluation import lateness, sweep
from tayang.evaluation.models import LateItem
from tayang.evaluation.period import Period
from tayang.evaluation.queries import Scope
from tayang.evaluation.report import furthest
from tayang.items.models import StepVisit
from tests.app.evaluation_world import History, build_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(db) -> History:
    made = build_history()
    assert not LateItem.objects.exists()  # the actions write none: the sweep adds them
    sweep.sweep()
    return made


def stored() -> dict[int, tuple]:
    return {row[0]: (*row[1:4], round(row[4], 3), round(row[5], 3), round(row[6], 3))
            for row in LateItem.objects.values_list("item_id", "organization_id", "unit",
                                                    "late", "overrun", "first", "span")}


def test_the_actions_keep_the_late_items_equal_to_a_rebuild(history):
    kept = stored()
    telat, tolak = history.items["telat"].pk, history.items["tolak"].pk
    # Late at pilah by 60 minutes (90 of 30); refused at pilah after 60 minutes (30 over).
    assert set(kept) == {telat, tolak}
    assert kept[telat][2:4] == (1, 3600.0) and kept[tolak][2:4] == (1, 1800.0)
    assert lateness.rebuild() == 2
    assert stored() == kept


def test_the_furthest_items_are_those_of_every_visit_of_the_period(history):
    """Late visits added around a period of ten days: inside it, straddling its start and its
    end, and outside it; the list is compared with every visit of the period for several
    periods and lengths."""
    now = timezone.now()
    org = history.world.org
    today = now.astimezone(org.zone).date()
    start, end = Period(today - timedelta(days=60), today - timedelta(days=51)).bounds(org.zone)
    items = list(history.items.values())

    def late(item, entered, hours_over: float) -> None:
        StepVisit.objects.create(
            item=item, step="ajukan", entered_at=entered, due_limit=entered + timedelta(hours=1),
            finished_at=entered + timedelta(hours=1 + hours_over), outcome="accepted")

    late(items[0], start + timedelta(days=1), 5)  # inside
    late(items[0], start + timedelta(days=2), 1)
    late(items[1], start - timedelta(days=3), 40)  # straddles the start: 40 h before…
    late(items[1], start + timedelta(hours=2), 2)  # …2 h inside
    late(items[2], end - timedelta(hours=5), 3)  # straddles the end: 3 h inside…
    late(items[2], end + timedelta(days=2), 50)  # …50 h after
    late(items[3], start - timedelta(days=9), 100)  # outside, before
    late(items[4], start + timedelta(days=4), 4)  # inside
    late(items[5], start + timedelta(days=5), 4)  # inside, tied with the one before
    lateness.rebuild()

    def every_visit(scope: Scope, count: int) -> list[fig.Deviation]:
        low, high = scope.bounds
        visits = [fig.Visit.at(*row) for row in StepVisit.objects.filter(
            entered_at__gte=low, entered_at__lt=high).values_list(
            "item_id", "step", "entered_at", "finished_at", "due_target", "due_limit",
            "outcome", "skipped")]
        return fig.furthest_from_standard(visits, now, count)

    def same(found: list[fig.Deviation], truth: list[fig.Deviation]) -> bool:
        return [(d.item, d.late_steps) for d in found] == [(d.item, d.late_steps)
                                                           for d in truth] and all(
            abs((a.overrun - b.overrun).total_seconds()) < 1
            for a, b in zip(found, truth, strict=True))

    period = Period(start.astimezone(org.zone).date(),
                    (end - timedelta(days=1)).astimezone(org.zone).date())
    for count in (1, 2, 3, 10):
        scope = Scope(org, period)
        found, truth = furthest(scope, now, count), every_visit(scope, count)
        assert same(found, truth), (count, found, truth)
    worst = furthest(Scope(org, period), now, 10)
    # The straddlers count only their visits inside: 2 h and 3 h, not 42 h and 53 h.
    assert [d.item for d in worst][:4] == [items[0].pk, items[4].pk, items[5].pk,
                                          items[2].pk]
    # What is read: the largest inside and the straddlers (the refused item's late visits lie
    # before and after the period: it straddles both edges, with none inside), not every
    # late item.
    assert lateness.candidates(org.pk, None, start.timestamp(), end.timestamp(), 1) == {
        items[0].pk, items[1].pk, items[2].pk, items[3].pk}
    # Other periods: the year, the default weeks, a day at each edge.
    for low, high in ((today - timedelta(days=364), today), (today - timedelta(days=83), today),
                      (period.start, period.start), (period.end, period.end)):
        scope = Scope(org, Period(low, high))
        assert same(furthest(scope, now), every_visit(scope, 10)), (low, high)
    # One unit: all of these items are of the history's second unit, none of the first.
    assert furthest(Scope(org, period, history.world.units[0].pk), now) == []
    assert same(furthest(Scope(org, period, history.world.units[1].pk), now),
                every_visit(Scope(org, period), 10))


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_lose_no_late_visit():
    """Two connections adding to one item's sum at the same time, each in its own transaction
    (PostgreSQL; SQLite lets one writer in at a time anyway): all of it is there, and the
    first and last moments are the extremes of both."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    history = build_history("serentak", "serentak-uji")
    item = history.items["tepat"]
    start = threading.Barrier(2)

    def write(offset: float) -> None:
        try:
            start.wait()
            for n in range(40):
                with transaction.atomic():
                    lateness.add({item.pk: lateness.Late(
                        item.organization_id, 0, 10.0, 1, 1000.0 + offset + n,
                        1000.0 + offset + n)})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(offset,)) for offset in (0.0, 100.0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    row = LateItem.objects.get(item=item)
    assert (row.late, row.overrun) == (80, 800.0)
    assert (row.first, row.last, row.span) == (1000.0, 1139.0, 139.0)
