"""Sending one delivery of a notification: claim it, reach the person, record what happened.

The shared outbox machinery (:mod:`tayang.outbox`) makes it happen once: the delivery is
claimed under a lease, the journal is marked uncertain just before the point of no return
(the final dot of an e-mail, the request of a Telegram or WhatsApp message), and the result
is written guarded by the delivery's idempotency key. None of these media lets Tayang ask
afterwards whether a message arrived, so an attempt that was cut off after that point is never
repeated blindly: the delivery becomes *tidak pasti*, shown to the person and the admins, who
may send it again. A clear refusal clears the mark; retries back off up to
``TAYANG_NOTIFY_MAX_ATTEMPTS``, then the delivery has failed, with the reason, on the person's
list and the admins'. Nothing here ever blocks or undoes the action that caused the message.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tayang import named_urls
from tayang.channels.connectors.base import ChannelError, ErrorKind
from tayang.channels.crypto import UnreadableSecrets
from tayang.engine.state import ACTIVE
from tayang.notify import compose, notices, recipients
from tayang.notify.media.base import RecipientGone, without_links
from tayang.notify.models import Delivery, Kind, Medium, Notification, TelegramLink
from tayang.notify.models.messages import ABOUT_A_VISIT
from tayang.outbox.backoff import backoff
from tayang.outbox.journal import UNCERTAIN, Journal, LeaseLost
from tayang.outbox.rows import Outbox

log = logging.getLogger(__name__)
State = Delivery.State

DELIVERIES = Outbox(
    Delivery, waiting=(State.QUEUED, State.RETRYING), working=State.SENDING,
    retrying=State.RETRYING, lease_setting="TAYANG_NOTIFY_LEASE_SECONDS",
    related=("notification__user", "notification__organization",
             "notification__item__organization", "notification__item__procedure_version"),
)
# What :func:`send` returns when the delivery is due again later (its task re-enqueues).
COMES_BACK = frozenset({"retrying"})


def send(delivery_id: int, now: datetime | None = None) -> str:
    """Send one delivery if it is due and free; returns what became of it."""
    # The media speak HTTP through httpx (14 MB): imported by the process that sends, not by
    # every web process that loads this module for its outbox (docs/performance.md, memory).
    from tayang.notify.reach import MEDIA, NotChosen

    delivery = DELIVERIES.claim(delivery_id, now or timezone.now())
    if delivery is None:
        return "skipped"
    journal = Journal(DELIVERIES, delivery)
    if journal.uncertain:
        return _uncertain(delivery)
    notification = delivery.notification
    if reason := obsolete(notification):
        return _cancel(delivery, reason)
    medium = MEDIA[delivery.medium]
    try:
        address = medium.address(notification)
        outgoing = compose.outgoing(notification, delivery.idempotency_key)
        external_id = medium.send(notification, address, outgoing, journal)
    except LeaseLost:  # another worker took the delivery over before the point of no return
        return "overtaken"
    except NotChosen as reason:
        return _cancel(delivery, str(reason))
    except UnreadableSecrets as error:
        return _attempt_failed(delivery, ChannelError(str(error), kind=ErrorKind.CONFIG))
    except ChannelError as error:
        if not error.maybe_posted:
            with contextlib.suppress(LeaseLost):
                journal.record(UNCERTAIN, False)
        return _attempt_failed(delivery, error)
    except Exception as error:  # a bug: say so, keep the person's message safe
        # Not log.exception: the error's words may quote the message and its link.
        log.error("sending notification %s by %s failed: %s: %s\n%s", notification.pk,
                  delivery.medium, type(error).__name__, without_links(str(error))[:300],
                  "".join(traceback.format_tb(error.__traceback__)))
        return _attempt_failed(delivery, ChannelError(
            "Terjadi kesalahan tak terduga di Tayang saat mengirim. Tim teknis dapat melihat "
            "rinciannya di log; Tayang akan mencoba lagi.",
            kind=ErrorKind.SERVER, retryable=True, maybe_posted=journal.uncertain,
            detail=type(error).__name__,
        ))
    journal.data[UNCERTAIN] = False
    if not DELIVERIES.guarded(delivery).update(
        state=State.SENT, sent_at=timezone.now(), lease_until=None, error="",
        error_detail="", sent_to=medium.shown(address)[:120], external_id=external_id[:200],
        journal=journal.data,
    ):
        # Handed on while the server answered (a lease too short for a slow server): the next
        # attempt finds the journal's mark and leaves the delivery to a person, never resends.
        return "overtaken"
    return "sent"


def obsolete(notification: Notification) -> str:
    """Why a message should no longer go out (the item moved on), or ""."""
    item = notification.item
    if notification.kind not in ABOUT_A_VISIT or item is None or notification.visit is None:
        return ""
    if (item.status in ACTIVE and item.step == notification.step
            and item.step_entered_at == notification.visit):
        return ""
    return "Tidak dikirim: konten sudah berpindah langkah sejak pesan ini dibuat."


# --- recording --------------------------------------------------------------------------------


def _attempt_failed(delivery: Delivery, error: ChannelError) -> str:
    if isinstance(error, RecipientGone) and delivery.medium == Medium.TELEGRAM:
        TelegramLink.objects.filter(
            user_id=delivery.notification.user_id,
            organization_id=delivery.notification.organization_id, blocked_at__isnull=True,
        ).update(blocked_at=timezone.now())
    detail = without_links(error.detail)[:500]
    if not error.retryable or delivery.attempts >= settings.TAYANG_NOTIFY_MAX_ATTEMPTS:
        suffix = "" if not error.retryable else (
            f" Sudah dicoba {delivery.attempts} kali."
        )
        return _give_up(delivery, State.FAILED, error.message + suffix, detail)
    due = timezone.now() + backoff(delivery.attempts, error.retry_after,
                                   base_seconds=settings.TAYANG_NOTIFY_BACKOFF_SECONDS)
    DELIVERIES.retry_later(delivery, due, error=error.message, error_detail=detail)
    return "retrying"


def _uncertain(delivery: Delivery) -> str:
    return _give_up(
        delivery, State.UNCERTAIN,
        "Pengiriman sebelumnya terputus tepat saat pesan diserahkan, sehingga tidak dapat "
        "dipastikan apakah pesan sampai. Tayang tidak mengirimnya lagi agar tidak ganda; bila "
        "pesan belum diterima, tekan Kirim ulang.", "",
    )


def _give_up(delivery: Delivery, state: str, message: str, detail: str) -> str:
    """The delivery needs a person now: the recipient sees it on their list, admins are told."""
    with transaction.atomic():
        if not DELIVERIES.guarded(delivery).update(
            state=state, lease_until=None, error=message, error_detail=detail,
        ):
            return "overtaken"
        _tell_admins(delivery, message)
    return str(state)


def _cancel(delivery: Delivery, reason: str) -> str:
    DELIVERIES.guarded(delivery).update(state=State.CANCELLED, lease_until=None, error=reason)
    return "cancelled"


def _tell_admins(delivery: Delivery, reason: str) -> None:
    notification = delivery.notification
    person = notification.user
    words = compose.delivery_failed(
        person.get_full_name() or person.get_username(), delivery.get_medium_display(),
        notification.title, reason,
    )
    notices.write(
        recipients.admins(notification.organization_id), kind=Kind.DELIVERY_FAILED,
        organization=notification.organization, item=notification.item,
        key=f"delivery_failed:{delivery.pk}:{delivery.idempotency_key}", words=words,
        at=timezone.now(), link=_manage_path(notification),
    )


def _manage_path(notification: Notification) -> str:
    return named_urls.reverse("notify:manage", org=notification.organization.slug)

