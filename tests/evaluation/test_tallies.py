"""The step tallies (issue 13, point 4), added by the worker's sweep from the visits the actions
marked (issue 16): none written by an action, equal to a rebuild from the visits after a mix
of actions and a sweep, untouched by a sweep rolled back, added to (never overwritten) by the
upsert, and giving the same figures as every visit read one by one.
Runs on SQLite and, with ``DATABASE_URL``, on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tayang.engine.actions import Approve
from tayang.evaluation import figures as fig
from tayang.evaluation import sweep, tallies
from tayang.evaluation.models import ActivityTally, StepTally, TallyState
from tayang.evaluation.period import Period
from tayang.evaluation.queries import Scope
from tayang.evaluation.steps import sop_figures
from tayang.evaluation.tally import Tally
from tayang.items.models import StepVisit
from tayang.items.workflow import perform
from tests.app.evaluation_world import DAYS_AGO, History, build_history

pytestmark = pytest.mark.django_db

VALUES = tallies.VALUES


@pytest.fixture
def history(db) -> History:
    made = build_history()
    # The actions wrote no tally: their rows carry the mark, and the sweep adds them.
    assert not StepTally.objects.exists() and not ActivityTally.objects.exists()
    assert StepVisit.objects.filter(untallied=True).exists()
    done = sweep.sweep()
    assert done["visits"] == StepVisit.objects.filter(finished_at__isnull=False).count()
    assert not StepVisit.objects.filter(untallied=True).exists()
    return made


def stored() -> dict[tuple, tuple]:
    """Every tally row as (key) -> (values), the floats rounded past their noise (a rebuild
    reads moments as numbers computed by the database); the day counts of the flow too."""
    found: dict[tuple, tuple] = {
        tuple(row[:len(tallies.KEYS)]): tuple(
            round(value, 6) if isinstance(value, float) else value
            for value in row[len(tallies.KEYS):])
        for row in StepTally.objects.values_list(*tallies.KEYS, *VALUES)
    }
    found.update((("activity", *row[:4]), (row[4],)) for row in ActivityTally.objects
                 .values_list("organization_id", "unit", "day", "kind", "count"))
    return found


def flow(kind: str, unit: int = 0) -> int:
    return sum(ActivityTally.objects.filter(kind=kind, unit=unit)
               .values_list("count", flat=True))


def row_of(step: str, *, unit: int = 0, grain: str = "m") -> dict[str, float]:
    found = {}
    for values in StepTally.objects.filter(step=step, unit=unit, grain=grain).values(*VALUES):
        for name, value in values.items():
            found[name] = found.get(name, 0) + (value or 0)  # NULL is 0
    return found


def test_the_actions_keep_the_tallies_equal_to_a_rebuild(history, monkeypatch):
    """The history holds on time, late (pilah 90 of 30 minutes), sent back and handed in
    again (repeated serahkan and pilah), refused late, cancelled in time, and one still
    waiting (open: not in the tallies)."""
    kept = stored()
    pilah = row_of("pilah")
    # Closed visits of pilah: the quick one, the slow one, both of the sent-back one, the
    # refused one, the cancelled one. The waiting one is open and judged live.
    assert (pilah["visits"], pilah["performed"], pilah["on_time"], pilah["late"]) == (6, 6, 4, 2)
    assert (pilah["sent_back"], pilah["refused"], pilah["cancelled"], pilah["repeated"]) == (
        1, 1, 1, 1)
    assert sum(pilah[f"n{index:02d}"] for index in range(tallies.BUCKETS)) == 6
    unit = history.world.units[1].pk
    assert row_of("pilah", unit=unit) == pilah  # every item is of that unit…
    assert row_of("pilah", grain="d") == pilah  # …and the days add up to the month
    assert StepTally.objects.filter(unit=history.world.units[0].pk).count() == 0
    # The flow: six items handed in once and one again, three published, one sent back,
    # one refused.
    assert (flow("handed_in"), flow("first_handed_in"), flow("published")) == (7, 6, 3)
    assert (flow("sent_back"), flow("refused"), flow("published", unit)) == (1, 1, 3)

    counted = tallies.rebuild()
    assert counted == StepVisit.objects.filter(finished_at__isnull=False).count()
    assert stored() == kept
    assert TallyState.objects.get().layout == tallies.LAYOUT
    # In batches of two rows (on PostgreSQL: as arrays, as a large rebuild sends them).
    monkeypatch.setattr(tallies, "ROWS_PER_STATEMENT", 2)
    tallies.rebuild()
    assert stored() == kept


def test_a_sweep_rolled_back_leaves_the_tallies_and_the_marks_as_they_were(history):
    waiting = history.items["menunggu"]
    holder = history.world.holder("pengelola_website")
    assert perform(waiting.pk, holder, Approve(), now=timezone.now()).ok
    kept = stored()  # the action added nothing…
    marked = set(StepVisit.objects.filter(untallied=True).values_list("pk", flat=True))
    assert marked
    with pytest.raises(RuntimeError), transaction.atomic():
        assert sweep.sweep()["visits"] == len(marked)
        assert stored() != kept  # …the sweep did…
        raise RuntimeError("rolled back")
    assert stored() == kept  # …and its rollback took it away, the marks left for the next
    assert set(StepVisit.objects.filter(untallied=True).values_list("pk", flat=True)) == marked
    assert sweep.sweep()["visits"] == len(marked)
    assert row_of("pilah")["late"] == 3  # the late visit at pilah is counted, once
    assert sweep.sweep()["visits"] == 0  # nothing marked: nothing added again
    now = stored()
    tallies.rebuild()
    assert stored() == now


def test_the_upsert_adds_to_a_row_and_never_overwrites_it(history):
    key = next(iter(StepTally.objects.filter(grain="d").values_list(*tallies.KEYS)))
    before = StepTally.objects.filter(**dict(zip(tallies.KEYS, key, strict=True))).get()
    one = Tally()
    one.counts["visits"] = one.counts["late"] = 1
    one.spent[5] = 1
    one.spent_sum[5] = 0.25
    tallies.add({key: one})
    tallies.add({key: one})
    after = StepTally.objects.get(pk=before.pk)
    assert (after.visits, after.late) == (before.visits + 2, (before.late or 0) + 2)
    assert (after.n05, after.s05) == ((before.n05 or 0) + 2,
                                      pytest.approx((before.s05 or 0) + 0.5))
    assert after.on_time == before.on_time


def test_the_figures_from_the_tallies_equal_those_of_every_visit(history):
    """The report's figures (tallies plus open visits) against ``figures.step_figures`` over
    every visit of the period read one by one, as before the tallies: counts equal, median
    and p90 within the histogram's bound."""
    org = history.world.org
    now = timezone.now()
    today = now.astimezone(org.zone).date()
    scope = Scope(org, Period(today - timedelta(days=DAYS_AGO + 1), today))
    (sop,) = sop_figures(scope, now)
    visits = [
        fig.Visit.at(item, step, entered, finished, target, limit, outcome, skipped)
        for item, step, entered, finished, target, limit, outcome, skipped in
        StepVisit.objects.values_list("item_id", "step", "entered_at", "finished_at",
                                      "due_target", "due_limit", "outcome", "skipped")
    ]
    for row in sop.steps:
        exact = fig.step_figures(row.key, [v for v in visits if v.step == row.key], now)
        kept = row.figures
        for name in ("visits", "performed", "open_now", "on_time", "past_target", "late",
                     "untimed", "skipped", "repeated", "sent_back", "refused", "cancelled"):
            assert getattr(kept, name) == getattr(exact, name), (row.key, name)
        for name in ("median", "p90"):
            value, truth = getattr(kept, name), getattr(exact, name)
            assert value == pytest.approx(truth, rel=0.19), (row.key, name)
        assert kept.allowed_limit == pytest.approx(exact.allowed_limit)
        assert kept.approximate


