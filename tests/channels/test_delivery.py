"""The outbox and the delivery: exactly once per channel, retries, recovery, scheduling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tayang.channels import actions, delivery, sweep
from tayang.channels.models import Channel, ChannelChoice
from tayang.engine.actions import Publish
from tayang.items.models import Approval, Item, Publication
from tayang.public.models import Article
from tests.app.world import drive, make_world, perform, ready_item, step_action

pytestmark = pytest.mark.django_db
State = Publication.State


def board(world, kind: str = "papan", key: str = "papan", **extra) -> Channel:
    channel = Channel(organization=world.org, key=key, kind=kind, name=f"Papan {key}",
                      config={"board": "dinas"}, **extra)
    channel.set_secrets({"token": "rahasia"})
    channel.save()
    return channel


def at_publish_step(world, **kwargs) -> Item:
    item = ready_item(world, photos=5, **kwargs)
    publish_step = next(s for s in world.sop.steps if s.kind.value == "publish")
    return drive(world, item, publish_step.key)


def publish(world, item: Item, **kwargs) -> None:
    step = world.sop.step(item.step)
    action = step_action(world.sop, item.step)
    action = Publish(confirmed=action.confirmed, **kwargs)
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = perform(item.pk, world.holder(step.roles[0]), action)
    assert result.ok, result.message


@pytest.fixture
def world():
    return make_world("dinsos", "dinsos-uji")


def test_publishing_writes_one_publication_per_channel_with_the_approval(world, papan):
    board(world)
    item = at_publish_step(world)
    publish(world, item)
    rows = {p.channel: p for p in Publication.objects.filter(item=item)}
    assert rows["website"].state == State.PUBLISHED
    assert Article.objects.filter(item=item).exists()
    assert rows["papan"].state == State.QUEUED
    assert rows["papan"].approval == Approval.objects.filter(item=item).last()
    assert rows["papan"].idempotency_key.startswith(f"tayang-{item.pk}-papan-")
    # The task is waiting in the database queue, written after the transaction committed.
    assert DBTaskResult.objects.filter(args_kwargs__args=[rows["papan"].pk]).count() == 1
    assert papan.posts == {}  # nothing went out inside the request


def test_a_failed_publishing_transaction_leaves_no_request_behind(world, papan):
    board(world)
    item = at_publish_step(world)
    approvals = Approval.objects.count()
    # The earlier actions' tasks (a spelling check) are written in their own transactions.
    tasks_before = DBTaskResult.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(world, item)
        raise RuntimeError("the database went away")
    assert not Publication.objects.filter(item=item).exists()
    assert Approval.objects.count() == approvals
    assert DBTaskResult.objects.count() == tasks_before


def test_delivery_posts_once_and_records_where(world, papan):
    board(world)
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    assert delivery.deliver(publication.pk) == "published"
    assert delivery.deliver(publication.pk) == "skipped"
    publication.refresh_from_db()
    assert publication.state == State.PUBLISHED
    assert publication.external_id == "1"
    assert publication.url == "https://papan.test/1"
    assert publication.attempts == 1
    [post] = papan.posts.values()
    assert post["key"] == publication.idempotency_key
    # The default caption: title, lead and the article's short address on the website.
    assert post["text"].startswith(item.title)
    assert post["text"].endswith(f"/situs/{world.slug}/berita/{item.pk}/")
    assert len(post["photos"]) == 5


def test_a_caption_variant_is_what_the_channel_gets(world, papan):
    channel = board(world)
    item = at_publish_step(world)
    ChannelChoice.objects.create(item=item, channel=channel, caption="Teks khusus papan.")
    publish(world, item)
    delivery.deliver(Publication.objects.get(item=item, channel="papan").pk)
    assert [p["text"] for p in papan.posts.values()] == ["Teks khusus papan."]


def test_rate_limit_backs_off_then_publishes(world, papan):
    board(world)
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    papan.fail("POST", "/posts", 429, {"error": "slow down"}, headers={"Retry-After": "120"})
    assert delivery.deliver(publication.pk) == "retrying"
    publication.refresh_from_db()
    assert publication.state == State.RETRYING
    assert "membatasi" in publication.error
    assert publication.due_at >= timezone.now() + timedelta(seconds=119)
    assert delivery.deliver(publication.pk) == "skipped"  # not due yet
    assert delivery.deliver(publication.pk, now=publication.due_at) == "published"
    assert len(papan.posts) == 1


def test_expired_token_fails_with_words_and_an_admin_retry_publishes(world, papan):
    channel = board(world)
    channel.set_secrets({"token": "kedaluwarsa"})
    channel.save()
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    assert delivery.deliver(publication.pk) == "failed"
    publication.refresh_from_db()
    assert publication.state == State.FAILED
    assert "token kedaluwarsa" in publication.error
    channel.set_secrets({"token": "rahasia"})
    channel.save()
    done = actions.retry(publication.pk, world.admin)
    assert done.ok, done.message
    assert delivery.deliver(publication.pk) == "published"
    assert len(papan.posts) == 1


def test_a_timeout_after_the_post_was_made_never_posts_twice(world, papan):
    board(world)
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    papan.hang("POST", "/posts")  # the platform keeps the post but never answers
    assert delivery.deliver(publication.pk) == "retrying"
    publication.refresh_from_db()
    assert publication.journal["_uncertain"] is True
    assert delivery.deliver(publication.pk, now=publication.due_at) == "published"
    assert len(papan.posts) == 1
    assert len(papan.calls("POST", "/posts")) == 1  # found, not sent again
    publication.refresh_from_db()
    assert publication.external_id == "1"


def test_a_worker_that_died_mid_attempt_is_recovered_by_the_sweep(world, papan):
    board(world)
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    # What a SIGKILL leaves: claimed, journal marked, post made, result never written.
    claimed = delivery._claim(publication.pk, timezone.now())
    delivery.DbJournal(claimed).record("_uncertain", True)
    papan.posts[claimed.idempotency_key] = {"id": "1", "key": claimed.idempotency_key}
    assert delivery.deliver(publication.pk) == "skipped"  # held by the dead worker's lease
    later = timezone.now() + timedelta(hours=1)
    found = sweep.sweep(now=later)
    assert found["interrupted"] == 1
    publication.refresh_from_db()
    assert publication.state == State.RETRYING
    assert delivery.deliver(publication.pk, now=later) == "published"
    assert len(papan.posts) == 1
    assert papan.calls("POST", "/posts") == []


def test_a_platform_that_cannot_be_checked_waits_for_an_admin(world, papan):
    board(world, kind="papan-buta", key="buta")
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="buta")
    papan.hang("POST", "/posts")
    assert delivery.deliver(publication.pk) == "retrying"
    publication.refresh_from_db()
    assert delivery.deliver(publication.pk, now=publication.due_at) == "needs_check"
    publication.refresh_from_db()
    assert publication.state == State.NEEDS_CHECK
    assert "tidak menyediakan cara untuk memeriksanya" in publication.error
    assert len(papan.posts) == 1
    # The admin looked: it is there. Recording its address ends it without a second post.
    done = actions.record_proof(publication.pk, world.admin, "https://papan.test/1")
    assert done.ok
    publication.refresh_from_db()
    assert publication.state == State.PUBLISHED
    assert publication.confirmed_by == world.admin
    assert len(papan.posts) == 1


def test_server_errors_give_up_after_the_last_attempt(world, papan, settings):
    settings.TAYANG_PUBLISH_MAX_ATTEMPTS = 3
    board(world)
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    papan.fail("POST", "/posts", 503, {"error": "down"}, times=3)
    outcomes = []
    for _ in range(3):
        publication.refresh_from_db()
        outcomes.append(delivery.deliver(publication.pk, now=publication.due_at))
    assert outcomes == ["retrying", "retrying", "failed"]
    publication.refresh_from_db()
    assert publication.state == State.FAILED
    assert "Sudah dicoba 3 kali" in publication.error


def test_backoff_grows_and_respects_the_platform(settings):
    settings.TAYANG_PUBLISH_BACKOFF_SECONDS = 30
    first, third = delivery.backoff(1), delivery.backoff(3)
    assert timedelta(seconds=24) <= first <= timedelta(seconds=36)
    assert timedelta(seconds=96) <= third <= timedelta(seconds=144)
    assert delivery.backoff(30) <= timedelta(hours=1, minutes=12)
    assert delivery.backoff(1, retry_after=600) == timedelta(seconds=600)


def test_a_channel_refusing_the_content_blocks_hand_in_with_its_name(world, papan):
    channel = board(world)
    item = ready_item(world, photos=6)  # the board takes five photos at most
    ChannelChoice.objects.create(item=item, channel=channel)
    first = world.sop.first_step
    result = perform(item.pk, world.holder(first.roles[0]), step_action(world.sop, first.key))
    assert not result.ok
    assert "Papan papan: 6 foto, paling banyak 5." in result.message
    item.refresh_from_db()
    assert item.step == first.key


def test_withdrawal_is_done_by_a_worker(world, papan):
    board(world)
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    delivery.deliver(publication.pk)
    done = actions.withdraw(publication.pk, world.admin, "Ada kesalahan nama penerima.")
    assert done.ok, done.message
    publication.refresh_from_db()
    assert publication.state == State.WITHDRAWING
    assert delivery.withdraw(publication.pk) == "withdrawn"
    assert papan.posts == {}
    publication.refresh_from_db()
    assert publication.state == State.WITHDRAWN


def test_scheduling_across_a_date_boundary_in_the_organizations_zone(papan):
    world = make_world("papua", "papua-uji", zone="Asia/Jayapura")  # WIT, UTC+9
    board(world)
    item = at_publish_step(world)
    # Published at 00.30 on 1 December in Jayapura: still 30 November in UTC (and in WIB).
    local = datetime(2027, 12, 1, 0, 30, tzinfo=ZoneInfo("Asia/Jayapura"))
    publish(world, item, scheduled_for=local)
    rows = {p.channel: p for p in Publication.objects.filter(item=item)}
    assert {p.state for p in rows.values()} == {State.QUEUED}
    assert rows["papan"].due_at == datetime(2027, 11, 30, 15, 30, tzinfo=UTC)
    assert rows["website"].scheduled
    assert not Article.objects.filter(item=item).exists()  # not on the website before its time
    assert "dijadwalkan Rabu, 1 Des 2027, pukul 00.30 WIT" in item.log.last().detail
    before = datetime(2027, 11, 30, 15, 29, tzinfo=UTC)
    assert sweep.sweep(now=before)["enqueued"] == 0
    assert delivery.deliver(rows["website"].pk, now=before) == "skipped"
    after = datetime(2027, 11, 30, 15, 31, tzinfo=UTC)
    assert delivery.deliver(rows["papan"].pk, now=after) == "waiting"  # the website goes first
    assert delivery.deliver(rows["website"].pk, now=after) == "published"
    assert Article.objects.filter(item=item).exists()
    rows["papan"].refresh_from_db()
    assert delivery.deliver(rows["papan"].pk, now=rows["papan"].due_at) == "published"
    assert len(papan.posts) == 1


def test_a_schedule_in_the_past_is_refused_and_changes_nothing(world, papan):
    board(world)
    item = at_publish_step(world)
    step = world.sop.step(item.step)
    result = perform(item.pk, world.holder(step.roles[0]),
                     Publish(confirmed=step_action(world.sop, item.step).confirmed,
                             scheduled_for=timezone.now() - timedelta(minutes=1)))
    assert not result.ok
    assert "harus setelah saat ini" in result.message
    assert not Publication.objects.filter(item=item).exists()


def test_renewed_credentials_are_sealed_into_the_channel_never_the_journal(world, papan):
    channel = board(world, kind="papan-segar", key="segar")
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="segar")
    assert delivery.deliver(publication.pk) == "published"
    channel.refresh_from_db()
    assert channel.secrets()["refresh"] == "segar-2"
    assert "segar-2" not in channel.sealed_secrets
    publication.refresh_from_db()
    assert "refreshed_secrets" not in publication.journal
    assert "segar-2" not in str(publication.journal)
