"""Keeping the time standards' wake-ups, and waking them when due.

:func:`keep` runs in the transaction of every action (``events_recorded``): the engine's
``ReminderDue`` events become one :class:`~tayang.notify.models.WakeUp` per visit and stage,
and the pending rows of stages an edit no longer asks for are marked stale. :func:`wake_due`
is the worker's sweep: it reads only pending rows that are due (a partial index on
``due_at``), first marks stale at once those of visits their items have left (the actions
leave them pending), and wakes each other in its own short transaction: re-check the item
(still at that step, in that same visit, still active), write the reminder or the
escalation, mark the row done. A row is done or stale exactly once, so a second worker, a
crash or a restart never repeats it; the notification's own key would refuse a repeat anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tayang.engine.events import ReminderDue, ReminderStage
from tayang.engine.state import ACTIVE
from tayang.items.models import Item
from tayang.notify import occasions
from tayang.notify.models import WakeUp
from tayang.rows.inserting import insert, new

Pending = WakeUp.State.PENDING
BATCH = 200
KEEP_FINISHED = timedelta(days=30)  # done and stale rows are deleted after this


def keep(item: Item, reminders: Iterable[ReminderDue],
         entered: Iterable[tuple[str, datetime]] = (), *, created: bool = False) -> None:
    """Store the wake-ups one action asked for.

    One statement (two on an edit), each written out once per process: the insert of the
    rows asked for — an upsert when some are of a visit the action did not enter (``entered``:
    step, moment): an edit re-asking the stages of the current visit moves the pending rows
    to the new due time and version —, and then only, an update marking stale the stages of
    that visit not asked for again. The rows of a visit the item has left stay pending until
    due: the sweep marks them stale then (:func:`wake_due`, one statement for all of them)
    and never wakes them, as it never woke a row of a visit left (:func:`still_waiting`).
    (They were marked stale by every action, one ``UPDATE`` more in each; the ORM's read of
    the rows kept, its update of each moved row and its ``Q`` objects were 0.2 to 0.3 ms of
    Python a statement.)
    """
    asked = [reminder for reminder in reminders if reminder.entered_at is not None]
    fresh = set(entered)
    again: dict[tuple[str, datetime], int] = {}  # visits asked about again: their version
    for reminder in asked:
        visit = (reminder.step, reminder.entered_at)
        if visit not in fresh:
            again[visit] = max(again.get(visit, 0), reminder.version)
    rows = [
        new(WakeUp, item=item, step=reminder.step, visit=reminder.entered_at,
               stage=reminder.stage.value, due_at=reminder.at, version=reminder.version,
               roles=list(reminder.roles),
               state=WakeUp.State.DONE if said_on_arrival(reminder) else Pending)
        for reminder in asked
    ]
    if not again or created:
        insert(rows, _COLUMNS)  # a visit entered just now has no rows yet
        return
    # A row already kept is moved only while pending, by a version not older than its own,
    # and when its version or due time changes: once announced, a stage stays announced for
    # this visit.
    insert(rows, _COLUMNS, on_conflict=_moved_sql(connection.vendor), params=[Pending])
    # Stages of a visit asked about again not asked at its new version no longer apply.
    params: list[object] = [WakeUp.State.STALE, item.pk, Pending]
    for (step, visit), version in again.items():
        params += [step, connection.ops.adapt_datetimefield_value(visit), version]
    with connection.cursor() as cursor:
        cursor.execute(_stale_sql(len(again), connection.vendor), params)


_COLUMNS = ("item_id", "step", "visit", "stage", "due_at", "version", "roles", "state")


@lru_cache(maxsize=4)
def _moved_sql(vendor: str) -> str:
    table = connection.ops.quote_name(WakeUp._meta.db_table)
    return (f"ON CONFLICT (item_id, step, visit, stage) DO UPDATE SET "
            f"due_at = excluded.due_at, version = excluded.version, roles = excluded.roles "
            f"WHERE {table}.state = %s AND {table}.version <= excluded.version AND "
            f"({table}.version <> excluded.version OR {table}.due_at <> excluded.due_at)")


@lru_cache(maxsize=16)
def _stale_sql(again: int, vendor: str) -> str:
    """Pending rows of the item (``item_id``, ``state``) of an older version of a visit asked
    about ``again`` (step, visit, version each)."""
    table = connection.ops.quote_name(WakeUp._meta.db_table)
    stale = " OR ".join(["(step = %s AND visit = %s AND version < %s)"] * again)
    return f"UPDATE {table} SET state = %s WHERE item_id = %s AND state = %s AND ({stale})"


def said_on_arrival(reminder: ReminderDue) -> bool:
    """A reminder to the step's own people for a time already past when the item arrived
    (seed A's steps after a late hand-in share its deadline): the arrival message says
    "terlambat" itself, so the reminder is not sent again apart. Escalations still are."""
    return (reminder.stage in (ReminderStage.TARGET, ReminderStage.LIMIT)
            and reminder.entered_at is not None and reminder.at <= reminder.entered_at)


def wake_due(now: datetime | None = None, limit: int = BATCH) -> dict[str, int]:
    """Wake every pending wake-up due by ``now`` (at most ``limit`` per round)."""
    now = now or timezone.now()
    counts = {"sent": 0, "stale": left_behind(now)}
    due = list(
        WakeUp.objects.filter(state=Pending, due_at__lte=now)
        .order_by("due_at").values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        outcome = wake(pk, now)
        if outcome in counts:
            counts[outcome] += 1
    return counts


def left_behind(now: datetime) -> int:
    """Mark stale, in one statement, every due pending row of a visit its item has left (or
    of an item no longer active): the actions leave them pending (:func:`keep`). Whatever
    moves meanwhile is re-checked by :func:`wake` under the row's lock."""
    waiting = Item.objects.filter(pk=OuterRef("item_id"), status__in=ACTIVE,
                                  step=OuterRef("step"), step_entered_at=OuterRef("visit"))
    return (WakeUp.objects.filter(state=Pending, due_at__lte=now)
            .exclude(Exists(waiting)).update(state=WakeUp.State.STALE, done_at=now))


def wake(pk: int, now: datetime) -> str:
    """Wake one row: "sent", "stale", or "skipped" (another worker has it, or had it)."""
    with transaction.atomic():
        row = (
            WakeUp.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("item__organization", "item__procedure_version",
                            "item__created_by", "item__taken_by")
            .filter(pk=pk, state=Pending).first()
        )
        if row is None:
            return "skipped"
        if not still_waiting(row, row.item) or overtaken_by_the_limit(row, row.item, now):
            WakeUp.objects.filter(pk=pk).update(state=WakeUp.State.STALE, done_at=now)
            return "stale"
        occasions.reminder(row, now)
        WakeUp.objects.filter(pk=pk).update(state=WakeUp.State.DONE, done_at=now)
    return "sent"


def still_waiting(row: WakeUp, item: Item) -> bool:
    """The item is still active, at the row's step, in the very visit the row was made for.

    The version is not compared with the item's: every action that changes the item's due
    times re-emits the stages (and :func:`keep` marks superseded rows stale), while actions
    that change nothing of the time standard (taking the item) must not silence a reminder.
    """
    return (item.status in ACTIVE and item.step == row.step
            and item.step_entered_at == row.visit)


def overtaken_by_the_limit(row: WakeUp, item: Item, now: datetime) -> bool:
    """A "past target" reminder woken only once the limit has passed too (a worker that was
    down): the limit's own reminder says more, and one message is enough."""
    return (row.stage == ReminderStage.TARGET and item.due_limit is not None
            and item.due_limit <= now)


def prune(now: datetime | None = None, batch: int = 5000) -> int:
    """Delete done and stale rows older than :data:`KEEP_FINISHED` (their notifications stay)."""
    cutoff = (now or timezone.now()) - KEEP_FINISHED
    old = list(
        WakeUp.objects.exclude(state=Pending).filter(due_at__lt=cutoff)
        .values_list("pk", flat=True)[:batch]
    )
    if old:
        WakeUp.objects.filter(pk__in=old).delete()
    return len(old)
