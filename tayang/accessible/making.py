"""Requesting an item's accessible formats, and making one in the background.

:func:`request` runs inside the transaction of an action on the item (hand-in, a correction,
a send-back and hand-in again): a format made from other text (or never made) becomes an
outbox row due now, with a new idempotency key, and its task is enqueued once the action
commits. :func:`make` is the task's body, on the shared outbox machinery
(:mod:`tayang.outbox`): the row is claimed under a lease, the file written to storage, and
the row marked ready only if it is still this attempt's (a newer text has not replaced the
request meanwhile). A missing program ends the row *unavailable* at once; a failure is retried
with back-off up to ``TAYANG_ACCESSIBLE_MAX_ATTEMPTS``, then the row has *failed*. Nothing
here ever refuses or undoes the action that asked for the formats.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tayang.accessible import engines
from tayang.accessible.documents import large_print, read_aloud
from tayang.accessible.models import FILE_TYPES, AccessibleFormat, Format
from tayang.accessible.signals import format_made
from tayang.accessible.source import Source, source_of
from tayang.accessible.spoken import spoken
from tayang.engine.state import ENDED_EARLY
from tayang.items.models import Item
from tayang.outbox.backoff import backoff
from tayang.outbox.queue import enqueue
from tayang.outbox.rows import Outbox
from tayang.sop.model import Sop

log = logging.getLogger(__name__)
State = AccessibleFormat.State

FORMATS = Outbox(
    AccessibleFormat, waiting=(State.QUEUED, State.RETRYING), working=State.WORKING,
    retrying=State.RETRYING, lease_setting="TAYANG_ACCESSIBLE_LEASE_SECONDS",
    related=("item__organization", "item__procedure_version"),
)


def request(item: Item, sop: Sop, *, again: bool = False, now: datetime | None = None) -> int:
    """Queue every format not made from the item's text as it stands; how many were queued.

    ``again`` queues even those made from this text (the publisher's *Buat ulang*). Call
    inside the transaction that changed the item; tasks are enqueued after it commits.
    """
    if item.handed_in_at is None or item.status in {status.value for status in ENDED_EARLY}:
        return 0
    now = now or timezone.now()
    digest = source_of(sop, item.values).digest
    existing = {row.format: row for row in AccessibleFormat.objects.filter(item=item)}
    queued: list[int] = []
    for kind in Format:
        row = existing.get(kind)
        if row is not None and row.source_hash == digest and not again:
            continue
        fields = {
            "state": State.QUEUED, "source_hash": digest, "due_at": now, "attempts": 0,
            "lease_until": None, "enqueued_at": now, "idempotency_key": uuid.uuid4().hex,
            "journal": {}, "error": "", "error_detail": "",
        }
        if row is None:
            row = AccessibleFormat.objects.create(item=item, format=kind, **fields)
        else:
            AccessibleFormat.objects.filter(pk=row.pk).update(**fields)
        queued.append(row.pk)
    if queued:
        from tayang.accessible import tasks

        transaction.on_commit(lambda: [enqueue(tasks.make, pk) for pk in queued])
    return len(queued)


@dataclass(frozen=True)
class Made:
    data: bytes
    duration: float | None = None


def make(pk: int, now: datetime | None = None) -> str:
    """Make one format if its row is due and free; what became of it."""
    now = now or timezone.now()
    row = FORMATS.claim(pk, now)
    if row is None:
        return "skipped"
    item = row.item
    sop = item.procedure_version.sop
    source = source_of(sop, item.values)
    try:
        made = produce(Format(row.format), source, item)
    except engines.EngineMissing as error:
        FORMATS.guarded(row).update(state=State.UNAVAILABLE, lease_until=None,
                                    error=_missing_message(Format(row.format)),
                                    error_detail=str(error))
        _announce(item)
        return "unavailable"
    except Exception as error:  # a program's failure, a timeout, Typst, the encoder: retried
        log.warning("Format %s konten %s gagal dibuat", row.format, item.pk, exc_info=True)
        return _failed(row, now, error)
    return _store(row, source, made, now)


def produce(kind: Format, source: Source, item: Item) -> Made:
    """The file of one format for ``source`` (no database, no storage)."""
    match kind:
        case Format.AUDIO:
            audio = engines.speak(spoken(read_aloud(source)))
            return Made(audio.data, audio.duration)
        case Format.BRAILLE:
            cells = engines.braille(source.text)
            return Made(engines.brf_pages(cells).encode("ascii"))
        case Format.LARGE_PRINT:
            try:  # the Braille file's pages previewed after the text (11 ms for 300 words)
                brf: str | None = engines.brf_pages(engines.braille(source.text))
            except engines.EngineMissing:
                brf = None  # without liblouis: large print without the preview
            return Made(large_print(source, item.organization.name, item.published_at, brf))
    raise AssertionError(kind)


def _store(row: AccessibleFormat, source: Source, made: Made, now: datetime) -> str:
    from tayang.media.storing import guarded_writes, remove, unique_name

    extension, _ = FILE_TYPES[Format(row.format)]
    sha = hashlib.sha256(made.data).hexdigest()
    name = unique_name("aksesibel", sha, extension)
    previous = row.file.name if row.file else ""
    with guarded_writes([(name, ContentFile(made.data))]) as guard, transaction.atomic():
        updated = FORMATS.guarded(row).update(
            state=State.READY, file=guard.names[0], file_hash=source.digest,
            size=len(made.data), duration=made.duration, made_at=now, lease_until=None,
            error="", error_detail="",
        )
        if not updated:
            # The text changed while this was made: the newer request makes its own file.
            guard.undo()
            return "superseded"
        guard.settle()
        transaction.on_commit(lambda: _announce(row.item))
    if previous and previous != guard.names[0]:
        remove(previous)
    return "ready"


def _failed(row: AccessibleFormat, now: datetime, error: Exception) -> str:
    detail = "".join(traceback.format_exception_only(error)).strip()[:2000]
    if row.attempts >= settings.TAYANG_ACCESSIBLE_MAX_ATTEMPTS:
        FORMATS.guarded(row).update(state=State.FAILED, lease_until=None,
                                    error=f"{Format(row.format).label} gagal dibuat.",
                                    error_detail=detail)
        _announce(row.item)
        return "failed"
    due = now + backoff(row.attempts, base_seconds=settings.TAYANG_ACCESSIBLE_BACKOFF_SECONDS)
    if FORMATS.retry_later(row, due, error="Dicoba lagi nanti.", error_detail=detail):
        from tayang.accessible import tasks

        enqueue(tasks.make, row.pk, due=due)
    return "retrying"


def _missing_message(kind: Format) -> str:
    program = {Format.AUDIO: "espeak-ng", Format.BRAILLE: "liblouis"}.get(kind, "")
    return (f"{kind.label} tidak tersedia: program {program} belum terpasang di server."
            if program else f"{kind.label} tidak tersedia.")


def _announce(item: Item) -> None:
    format_made.send(sender=AccessibleFormat, item=item)


def make_waiting(item: Item) -> dict[str, str]:
    """Make the item's waiting formats now, in this process: for the demo data and tools that
    need them ready before they go on (a worker does this otherwise)."""
    waiting = AccessibleFormat.objects.filter(item=item, state__in=FORMATS.waiting)
    return {row.format: make(row.pk) for row in waiting}
