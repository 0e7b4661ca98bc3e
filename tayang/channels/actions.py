"""What an admin does to one channel's publication of an item: retry, record proof, withdraw.

Who may: the people holding a role of the SOP's publish step (they publish, so they take
care of where it went), and the organization's admin. Each action is written into the item's
history. Network work never happens here: a retry or a withdrawal is queued for a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from tayang.channels import queue, transitions
from tayang.channels.models import WEBSITE, Channel
from tayang.channels.signals import publication_state_changed
from tayang.items.models import Item, LogEntry, Publication
from tayang.items.withdrawal import publish_roles, take_down_roles
from tayang.items.workflow import roles_of
from tayang.orgs.models import Membership

State = Publication.State
MIN_REASON = 10


@dataclass(frozen=True)
class Done:
    ok: bool
    message: str


def may_manage(item: Item, user: AbstractBaseUser) -> bool:
    if not user.is_authenticated:
        return False
    if Membership.objects.filter(
        organization_id=item.organization_id, user=user, is_active=True, is_admin=True
    ).exists():
        return True
    sop = item.procedure_version.sop
    managing = set(publish_roles(sop)) | set(take_down_roles(sop))
    return bool(managing & roles_of(user, item.procedure))


def channel_of(publication: Publication) -> Channel | None:
    return Channel.objects.filter(
        organization_id=publication.item.organization_id, key=publication.channel
    ).first()


def retry(publication_id: int, user: AbstractBaseUser, *, resend: bool = False) -> Done:
    """Queue a failed (or, with ``resend``, a needs-check) publication again, now."""
    with transaction.atomic():
        publication = _locked(publication_id)
        allowed = {State.FAILED} | ({State.NEEDS_CHECK} if resend else set())
        if publication.state not in allowed:
            return Done(False, "Tayangan ini tidak dalam keadaan yang dapat dicoba lagi.")
        journal = dict(publication.journal)
        if resend:
            # The admin looked and the post is not there: the next attempt may post again.
            journal["_uncertain"] = False
        now = timezone.now()
        transitions.move(
            publication, state=State.QUEUED, due_at=now, attempts=0, lease_until=None,
            error="", error_kind="", error_detail="", enqueued_at=now, journal=journal,
        )
        _log(publication, user, "Mengirim ulang tayangan ke kanal " + _name(publication))
        transaction.on_commit(partial(queue.deliver_later, publication.pk, now))
    return Done(True, "Tayangan dimasukkan ke antrean lagi.")


def record_proof(publication_id: int, user: AbstractBaseUser, url: str) -> Done:
    """The admin posted by hand (or found the post): its address is the proof."""
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return Done(False, "Isikan alamat (URL) unggahan yang lengkap, diawali https://.")
    with transaction.atomic():
        publication = _locked(publication_id)
        if publication.state not in (State.QUEUED, State.NEEDS_CHECK, State.FAILED):
            return Done(False, "Tayangan ini tidak menunggu bukti.")
        if publication.channel == WEBSITE:
            return Done(False, "Situs web ditayangkan oleh Tayang sendiri.")
        transitions.move(
            publication, state=State.PUBLISHED, url=url[:500], published_at=timezone.now(),
            due_at=None, lease_until=None, error="", error_kind="", error_detail="",
            confirmed_by=user,
        )
        publication.refresh_from_db()
        publication_state_changed.send(sender=Publication, publication=publication)
        _log(publication, user, f"Mencatat bukti tayang di {_name(publication)}: {url}")
    return Done(True, "Bukti tayang tersimpan.")


def withdraw(publication_id: int, user: AbstractBaseUser, reason: str) -> Done:
    """Ask for a channel's post to be taken down (the website has its own flow)."""
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        return Done(False, f"Tuliskan alasan penarikan (paling sedikit {MIN_REASON} huruf).")
    with transaction.atomic():
        publication = _locked(publication_id)
        channel = channel_of(publication)
        if publication.channel == WEBSITE or channel is None:
            return Done(False, "Tarik tayangan situs web lewat tombol penarikan situs.")
        if publication.state != State.PUBLISHED:
            return Done(False, "Hanya tayangan yang sudah tayang yang dapat ditarik.")
        if not channel.connector.can_withdraw:
            return Done(False, f"{channel.label} tidak mengizinkan penghapusan lewat aplikasi; "
                               "hapus langsung di platformnya.")
        manual = not channel.connector.automatic
        transitions.move(
            publication, state=State.WITHDRAWN if manual else State.WITHDRAWING,
            lease_until=None, enqueued_at=timezone.now(), error="", error_kind="",
        )
        _log(publication, user, f"Menarik tayangan dari {channel.name}: {reason}")
        if not manual:
            transaction.on_commit(partial(queue.withdraw_later, publication.pk))
    return Done(True, "Penarikan diproses." if not manual else "Tayangan dicatat sudah ditarik.")


def _locked(publication_id: int) -> Publication:
    return (
        Publication.objects.select_for_update().select_related("item")
        .get(pk=publication_id)
    )


def _name(publication: Publication) -> str:
    channel = channel_of(publication)
    return channel.name if channel else publication.channel


def _log(publication: Publication, user: AbstractBaseUser, detail: str) -> None:
    item = publication.item
    LogEntry.objects.create(
        item=item, at=timezone.now(), actor=user, role="", action="channel",
        step=item.step, outcome="channel", detail=detail, revision=item.revision,
    )
