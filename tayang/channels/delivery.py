"""Carrying out one publication: claim it, talk to the platform, record what happened.

The order of writes is what makes a retry never post twice:

1. **Claim** (one short transaction): only a due, unheld publication is taken; it becomes
   *publishing* with a lease, so a second worker or a duplicate task finds nothing to do.
2. **Before the network call** the journal records that an attempt may now post
   (``_uncertain``), committed at once.
3. **After the answer** the result is written, guarded by the publication's idempotency key
   (a newer request meanwhile is never overwritten by an old attempt). A clear "no" clears
   ``_uncertain``; a timeout, a dropped connection or a crash leaves it set.
4. **Next attempt**: with ``_uncertain`` set the connector first *finds* the post on the
   platform; only if it is surely not there is it sent again. A platform with no way to look
   puts the publication in *perlu diperiksa* for an admin instead.

Retries back off exponentially (with the platform's own ``Retry-After`` when it gives one) up
to ``TAYANG_PUBLISH_MAX_ATTEMPTS``; then the publication has failed, with the reason.

The claim, the lease, the journal and the back-off are the shared outbox machinery
(:mod:`tayang.outbox`); what is particular to publishing (finding a post, the website first,
sealing renewed credentials) is here. Every change of state that people are told about
(published, failed, needs checking) is written together with ``publication_state_changed``
in one transaction, so whoever listens (notifications) writes its own outbox rows with it.
A delivery never enqueues: the task (:mod:`tayang.channels.tasks`) enqueues it again when it
comes back (:data:`COMES_BACK`).
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from tayang.channels import limits, transitions
from tayang.channels.connectors.base import (
    DETAIL_MAX,
    CannotFind,
    ChannelError,
    Connector,
    Delivered,
    ErrorKind,
)
from tayang.channels.crypto import UnreadableSecrets
from tayang.channels.models import WEBSITE, Channel
from tayang.channels.post import for_publication
from tayang.channels.signals import publication_state_changed
from tayang.channels.staging import local_copies
from tayang.items.models import Publication
from tayang.items.signals import publication_changed
from tayang.media.errors import StorageFailed
from tayang.outbox import backoff as outbox_backoff
from tayang.outbox.journal import UNCERTAIN, Journal, LeaseLost
from tayang.outbox.rows import Outbox

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)
State = Publication.State
WAIT_FOR_WEBSITE = timedelta(seconds=10)
REFRESHED_SECRETS = "refreshed_secrets"

PUBLICATIONS = Outbox(
    Publication, waiting=(State.QUEUED, State.RETRYING), working=State.PUBLISHING,
    retrying=State.RETRYING, lease_setting="TAYANG_PUBLISH_LEASE_SECONDS",
    related=("item__organization", "item__procedure_version"),
    write=transitions.update,  # claims, retries and recoveries keep the dashboard's tallies
)
# What :func:`deliver` returns when the publication is due again later (its task re-enqueues).
COMES_BACK = frozenset({"retrying", "waiting"})


class DbJournal(Journal):
    """The publication's journal (:class:`tayang.outbox.journal.Journal`).

    Renewed credentials (``refreshed_secrets``) never enter the journal, which is stored in
    the clear: they are sealed into the channel the moment the connector reports them.
    """

    def __init__(self, publication: Publication, channel: Channel | None = None) -> None:
        super().__init__(PUBLICATIONS, publication, state=publication.state)
        self.channel = channel

    def record(self, key: str, value: Any) -> None:
        if key == REFRESHED_SECRETS:
            seal_refreshed(self.channel, value)
            return
        super().record(key, value)



def _http_client(kind: type[Connector]) -> AbstractContextManager[httpx.Client]:
    """The guarded outbound client. httpx costs a process 14 MB, so the web process, which
    only enqueues deliveries, never imports it (docs/performance.md, memory); nor does a
    worker for a kind that sends nothing (:attr:`Connector.speaks_http`), which gets none."""
    if not kind.speaks_http:
        return nullcontext(cast("httpx.Client", None))  # never used by such a connector
    from tayang import outbound

    return outbound.client()

def deliver(publication_id: int, now: datetime | None = None) -> str:
    """Publish one publication if it is due and free; returns what became of it."""
    publication = _claim(publication_id, now or timezone.now())
    if publication is None:
        return "skipped"
    try:
        return _carry_out(publication)
    except LeaseLost:  # another worker took the publication over; it carries on
        return "overtaken"
    except Exception as error:  # never left held until its lease ends: released to retry
        log.exception("publishing %s to %s failed", publication.item_id, publication.channel)
        return _attempt_failed(publication, _unexpected(error))


def _carry_out(publication: Publication) -> str:
    if publication.channel == WEBSITE:
        return _publish_website(publication)
    channel = Channel.objects.filter(
        organization_id=publication.item.organization_id, key=publication.channel
    ).first()
    if channel is None or not channel.enabled:
        return _fail(publication, "Kanal ini sudah dihapus atau dinonaktifkan oleh admin.")
    connector_class = channel.connector
    if not connector_class.automatic:
        _release(publication)  # waits for the admin's proof
        return "manual"
    if _website_pending(publication):
        _postpone(publication, WAIT_FOR_WEBSITE)  # posts link to it, Instagram fetches from it
        return "waiting"
    post = for_publication(publication)
    if refused := limits.problems(connector_class, post, channel.name):
        return _fail(publication, " ".join(refused))
    try:
        secrets = channel.secrets()
    except UnreadableSecrets as error:
        return _fail(publication, str(error))
    api_base = settings.TAYANG_CHANNEL_API_BASES.get(channel.kind, "")
    try:
        with (
            _http_client(connector_class) as http,
            local_copies(post) as staged,
        ):
            connector = connector_class(channel.config, secrets, http, api_base)
            try:
                return _attempt(publication, connector, staged, DbJournal(publication, channel))
            except LeaseLost:  # another worker took the publication over; it carries on
                return "overtaken"
            finally:
                seal_refreshed(channel, connector.refreshed_secrets)
    except ChannelError as error:  # _attempt keeps its own: this is the files' staging
        return _attempt_failed(publication, error)


def seal_refreshed(channel: Channel | None, secrets: Any) -> None:
    """Keep credentials a platform renewed (OAuth refresh), sealed, for the next call."""
    if channel is None or not secrets or not isinstance(secrets, dict):
        return
    channel.refresh_from_db(fields=["sealed_secrets", "secrets_set"])
    if all(channel.secrets().get(k) == v for k, v in secrets.items()):
        return
    channel.set_secrets({str(k): str(v) for k, v in secrets.items()})
    channel.save(update_fields=["sealed_secrets", "secrets_set", "updated_at"])


def _attempt(publication: Publication, connector: Connector, post: Any,
             journal: DbJournal) -> str:
    try:
        if journal.uncertain:
            try:
                found = connector.find(post, journal)
            except CannotFind:
                return _needs_check(publication, connector.label)
            if found is not None:
                return _published(publication, found, journal)
        journal.record(UNCERTAIN, True)
        delivered = connector.publish(post, journal)
    except ChannelError as error:
        if not error.maybe_posted:
            journal.record(UNCERTAIN, False)
        return _attempt_failed(publication, error)
    except LeaseLost:
        raise
    except Exception as error:  # a bug or a missing file: say so, keep the item safe
        log.exception("publishing %s to %s failed", publication.item_id, publication.channel)
        return _attempt_failed(publication, _unexpected(error))
    return _published(publication, delivered, journal)


def _unexpected(error: Exception) -> ChannelError:
    """A failure inside Tayang, classified for the admin; retried (it may have posted)."""
    if isinstance(error, OSError | StorageFailed):
        message = ("Penyimpanan berkas di server Tayang tidak dapat ditulisi atau dibaca "
                   "(penuh atau tanpa izin). Tayang akan mencoba lagi; bila tetap gagal, hubungi "
                   "pengelola Tayang.")
    else:
        message = ("Terjadi kesalahan tak terduga di Tayang saat mengirim. Tim teknis dapat "
                   "melihat rinciannya di log; Tayang akan mencoba lagi.")
    return ChannelError(message, kind=ErrorKind.SERVER, retryable=True, maybe_posted=True,
                        detail=repr(error)[:300])


def withdraw(publication_id: int) -> str:
    """Take a publication off its platform (requested by an admin; see :mod:`.actions`)."""
    now = timezone.now()
    with transaction.atomic():
        publication = _locked(publication_id)
        if publication is None or publication.state != State.WITHDRAWING:
            return "skipped"
        if publication.lease_until and publication.lease_until > now:
            return "held"
        Publication.objects.filter(pk=publication.pk).update(
            lease_until=now + PUBLICATIONS.lease()
        )
    channel = Channel.objects.filter(
        organization_id=publication.item.organization_id, key=publication.channel
    ).first()
    try:
        if channel is not None and channel.connector.automatic:
            with _http_client(channel.connector) as http:
                connector = channel.connector(
                    channel.config, channel.secrets(), http,
                    settings.TAYANG_CHANNEL_API_BASES.get(channel.kind, ""),
                )
                try:
                    connector.withdraw(Delivered(publication.external_id, publication.url),
                                       DbJournal(publication, channel))
                finally:
                    seal_refreshed(channel, connector.refreshed_secrets)
    except LeaseLost:  # another worker took the withdrawal over
        return "overtaken"
    except ChannelError as error:
        if error.kind != ErrorKind.NOT_FOUND:  # already gone is what was asked for
            _log_failure(publication, error)
            transitions.update(
                _withdrawing(publication), state=State.PUBLISHED, lease_until=None,
                error=f"Penarikan gagal: {error.message}", error_kind=error.kind,
                error_detail=error.detail,
            )
            return "failed"
    except UnreadableSecrets as error:
        transitions.update(
            _withdrawing(publication), state=State.PUBLISHED, lease_until=None,
            error=f"Penarikan gagal: {error}", error_kind=ErrorKind.CONFIG,
        )
        return "failed"
    transitions.update(
        _withdrawing(publication), state=State.WITHDRAWN, lease_until=None, error="",
        error_kind="", error_detail="",
    )
    return "withdrawn"


# -- claiming and recording --------------------------------------------------------------------
def _locked(publication_id: int) -> Publication | None:
    return PUBLICATIONS.locked(publication_id)


def _claim(publication_id: int, now: datetime) -> Publication | None:
    return PUBLICATIONS.claim(publication_id, now)


def _withdrawing(publication: Publication) -> Any:
    """The row as long as it is still being withdrawn."""
    return Publication.objects.filter(pk=publication.pk, state=State.WITHDRAWING)


def _guarded(publication: Publication) -> Any:
    """The row as long as it is still this attempt's (same request, still publishing)."""
    return PUBLICATIONS.guarded(publication)


