"""The tallies store 0 as NULL (``evaluation.models.ZERO``, issue 16): no counter, sum or
bucket holds a 0, an addition to a NULL gives the addition and one that comes back to 0 gives
NULL again, and the migration that made the columns nullable keeps every figure, both ways,
without a rebuild. Runs on SQLite and, with ``DATABASE_URL``, on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from tayang.evaluation import publishing, sweep, tallies
from tayang.evaluation.models import PublicationTally, StepTally, TallyState
from tayang.evaluation.tally import HOURS, Tally, bucket_of
from tayang.items.models import StepVisit
from tests.app.evaluation_world import build_history
from tests.evaluation.test_sweep import pages

pytestmark = pytest.mark.django_db

BEFORE = "0003_publication_tallies_late_items"


def rows(model: type, keys: tuple[str, ...], values: tuple[str, ...]) -> dict[tuple, tuple]:
    return {tuple(row[:len(keys)]): tuple(row[len(keys):])
            for row in model.objects.values_list(*keys, *values)}


def step_rows() -> dict[tuple, tuple]:
    return rows(StepTally, tallies.KEYS, tallies.VALUES)


def publication_rows() -> dict[tuple, tuple]:
    return rows(PublicationTally, publishing.KEYS, publishing.VALUES)


def zero_as_null(found: dict[tuple, tuple]) -> dict[tuple, tuple]:
    return {key: tuple(value or None for value in values) for key, values in found.items()}


def test_no_tally_stores_a_zero():
    build_history()
    sweep.sweep()
    steps, published = step_rows(), publication_rows()
    assert steps and published
    for found in (steps, published):
        values = [value for row in found.values() for value in row]
        assert 0 not in values  # 0 == 0.0: no integer and no float zero
        # Most of a row is empty: 72 buckets, of which a visit fills one.
        assert values.count(None) > len(values) / 2
    # What was added is there: every closed visit once in the organization's month rows.
    visits = sum(row[0] for key, row in steps.items() if key[3] == 0 and key[4] == "m")
    assert visits == StepVisit.objects.filter(finished_at__isnull=False).count()
    # And a rebuild writes them the same way (on PostgreSQL as arrays with NULLs in them).
    tallies.rebuild()
    assert step_rows() == steps and publication_rows() == published


def test_an_addition_to_null_and_back_to_zero():
    world = build_history().world
    key = (world.org.pk, world.procedure.pk, "pilah", 0, "d", timezone.now().date(), "h")
    one = Tally()
    one.counts["visits"] = one.spent[7] = 1
    one.spent_sum[7] = 0.5
    tallies.add({key: one})
    tallies.add({key: one})
    row = StepTally.objects.get(**dict(zip(tallies.KEYS, key, strict=True)))
    assert (row.visits, row.n07, row.s07) == (2, 2, 1.0)
    assert (row.late, row.n06, row.s06, row.target_sum) == (None, None, None, None)
    nothing = Tally()
    nothing.counts["visits"] = 1  # adds 0 to every other column, named or not
    tallies.add({key: nothing})
    row.refresh_from_db()
    assert (row.visits, row.n07, row.s07, row.late) == (3, 2, 1.0, None)

    # A publication moved from queued to published: queued's count back to 0, as NULL.
    now = timezone.now()
    queued = publishing.Facts(world.org.pk, None, ZoneInfo("Asia/Jakarta"), "papan", "queued",
                              now, None, now - timedelta(hours=2))
    published = publishing.Facts(world.org.pk, None, queued.zone, "papan", "published", now,
                                 now, queued.handed_in_at)
    moves: publishing.Rows = {}
    publishing.count(moves, queued, 1)
    publishing.add(moves)
    moves = {}
    publishing.count(moves, queued, -1)
    publishing.count(moves, published, 1)
    publishing.add(moves)
    found = PublicationTally.objects.filter(organization=world.org, channel="papan", unit=0,
                                            grain="d")
    assert dict(found.filter(kind="s").values_list("state", "count")) == {
        "queued": None, "published": 1}
    hours = found.get(kind="h")
    bucket = bucket_of(2, HOURS)
    assert (getattr(hours, f"n{bucket:02d}"), getattr(hours, f"s{bucket:02d}")) == (1, 2.0)
    assert getattr(hours, f"n{bucket - 1:02d}") is None


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_figures_both_ways():
    """A database migrated back to the zeros and forward again: the same rows, the same
    pages, and no rebuild (the layout is unchanged)."""
    history = build_history()
    sweep.sweep()
    if not tallies.up_to_date():
        TallyState.objects.create(layout=tallies.LAYOUT, rebuilt_at=timezone.now())
    state = set(TallyState.objects.values_list("pk", "rebuilt_at"))
    steps, published = step_rows(), publication_rows()
    now = timezone.now()
    shown = pages(history, now)
    try:
        call_command("migrate", "evaluation", BEFORE, verbosity=0)
        old_steps, old_published = step_rows(), publication_rows()
        # Before: every NULL a 0, no more and no fewer rows.
        assert None not in {value for row in old_steps.values() for value in row}
        assert None not in {value for row in old_published.values() for value in row}
        assert zero_as_null(old_steps) == steps and zero_as_null(old_published) == published
        assert pages(history, now) == shown
    finally:
        call_command("migrate", "evaluation", verbosity=0)
    assert step_rows() == steps and publication_rows() == published
    assert pages(history, now) == shown
    assert set(TallyState.objects.values_list("pk", "rebuilt_at")) == state  # not rebuilt
    # New rows after the migration: the upsert still finds its key (the unique constraint).
    key = next(iter(steps))
    one = Tally()
    one.counts["visits"] = 1
    tallies.add({key: one})
    assert step_rows()[key][0] == steps[key][0] + 1
