"""Telegram: linking once through the bot's deep link, direct messages, the Bot API's errors.

Against a local server that follows the Bot API (tests/notify/fakes/telegram_bot.py).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from tayang.notify import dispatch, telegram_links
from tayang.notify.models import (
    Delivery,
    Messaging,
    Notification,
    TelegramLink,
    TelegramLinkToken,
)
from tayang.notify.models.accounts import TELEGRAM_TOKEN
from tests.app.world import make_world
from tests.channels.fakes.floods import MB, Flood
from tests.channels.fakes.telegram import TOKEN
from tests.notify.fakes.telegram_bot import BOT_USERNAME, FakeTelegramBot
from tests.notify.kit import hand_in, reachable, run_worker

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
NOON = datetime(2026, 3, 2, 12, tzinfo=WIB)
CHAT = 424242


@pytest.fixture
def bot(settings):
    fake = FakeTelegramBot().start()
    settings.TAYANG_CHANNEL_API_BASES = {"telegram": fake.url}
    yield fake
    fake.stop()


@pytest.fixture
def world(bot):
    world = make_world("diy", "dinsos-uji")
    messaging = Messaging(organization=world.org, telegram_enabled=True,
                          telegram_bot_username=BOT_USERNAME)
    messaging.set_secrets({TELEGRAM_TOKEN: TOKEN})
    messaging.save()
    reachable(world, by_email=False)
    return world


def link(world, bot, user, chat=CHAT) -> None:
    deep_link = telegram_links.start(user, world.org, now=NOON)
    parts = urlsplit(deep_link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "t.me", f"/{BOT_USERNAME}")
    token = parse_qs(parts.query)["start"][0]
    bot.press_start(chat, token)
    assert telegram_links.poll_pending(now=NOON) == {"linked": 1, "refused": 0}
    user.notify_preference.by_telegram = True
    user.notify_preference.save()


def test_the_deep_link_links_the_chat_once_and_only_its_hash_is_kept(world, bot):
    reviewer = world.holder("tim_pertimbangan")
    deep_link = telegram_links.start(reviewer, world.org, now=NOON)
    token = parse_qs(urlsplit(deep_link).query)["start"][0]
    assert len(token) == 32 and token.replace("-", "").replace("_", "").isalnum()
    stored = TelegramLinkToken.objects.get(user=reviewer)
    assert stored.digest != token and token not in stored.digest
    bot.press_start(CHAT, token, username="budi_tp")
    assert telegram_links.poll_pending(now=NOON) == {"linked": 1, "refused": 0}
    linked = TelegramLink.objects.get(user=reviewer, organization=world.org)
    assert (linked.chat_id, linked.telegram_name) == (CHAT, "budi_tp")
    assert "sudah terhubung" in bot.sent_to(CHAT)[-1]
    # The same link again (forwarded, or pressed twice) links nobody.
    bot.press_start(555, token)
    assert telegram_links.poll_pending(now=NOON) == {"linked": 0, "refused": 0}  # none pending
    assert bot.api("getUpdates")  # it was read once, while the token was pending
    assert TelegramLink.objects.count() == 1


def test_a_wrong_or_expired_token_is_refused_with_a_reply(world, bot, settings):
    reviewer = world.holder("tim_pertimbangan")
    deep_link = telegram_links.start(reviewer, world.org, now=NOON)
    token = parse_qs(urlsplit(deep_link).query)["start"][0]
    bot.press_start(CHAT, "bukan-token-yang-benar")
    assert telegram_links.poll_pending(now=NOON) == {"linked": 0, "refused": 1}
    assert "tidak berlaku" in bot.sent_to(CHAT)[-1]
    later = NOON + timedelta(minutes=settings.TAYANG_TELEGRAM_LINK_MINUTES + 1)
    bot.press_start(CHAT, token)
    assert telegram_links.poll_pending(now=later) == {"linked": 0, "refused": 0}
    assert not TelegramLink.objects.exists()


def test_nobody_linking_means_no_call_to_telegram(world, bot):
    assert telegram_links.poll_pending(now=NOON) == {"linked": 0, "refused": 0}
    assert bot.requests == []


def test_a_bot_with_a_webhook_is_reported_to_the_admin(world, bot):
    bot.webhook = True
    telegram_links.start(world.holder("tim_pertimbangan"), world.org, now=NOON)
    telegram_links.poll_pending(now=NOON)
    assert "webhook" in Messaging.objects.get(organization=world.org).telegram_problem


def test_an_arrival_is_a_direct_message_with_the_link(world, bot):
    reviewer = world.holder("tim_pertimbangan")
    link(world, bot, reviewer)
    item = hand_in(world, NOON)
    assert run_worker(NOON) == ["sent"]
    [text] = bot.sent_to(CHAT)[1:]
    assert text.startswith("Menunggu Anda: Sosialisasi layanan perizinan")
    # The item's page; the reviewer has no PIN yet, so one sentence on having one follows.
    assert f"/kerja/dinsos-uji/konten/{item.pk}/\n\nAtur PIN keputusan di " in text
    assert text.endswith("agar pesan berikutnya memuat tautan untuk memutuskan langsung dari "
                         "ponsel.")
    delivery = Delivery.objects.get(medium="telegram")
    assert (delivery.state, delivery.external_id) == ("sent", str(max(bot.messages)))


def test_the_bots_token_never_reaches_a_log(world, bot, caplog):
    """The Bot API's URLs carry the token (/bot<token>/…); httpx would log them at INFO."""
    with caplog.at_level(logging.DEBUG):
        link(world, bot, world.holder("tim_pertimbangan"))
        hand_in(world, NOON)
        assert run_worker(NOON) == ["sent"]
    assert len(bot.sent_to(CHAT)) == 2  # the linking's answer and the message
    assert TOKEN.split(":")[1] not in caplog.text