def _changed(publication: Publication, **changes: Any) -> bool:
    """Write this attempt's result and tell the listeners, in one transaction."""
    with transaction.atomic():
        if not transitions.update(_guarded(publication), **changes):
            return False
        publication.refresh_from_db()
        publication_state_changed.send(sender=Publication, publication=publication)
    return True


def _publish_website(publication: Publication) -> str:
    with transaction.atomic():
        if not _changed(publication, state=State.PUBLISHED, published_at=timezone.now(),
                        lease_until=None, error=""):
            return "overtaken"
        publication_changed.send(sender=Publication, publication=publication)
    return "published"


def _published(publication: Publication, delivered: Delivered, journal: DbJournal) -> str:
    document = ""
    if delivered.document is not None:
        name = f"publikasi/{publication.item_id}/{delivered.document_name or 'dokumen.pdf'}"
        try:
            document = default_storage.save(name, ContentFile(delivered.document))
        except Exception as error:  # any storage's failure: the caller releases it to retry
            raise StorageFailed() from error
    journal.data[UNCERTAIN] = False
    changes: dict[str, Any] = {
        "state": State.PUBLISHED, "published_at": timezone.now(), "lease_until": None,
        "external_id": delivered.external_id[:300], "url": delivered.url[:500], "error": "",
        "error_kind": "", "error_detail": "", "journal": journal.data,
    }
    if document:
        changes["document"] = document
    if not _changed(publication, **changes):
        if document:
            default_storage.delete(document)
        return "overtaken"
    return "published"


