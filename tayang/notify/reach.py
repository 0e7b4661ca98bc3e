"""Reaching a person on one medium: their address there, and the sending itself.

Each medium answers three things for :mod:`tayang.notify.dispatch`: the person's address now
(or :class:`NotChosen` when they or their organization turned the medium off since the
message was written: the delivery is then cancelled, not failed), the send, and how the
address is shown afterwards (masked). Outbound HTTP goes through :func:`tayang.outbound.client`.

Telegram and WhatsApp speak HTTP through httpx (and httpx brings click: ~3 MB in all), so their
modules are imported by the send that uses them: a worker whose deliveries are all e-mail — the
demo's 467 — never loads them (docs/performance.md, "The worker under 80 MB").
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings

from tayang.channels.connectors.base import ChannelError, ErrorKind
from tayang.notify import compose
from tayang.notify.media import email
from tayang.notify.media.base import Outgoing
from tayang.notify.models import Medium, Notification
from tayang.notify.models.accounts import GENERAL_TEMPLATE, TELEGRAM_TOKEN, WHATSAPP_TOKEN
from tayang.notify.preferences import mask, messaging_of, preference_of, telegram_link
from tayang.outbox.journal import UNCERTAIN, Journal


class NotChosen(Exception):
    """The person (or their organization) no longer has this medium."""


class Reach(Protocol):
    def address(self, notification: Notification) -> str: ...

    def send(self, notification: Notification, address: str, outgoing: Outgoing,
             journal: Journal) -> str: ...

    def shown(self, address: str) -> str: ...


def _api_base(kind: str) -> str:
    # Test doubles and gateways, as for the publishing channels (TAYANG_CHANNEL_API_BASES).
    return settings.TAYANG_CHANNEL_API_BASES.get(kind, "")


class EmailReach:
    def address(self, notification: Notification) -> str:
        person = notification.user
        if not preference_of(person).by_email or not person.email:
            raise NotChosen("Tidak dikirim: penerima tidak lagi memilih e-mail.")
        return person.email

    def send(self, notification: Notification, address: str, outgoing: Outgoing,
             journal: Journal) -> str:
        return email.send(address, outgoing, journal, compose.email_footer(notification))

    def shown(self, address: str) -> str:
        return mask(address)


class TelegramReach:
    def address(self, notification: Notification) -> str:
        if not preference_of(notification.user).by_telegram:
            raise NotChosen("Tidak dikirim: penerima tidak lagi memilih Telegram.")
        messaging = messaging_of(notification.organization_id)
        if messaging is None or not messaging.telegram_ready:
            raise NotChosen("Tidak dikirim: organisasi mematikan pengiriman lewat Telegram.")
        link = telegram_link(notification.user, notification.organization_id)
        if link is None:
            raise NotChosen("Tidak dikirim: akun Telegram penerima tidak lagi tertaut.")
        return str(link.chat_id)

    def send(self, notification: Notification, address: str, outgoing: Outgoing,
             journal: Journal) -> str:
        messaging = messaging_of(notification.organization_id)
        if messaging is None:
            raise AssertionError
        token = messaging.secrets().get(TELEGRAM_TOKEN, "")
        from tayang import outbound
        from tayang.notify.media import telegram

        with outbound.client() as http:
            api = telegram.BotApi(token, http, _api_base("telegram"))
            journal.record(UNCERTAIN, True)
            return api.send_message(address, outgoing.text)

    def shown(self, address: str) -> str:
        return ""  # a chat id means nothing to a person; the medium's name says it all


class WhatsAppReach:
    def address(self, notification: Notification) -> str:
        preference = preference_of(notification.user)
        if not preference.by_whatsapp or not preference.whatsapp_number:
            raise NotChosen("Tidak dikirim: penerima tidak lagi memilih WhatsApp.")
        messaging = messaging_of(notification.organization_id)
        if messaging is None or not messaging.whatsapp_ready:
            raise NotChosen("Tidak dikirim: organisasi mematikan pengiriman lewat WhatsApp.")
        return preference.whatsapp_number

    def send(self, notification: Notification, address: str, outgoing: Outgoing,
             journal: Journal) -> str:
        messaging = messaging_of(notification.organization_id)
        if messaging is None:
            raise AssertionError
        templates = messaging.whatsapp_templates
        name = templates.get(notification.kind) or templates.get(GENERAL_TEMPLATE)
        if not name:
            raise ChannelError("Admin belum mengisi nama templat WhatsApp.",
                               kind=ErrorKind.CONFIG)
        from tayang import outbound
        from tayang.notify.media import whatsapp

        with outbound.client() as http:
            api = whatsapp.CloudApi(messaging.whatsapp_phone_number_id,
                                    messaging.secrets().get(WHATSAPP_TOKEN, ""), http,
                                    _api_base("whatsapp"))
            journal.record(UNCERTAIN, True)
            return api.send_template(address, name, messaging.whatsapp_language,
                                     [outgoing.title, outgoing.body_and_note,
                                      outgoing.link])

    def shown(self, address: str) -> str:
        return mask(address)


MEDIA: dict[str, Reach] = {
    Medium.EMAIL: EmailReach(),
    Medium.TELEGRAM: TelegramReach(),
    Medium.WHATSAPP: WhatsAppReach(),
}
