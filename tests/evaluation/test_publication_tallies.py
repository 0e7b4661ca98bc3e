"""The publications' tallies (issue 13, point 4), kept by ``channels/transitions.py`` with every
change of a publication's state: equal to a rebuild from the publications after publishing,
failing, retrying then publishing, waiting for a check, withdrawing (a channel's and the
website's) and pausing; untouched by a rolled-back transaction; no count lost by two writers
at once (PostgreSQL); and the dashboard's channel figures the same as every publication read
one by one. Runs on SQLite and, with ``DATABASE_URL``, on PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tayang.channels import actions, delivery, scheduled_actions, sweep
from tayang.evaluation import dashboard, publishing
from tayang.evaluation import sweep as tally_sweep
from tayang.evaluation.figures import percentile
from tayang.evaluation.models import PublicationTally, TallyState
from tayang.evaluation.period import Period
from tayang.evaluation.queries import Scope, publication_delays, publications
from tayang.evaluation.tally import HOURS, bucket_of
from tayang.items.models import Item, Publication
from tayang.items.withdrawal import take_down_roles
from tayang.items.withdrawal import withdraw as withdraw_website
from tests.channels.test_delivery import at_publish_step, board, publish

pytestmark = pytest.mark.django_db
State = Publication.State


def stored() -> dict[tuple, tuple]:
    """Every row with something in it, the floats rounded past their noise (a move subtracts
    what an earlier change added), once the worker's sweep has added the marked rows."""
    tally_sweep.sweep()
    assert not Publication.objects.filter(untallied=True).exists()
    found = {}
    for row in PublicationTally.objects.values_list(*publishing.KEYS, *publishing.VALUES):
        values = tuple(round(value, 6) if isinstance(value, float) else value
                       for value in row[len(publishing.KEYS):])
        if any(values):
            found[row[:len(publishing.KEYS)]] = values
    return found


def assert_equal_to_a_rebuild() -> None:
    kept = stored()
    publishing.rebuild()
    assert stored() == kept


def move(before: publishing.Facts | None, after: publishing.Facts) -> None:
    """What the sweep adds for one publication moved from ``before`` to ``after``."""
    rows: publishing.Rows = {}
    if before is not None:
        publishing.count(rows, before, -1)
    publishing.count(rows, after, 1)
    publishing.add(rows)


def states(channel: str) -> dict[str, int]:
    """The whole organization's month rows of ``channel``: {state: count} (swept first)."""
    tally_sweep.sweep()
    found: dict[str, int] = defaultdict(int)
    for state, count in PublicationTally.objects.filter(
            unit=0, grain="m", kind="s", channel=channel).values_list("state", "count"):
        if count:
            found[state] += count
    return dict(found)


@pytest.fixture
def world():
    from tests.app.world import make_world

    return make_world("dinsos", "dinsos-uji")


def test_every_change_of_state_keeps_the_tallies_equal_to_a_rebuild(world, papan):
    board(world)
    board(world, kind="papan-buta", key="buta")
    item = at_publish_step(world)
    publish(world, item)
    assert states("website") == {"published": 1}
    assert states("papan") == {"queued": 1}
    assert_equal_to_a_rebuild()
    papan_row = Publication.objects.get(item=item, channel="papan")
    buta = Publication.objects.get(item=item, channel="buta")

    # Retrying later, then published.
    papan.fail("POST", "/posts", 503)
    assert delivery.deliver(papan_row.pk) == "retrying"
    assert states("papan") == {"retrying": 1}
    assert_equal_to_a_rebuild()
    papan_row.refresh_from_db()
    assert delivery.deliver(papan_row.pk, now=papan_row.due_at) == "published"
    assert states("papan") == {"published": 1}
    # The hours from hand-in to publication, in the published day's row.
    hours = publishing.hours(world.org.pk, timezone.now().date() - timedelta(days=1),
                             timezone.now().date() + timedelta(days=1), None)
    assert sum(hours["papan"].spent) == 1 and sum(hours["website"].spent) == 1
    assert_equal_to_a_rebuild()

    # Cut off before an answer on a platform that cannot be checked: needs a check, then
    # the admin's proof publishes it.
    papan.hang("POST", "/posts")
    assert delivery.deliver(buta.pk) == "retrying"
    buta.refresh_from_db()
    assert delivery.deliver(buta.pk, now=buta.due_at) == "needs_check"
    assert states("buta") == {"needs_check": 1}
    assert_equal_to_a_rebuild()
    assert actions.record_proof(buta.pk, world.admin, "https://papan.test/1").ok
    assert states("buta") == {"published": 1}

    # Withdrawn from the channel by a worker, and from the website by its own flow.
    assert actions.withdraw(papan_row.pk, world.admin, "Ada kesalahan nama penerima.").ok
    assert states("papan") == {"withdrawing": 1}
    assert_equal_to_a_rebuild()
    assert delivery.withdraw(papan_row.pk) == "withdrawn"
    assert states("papan") == {"withdrawn": 1}
    publisher = world.holder(take_down_roles(world.sop)[0])
    done = withdraw_website(item.pk, publisher, "Nama narasumber keliru ditulis.")
    assert done.done, done.message
    assert states("website") == {"withdrawn": 1}
    assert_equal_to_a_rebuild()


