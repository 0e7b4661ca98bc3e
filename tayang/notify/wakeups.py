"""Keeping the time standards' wake-ups, and waking them when due.

:func:`keep` runs in the transaction of every action (``events_recorded``): the engine's
``ReminderDue`` events become one :class:`~tayang.notify.models.WakeUp` per visit and stage,
and the pending rows of a visit the item has left, or of stages an edit no longer asks for,
are marked stale. :func:`wake_due` is the worker's sweep: it reads only pending rows that are
due (a partial index on ``due_at``), and wakes each in its own short transaction: re-check
the item (still at that step, in that same visit, still active), write the reminder or the
escalation, mark the row done. A row is done or stale exactly once, so a second worker, a
crash or a restart never repeats it; the notification's own key would refuse a repeat anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tayang.engine.events import ReminderDue, ReminderStage
from tayang.engine.state import ACTIVE
from tayang.items.models import Item
from tayang.notify import occasions
from tayang.notify.models import WakeUp

Pending = WakeUp.State.PENDING
BATCH = 200
KEEP_FINISHED = timedelta(days=30)  # done and stale rows are deleted after this


def keep(item: Item, reminders: Iterable[ReminderDue],
         entered: Iterable[tuple[str, datetime]] = (), *, created: bool = False) -> None:
    """Store the wake-ups one action asked for; forget those of visits the item has left.

    One or two statements whatever the action: a read of the rows already kept for the
    visits asked about — skipped for visits this very action ``entered`` (step, moment): none
    can exist yet —, one insert of the new ones, updates only for rows an edit moved, and one
    update marking stale whatever no longer applies (none for an item ``created`` by this
    action: it has no rows yet).
    """
    asked = [reminder for reminder in reminders if reminder.entered_at is not None]
    fresh = set(entered)
    stale = Q()
    if asked:
        looked_up = [r for r in asked if (r.step, r.entered_at) not in fresh]
        kept = {
            (row.step, row.visit, row.stage): row
            for row in WakeUp.objects.filter(
                item=item, step__in={r.step for r in looked_up},
                visit__in={r.entered_at for r in looked_up},
            )
        } if looked_up else {}
        new = []
        for reminder in asked:
            row = kept.get((reminder.step, reminder.entered_at, reminder.stage.value))
            if row is None:
                new.append(WakeUp(
                    item=item, step=reminder.step, visit=reminder.entered_at,
                    stage=reminder.stage.value, due_at=reminder.at, version=reminder.version,
                    roles=list(reminder.roles),
                    state=WakeUp.State.DONE if said_on_arrival(reminder) else Pending,
                ))
            elif (row.state == Pending and reminder.version >= row.version
                  and (row.version, row.due_at) != (reminder.version, reminder.at)):
                # An edit moved the due time (or only made the row current): the same stage,
                # later or sooner. Once announced, a stage stays announced for this visit.
                WakeUp.objects.filter(pk=row.pk).update(
                    due_at=reminder.at, version=reminder.version, roles=list(reminder.roles))
        WakeUp.objects.bulk_create(new)
        latest: dict[tuple[str, datetime], int] = {}
        for reminder in asked:
            visit = (reminder.step, reminder.entered_at)
            latest[visit] = max(latest.get(visit, 0), reminder.version)
        for (step, visit), version in latest.items():
            # Stages of this visit not asked for again at the new version no longer apply
            # (a visit entered just now has no older rows).
            if (step, visit) not in fresh:
                stale |= Q(step=step, visit=visit, version__lt=version)
    if created:
        return
    # Nor do the rows of any visit but the item's current one.
    stale |= (~Q(step=item.step or "", visit=item.step_entered_at)
              if item.step and item.step_entered_at else Q(pk__isnull=False))
    WakeUp.objects.filter(stale, item=item, state=Pending).update(state=WakeUp.State.STALE)


def said_on_arrival(reminder: ReminderDue) -> bool:
    """A reminder to the step's own people for a time already past when the item arrived
    (seed A's steps after a late hand-in share its deadline): the arrival message says
    "terlambat" itself, so the reminder is not sent again apart. Escalations still are."""
    return (reminder.stage in (ReminderStage.TARGET, ReminderStage.LIMIT)
            and reminder.entered_at is not None and reminder.at <= reminder.entered_at)


def wake_due(now: datetime | None = None, limit: int = BATCH) -> dict[str, int]:
    """Wake every pending wake-up due by ``now`` (at most ``limit`` per round)."""
    now = now or timezone.now()
    due = list(
        WakeUp.objects.filter(state=Pending, due_at__lte=now)
        .order_by("due_at").values_list("pk", flat=True)[:limit]
    )
    counts = {"sent": 0, "stale": 0}
    for pk in due:
        outcome = wake(pk, now)
        if outcome in counts:
            counts[outcome] += 1
    return counts


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