def _log_failure(publication: Publication, error: ChannelError) -> None:
    """The platform's reply goes to the log (for the technical team), not to the item page."""
    log.warning("channel %s of item %s: %s (%s) %s", publication.channel, publication.item_id,
                error.kind, error.message, error.detail[:DETAIL_MAX])


def _attempt_failed(publication: Publication, error: ChannelError) -> str:
    _log_failure(publication, error)
    if not error.retryable or publication.attempts >= settings.TAYANG_PUBLISH_MAX_ATTEMPTS:
        suffix = "" if not error.retryable else (
            f" Sudah dicoba {publication.attempts} kali; admin dapat mencoba lagi."
        )
        return _fail(publication, error.message + suffix, error.detail, error.kind)
    due = timezone.now() + backoff(publication.attempts, error.retry_after)
    PUBLICATIONS.retry_later(publication, due, error=error.message, error_kind=error.kind,
                             error_detail=error.detail[:DETAIL_MAX])
    return "retrying"


def _fail(publication: Publication, message: str, detail: str = "",
          kind: str = "") -> str:
    _changed(publication, state=State.FAILED, lease_until=None, error=message, error_kind=kind,
             error_detail=detail[:DETAIL_MAX])
    return "failed"


def _needs_check(publication: Publication, label: str) -> str:
    _changed(
        publication, state=State.NEEDS_CHECK, lease_until=None, error_kind="",
        error=(
            f"Pengiriman sebelumnya ke {label} terputus sebelum ada jawaban, dan {label} tidak "
            "menyediakan cara untuk memeriksanya. Periksa kanal itu: bila tayangan sudah ada, "
            "catat tautannya; bila belum, kirim ulang."
        ),
    )
    return "needs_check"


def _release(publication: Publication) -> None:
    """Back to the queue with no due time: only a person moves it on."""
    transitions.update(
        _guarded(publication), state=State.QUEUED, lease_until=None, due_at=None,
        attempts=publication.attempts - 1,
    )


def _postpone(publication: Publication, delay: timedelta) -> None:
    """Back to the queue for ``delay``; the task enqueues it again (:data:`COMES_BACK`)."""
    transitions.update(
        _guarded(publication), state=State.QUEUED, due_at=timezone.now() + delay, lease_until=None,
        attempts=publication.attempts - 1, enqueued_at=timezone.now(),
    )


def _website_pending(publication: Publication) -> bool:
    return Publication.objects.filter(
        item_id=publication.item_id, channel=WEBSITE,
        state__in=(State.QUEUED, State.RETRYING, State.PUBLISHING),
    ).exists()


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """30 s, 1 min, 2 min, 4 min … up to an hour, ±20 %; never sooner than the platform asks."""
    return outbox_backoff.backoff(attempts, retry_after,
                                  base_seconds=settings.TAYANG_PUBLISH_BACKOFF_SECONDS)
