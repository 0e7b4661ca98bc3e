"""Requesting an item's spelling check, and making it in the background.

:func:`request` runs inside the transaction of every accepted action on the item (saving a
draft, handing in, a correction): when the checked text (title, caption, narrative) changed,
the item's :class:`SpellingCheck` becomes an outbox row due now with a new idempotency key,
its task enqueued once the action commits. :func:`check` is the task's body, on the shared
outbox machinery (:mod:`tayang.outbox`): claimed under a lease, the text checked against the
dictionary, the findings stored only if the row is still this request's (a newer text wins).
A missing dictionary ends the row *unavailable* ("pemeriksaan ejaan tidak tersedia"); a
failure is retried with back-off, then the row has *failed*. Nothing here refuses an action.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.utils import timezone

from tayang.items.models import Item
from tayang.language.models import AcceptedWord, SpellingCheck
from tayang.language.texts import checked_texts, texts_hash
from tayang.outbox.backoff import backoff
from tayang.outbox.batch import enqueue_on_commit
from tayang.outbox.queue import enqueue
from tayang.outbox.rows import Outbox
from tayang.rows.inserting import insert
from tayang.sop.model import Sop

log = logging.getLogger(__name__)
State = SpellingCheck.State
BACKOFF_SECONDS = 20.0

CHECKS = Outbox(
    SpellingCheck, waiting=(State.QUEUED, State.RETRYING), working=State.WORKING,
    retrying=State.RETRYING, lease_setting="TAYANG_SPELLING_LEASE_SECONDS",
    related=("item__procedure_version",),
)


def request(item: Item, sop: Sop, *, now: datetime | None = None, new: bool = False) -> bool:
    """Queue a check of the item's text when it is not the text last checked; whether queued.

    Call inside the transaction that changed the item; the task is enqueued after it commits.
    ``new``: the item was made in this transaction, so it has no check yet.

    One statement either way, written out once per process: the row's upsert, which leaves a
    row already asked for this very text alone (``source_hash``) and says by ``RETURNING``
    whether it wrote (the ORM's read of the row, then its create or update, were two).
    """
    digest = texts_hash(checked_texts(sop, item.values))
    now = now or timezone.now()
    row = SpellingCheck(
        item=item, state=State.QUEUED, source_hash=digest, revision=item.revision, due_at=now,
        attempts=0, lease_until=None, enqueued_at=now, idempotency_key=uuid.uuid4().hex,
        journal={}, error="", error_detail="",
    )
    if new:
        insert([row])
        pk = row.pk
    else:
        written = insert([row], on_conflict=_requested_sql(connection.vendor))
        if not written:
            return False
        pk = written[0][0]
    from tayang.language import tasks

    # Batched with the action's other tasks (one INSERT after the commit).
    enqueue_on_commit(tasks.check, pk)
    return True


# A new request replaces the row's outbox columns, and keeps the findings of the text checked
# before until the new ones are stored.
_REQUESTED = ("state", "source_hash", "revision", "due_at", "attempts", "lease_until",
              "enqueued_at", "idempotency_key", "journal", "error", "error_detail")


@lru_cache(maxsize=4)
def _requested_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    table = quote(SpellingCheck._meta.db_table)
    return ("ON CONFLICT (item_id) DO UPDATE SET "
            + ", ".join(f"{quote(name)} = excluded.{quote(name)}" for name in _REQUESTED)
            + f" WHERE {table}.source_hash <> excluded.source_hash RETURNING {table}.id")


def check(pk: int, now: datetime | None = None) -> str:
    """Check one item's text if its row is due and free; what became of it."""
    from tayang.language import spelling  # the dictionary: loaded here, never at import

    now = now or timezone.now()
    row = CHECKS.claim(pk, now)
    if row is None:
        return "skipped"
    item = row.item
    texts = checked_texts(item.procedure_version.sop, item.values)
    try:
        known = spelling.dictionary(settings.TAYANG_SPELLING_DICTIONARY)
    except spelling.DictionaryMissing as error:
        CHECKS.guarded(row).update(state=State.UNAVAILABLE, lease_until=None,
                                   error=spelling.UNAVAILABLE, error_detail=str(error))
        return "unavailable"
    try:
        accepted = list(AcceptedWord.objects.filter(organization_id=item.organization_id)
                        .values_list("word", flat=True))
        findings = {key: [found.as_json() for found in spelling.misspellings(text, known,
                                                                             accepted)]
                    for key, text in texts.items()}
    except Exception as error:  # the library on an odd text: retried, never the action
        log.warning("Ejaan konten %s gagal diperiksa", item.pk, exc_info=True)
        return _failed(row, now, error)
    updated = CHECKS.guarded(row).update(
        state=State.READY, findings={k: v for k, v in findings.items() if v},
        checked_hash=texts_hash(texts), checked_at=now, lease_until=None, error="",
        error_detail="",
    )
    return "ready" if updated else "superseded"


def _failed(row: SpellingCheck, now: datetime, error: Exception) -> str:
    detail = "".join(traceback.format_exception_only(error)).strip()[:2000]
    if row.attempts >= settings.TAYANG_SPELLING_MAX_ATTEMPTS:
        CHECKS.guarded(row).update(state=State.FAILED, lease_until=None,
                                   error="Pemeriksaan ejaan gagal.", error_detail=detail)
        return "failed"
    due = now + backoff(row.attempts, base_seconds=BACKOFF_SECONDS)
    if CHECKS.retry_later(row, due, error="Dicoba lagi nanti.", error_detail=detail):
        from tayang.language import tasks

        enqueue(tasks.check, row.pk, due=due)
    return "retrying"


def check_waiting(item: Item) -> str:
    """Check the item's waiting text now, in this process (demo data, tools, tests)."""
    row = SpellingCheck.objects.filter(item=item, state__in=CHECKS.waiting).first()
    return check(row.pk) if row else "skipped"