def test_failed_retried_and_recovered(world, papan):
    channel = board(world)
    channel.set_secrets({"token": "kedaluwarsa"})
    channel.save()
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    assert delivery.deliver(publication.pk) == "failed"
    assert states("papan") == {"failed": 1}
    assert_equal_to_a_rebuild()
    channel.set_secrets({"token": "rahasia"})
    channel.save()
    assert actions.retry(publication.pk, world.admin).ok
    assert states("papan") == {"queued": 1}
    # A worker that died holding it: the sweep hands it back (retrying), then it goes out.
    delivery._claim(publication.pk, timezone.now())
    assert states("papan") == {"publishing": 1}
    later = timezone.now() + timedelta(hours=1)
    assert sweep.sweep(now=later)["interrupted"] == 1
    assert states("papan") == {"retrying": 1}
    assert_equal_to_a_rebuild()
    assert delivery.deliver(publication.pk, now=later) == "published"
    assert states("papan") == {"published": 1}
    assert_equal_to_a_rebuild()


def test_scheduled_publications_held_and_let_go(world, papan):
    board(world)
    item = at_publish_step(world)
    publish(world, item, scheduled_for=timezone.now() + timedelta(days=2))
    assert states("papan") == {"queued": 1}
    holder = world.holder(world.sop.step(item.step).roles[0])
    done = scheduled_actions.pause(item.pk, holder, hold=True)
    assert done.ok, done.message
    assert states("papan") == {"paused": 1} and states("website") == {"paused": 1}
    assert_equal_to_a_rebuild()
    assert scheduled_actions.pause(item.pk, holder, hold=False).ok
    assert states("papan") == {"queued": 1}
    assert_equal_to_a_rebuild()
    # What ``manage.py evaluation_rebuild`` and ``migrate`` (a database from before these
    # tallies) do makes them too.
    kept = stored()
    PublicationTally.objects.all().delete()
    call_command("evaluation_rebuild", verbosity=0)
    assert stored() == kept
    PublicationTally.objects.all().delete()
    TallyState.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert stored() == kept


def test_a_rolled_back_change_leaves_the_tallies_as_they_were(world, papan):
    board(world)
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    kept = stored()
    with pytest.raises(RuntimeError), transaction.atomic():
        assert actions.record_proof(publication.pk, world.admin, "https://papan.test/9").ok
        assert stored() != kept  # the change did move the count…
        raise RuntimeError("rolled back")
    assert stored() == kept  # …and the rollback took it away
    publication.refresh_from_db()
    assert publication.state == State.QUEUED


def test_the_dashboard_figures_equal_those_of_every_publication(world, papan):
    """Counts by channel and state exactly as the publications say; hand-in to publication
    within the histogram's bound (a bucket is under 19 % wide), shown with "≈"."""
    board(world)
    for hours_ago in (3, 7, 26):
        item = at_publish_step(world)
        # Handed in hours before, as in life: within one run the gaps are milliseconds, all
        # in the histogram's first bucket, whose width relative to its values is unbounded.
        Item.objects.filter(pk=item.pk).update(
            handed_in_at=F("handed_in_at") - timedelta(hours=hours_ago))
        publish(world, item)
        delivery.deliver(Publication.objects.get(item=item, channel="papan").pk)
    org = world.org
    today = timezone.now().astimezone(org.zone).date()
    scope = Scope(org, Period(today - timedelta(days=7), today))
    exact: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    hours: dict[str, list[float]] = defaultdict(list)
    for channel, state, published, handed in Publication.objects.values_list(
            "channel", "state", "published_at", "item__handed_in_at"):
        exact[channel][state] += 1
        if published is not None:
            hours[channel].append((published - handed).total_seconds() / 3600)
    assert publications(scope) == {key: dict(value) for key, value in exact.items()}
    delays = publication_delays(scope)
    assert set(delays) == set(hours) == {"website", "papan"}
    for channel, values in hours.items():
        assert sum(delays[channel].spent) == len(values)
        for fraction in (0.5, 0.9):
            assert delays[channel].percentile(fraction) == pytest.approx(
                percentile(values, fraction), rel=0.19)
    chart = dashboard._delays(scope)
    assert all(row[2].startswith("≈") for row in chart.texts)


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_lose_no_count():
    """Two connections moving counts in the same rows at the same time, each in its own
    transaction (PostgreSQL; SQLite lets one writer in at a time anyway)."""
    import threading
    from zoneinfo import ZoneInfo

    from django.db import connection, connections

    from tests.app.world import make_world

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    org = make_world("dinsos", "dinsos-serentak").org
    now = timezone.now()
    facts = publishing.Facts(org.pk, None, ZoneInfo("Asia/Jakarta"), "papan", "queued", now,
                             None, now - timedelta(hours=2))
    published = publishing.Facts(org.pk, None, facts.zone, "papan", "published", now, now,
                                 facts.handed_in_at)
    start = threading.Barrier(2)

    def write() -> None:
        try:
            start.wait()
            for _ in range(40):
                with transaction.atomic():
                    move(None, facts)
                with transaction.atomic():
                    move(facts, published)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = PublicationTally.objects.filter(organization=org, grain="d", unit=0)
    assert dict(rows.filter(kind="s").values_list("state", "count")) == {
        "queued": None, "published": 80}  # moved away: 0, stored as NULL
    assert getattr(rows.get(kind="h"), f"n{bucket_of(2, HOURS):02d}") == 80  # two hours
