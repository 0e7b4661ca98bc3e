"""Linking a person's Telegram account to their organization's bot, once, by a deep link.

The person presses *Hubungkan Telegram* on their page and gets
``https://t.me/<bot>?start=<token>``; opening it in Telegram and pressing *Start* sends the
bot ``/start <token>``. The token is random, used once, valid for
``TAYANG_TELEGRAM_LINK_MINUTES``, and only its keyed hash is stored; the link is shown once.

How the bot hears ``/start``: by **polling** ``getUpdates`` from the workers' sweep, and only
while a token of that organization is pending (so a bot nobody is linking to is never
called). A webhook was not chosen: it needs an HTTPS address Telegram's servers can reach,
which many agencies' servers (on an internal network, behind NAT) do not have, and a secret
path to configure per bot; linking is rare, so a few seconds of polling delay cost nothing.
A bot with a webhook set answers 409 to ``getUpdates``; the admin is told on *Kelola ›
Pemberitahuan*.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tayang.channels.connectors.base import ChannelError
from tayang.notify.models import Messaging, TelegramLink, TelegramLinkToken
from tayang.notify.models.accounts import TELEGRAM_TOKEN
from tayang.orgs.models import Organization

if TYPE_CHECKING:
    from tayang.notify.media.telegram import BotApi

log = logging.getLogger(__name__)

LINKED = ("Akun Telegram Anda sudah terhubung dengan Tayang ({organization}). Pemberitahuan "
          "akan dikirim ke sini.")
UNKNOWN = ("Tautan ini tidak berlaku (sudah dipakai atau kedaluwarsa). Buka halaman "
           "Pemberitahuan di Tayang dan tekan Hubungkan Telegram lagi.")


def digest_of(token: str) -> str:
    """The stored form of a token: keyed with the secret key, so a database leak reveals none."""
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


def start(user: AbstractBaseUser, organization: Organization,
          now: datetime | None = None) -> str:
    """A fresh deep link for ``user`` to the organization's bot (earlier ones stop working)."""
    messaging = Messaging.objects.get(organization=organization)
    now = now or timezone.now()
    token = secrets.token_urlsafe(24)  # 32 of [A-Za-z0-9_-]: what a deep link may carry
    with transaction.atomic():
        TelegramLinkToken.objects.filter(user=user, organization=organization,
                                         used_at__isnull=True).delete()
        TelegramLinkToken.objects.create(
            user=user, organization=organization, digest=digest_of(token), created_at=now,
            expires_at=now + timedelta(minutes=settings.TAYANG_TELEGRAM_LINK_MINUTES),
        )
    return f"https://t.me/{messaging.telegram_bot_username}?start={token}"


def unlink(user: AbstractBaseUser, organization_id: int) -> None:
    TelegramLink.objects.filter(user=user, organization_id=organization_id).delete()


def poll_pending(now: datetime | None = None) -> dict[str, int]:
    """Read the ``/start`` messages of every bot someone is linking to right now."""
    now = now or timezone.now()
    waiting = (TelegramLinkToken.objects.filter(used_at__isnull=True, expires_at__gt=now)
               .values_list("organization_id", flat=True).distinct())
    counts = {"linked": 0, "refused": 0}
    for messaging in Messaging.objects.filter(organization_id__in=list(waiting),
                                              telegram_enabled=True):
        linked, refused = poll(messaging, now)
        counts["linked"] += linked
        counts["refused"] += refused
    return counts


def poll(messaging: Messaging, now: datetime) -> tuple[int, int]:
    """One ``getUpdates`` of one bot; (linked, refused)."""
    token = messaging.secrets().get(TELEGRAM_TOKEN, "")
    if not token:
        return 0, 0
    linked = refused = 0
    # Imported here, by the worker polling a bot: httpx costs every web process 14 MB that
    # only shows the deep link (docs/performance.md, memory).
    from tayang import outbound
    from tayang.notify.media.telegram import BotApi

    with outbound.client(timeout=15) as http:
        api = BotApi(token, http, settings.TAYANG_CHANNEL_API_BASES.get("telegram", ""))
        try:
            updates = api.get_updates(messaging.telegram_offset)
        except ChannelError as error:
            Messaging.objects.filter(pk=messaging.pk).update(telegram_problem=error.message)
            return 0, 0
        for update in updates:
            message = update.get("message") or {}
            answer = _handle(messaging, message, now)
            if answer is not None:
                ok, reply = answer
                linked += ok
                refused += not ok
                _reply(api, message, reply)
            Messaging.objects.filter(pk=messaging.pk).update(
                telegram_offset=int(update["update_id"]) + 1, telegram_problem="")
    return linked, refused


def _handle(messaging: Messaging, message: dict, now: datetime) -> tuple[bool, str] | None:
    """(linked?, the reply) for a ``/start`` in a private chat; None for anything else."""
    text = str(message.get("text") or "")
    chat = message.get("chat") or {}
    if not text.startswith("/start") or chat.get("type") != "private":
        return None
    token = text.partition(" ")[2].strip()
    with transaction.atomic():
        pending = (TelegramLinkToken.objects.select_for_update()
                   .filter(organization_id=messaging.organization_id, used_at__isnull=True,
                           expires_at__gt=now, digest=digest_of(token)).first()
                   if token else None)
        if pending is None:
            return False, UNKNOWN
        sender = message.get("from") or {}
        name = sender.get("username") or " ".join(
            part for part in (sender.get("first_name"), sender.get("last_name")) if part)
        TelegramLink.objects.update_or_create(
            user_id=pending.user_id, organization_id=messaging.organization_id,
            defaults={"chat_id": int(chat["id"]), "telegram_name": str(name)[:120],
                      "linked_at": now, "blocked_at": None},
        )
        pending.used_at = now
        pending.save(update_fields=["used_at"])
    organization = messaging.organization
    return True, LINKED.format(organization=organization.short_name or organization.name)


def _reply(api: BotApi, message: dict, text: str) -> None:
    try:
        api.send_message(message["chat"]["id"], text)
    except ChannelError as error:  # the link stands; a lost greeting changes nothing
        log.info("telegram greeting not sent: %s", error.message)