def test_flood_control_waits_as_long_as_telegram_asks(world, bot):
    link(world, bot, world.holder("tim_pertimbangan"))
    hand_in(world, NOON)
    bot.flood = 37
    assert run_worker(NOON) == ["retrying"]
    delivery = Delivery.objects.get(medium="telegram")
    assert delivery.due_at >= datetime.now(WIB) + timedelta(seconds=36)
    assert "membatasi" in delivery.error
    assert dispatch.send(delivery.pk, now=delivery.due_at) == "sent"
    assert len(bot.sent_to(CHAT)) == 2


def test_a_person_who_blocked_the_bot_is_told_in_the_workspace_and_the_admin_too(world, bot):
    reviewer = world.holder("tim_pertimbangan")
    link(world, bot, reviewer)
    hand_in(world, NOON)
    bot.block(CHAT)
    assert run_worker(NOON) == ["failed"]
    delivery = Delivery.objects.get(medium="telegram")
    assert delivery.state == "failed"
    assert "memblokir bot" in delivery.error
    assert TelegramLink.objects.get(user=reviewer).blocked_at is not None
    [notice] = Notification.objects.filter(user=world.admin, kind="delivery_failed")
    assert "Tim Pertimbangan" in notice.title and "Telegram" in notice.title
    # The next message is not even tried on Telegram while the bot stays blocked.
    item = hand_in(world, NOON + timedelta(hours=1))
    assert not Delivery.objects.filter(notification__item=item, medium="telegram").exists()
    assert Notification.objects.filter(user=reviewer, item=item).exists()


def test_a_reply_too_large_is_a_failed_attempt_in_the_admins_words(world, bot, settings):
    """The gateway's answer is bounded like every outbound reply (tayang/reply_limit.py)."""
    settings.TAYANG_OUTBOUND_REPLY_MAX_BYTES = MB
    link(world, bot, world.holder("tim_pertimbangan"))
    hand_in(world, NOON)
    flood = Flood()
    bot.fail("POST", r"/sendMessage$", 200, flood, after_handler=True)
    assert run_worker(NOON) == ["retrying"]
    delivery = Delivery.objects.get(medium="telegram")
    assert delivery.error.startswith("Jawaban Telegram terlalu besar (lebih dari 1 MB)")
    assert flood.sent < flood.cap
    # Telegram may have delivered it (it did here): never sent twice, the admin decides.
    assert dispatch.send(delivery.pk, now=delivery.due_at) == "uncertain"
    assert len(bot.sent_to(CHAT)) == 2  # the linking's answer and the one message


def test_updates_nested_past_the_recursion_limit_are_reported_not_a_crash(world, bot):
    telegram_links.start(world.holder("tim_pertimbangan"), world.org, now=NOON)
    bot.fail("POST", r"/getUpdates$", 200, b"[" * 200_000)
    assert telegram_links.poll_pending(now=NOON) == {"linked": 0, "refused": 0}
    problem = Messaging.objects.get(organization=world.org).telegram_problem
    assert problem == "Jawaban Telegram tidak dapat dibaca. Tayang akan mencoba lagi."