def test_the_rebuild_command_and_migrate_make_them_from_the_visits(history):
    kept = stored()
    StepTally.objects.all().delete()
    call_command("evaluation_rebuild", "--organisasi", history.world.org.slug, verbosity=0)
    assert stored() == kept
    # A database from before the tallies: migrate finds no state and makes them.
    StepTally.objects.all().delete()
    ActivityTally.objects.all().delete()
    TallyState.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert stored() == kept
    # Up to date, migrate leaves them alone.
    StepTally.objects.all().delete()
    ActivityTally.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert stored() == {}


@pytest.mark.django_db(transaction=True)
def test_actions_at_once_lose_no_count():
    """Two connections adding to the same rows at the same time, each in its own transaction
    (PostgreSQL; SQLite lets one writer in at a time anyway): every addition is there."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    world = build_history().world
    key = (world.org.pk, world.procedure.pk, "pilah", 0, "d", timezone.now().date(), "h")
    one = Tally()
    one.counts["visits"] = one.spent[3] = 1
    start = threading.Barrier(2)

    def write() -> None:
        try:
            start.wait()
            for _ in range(40):
                with transaction.atomic():
                    tallies.add({key: one})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    row = StepTally.objects.get(**dict(zip(tallies.KEYS, key, strict=True)))
    assert (row.visits, row.n03) == (80, 80)
