"""Turning the engine's events into the records the SOP asks for, inside the caller's transaction.

Each event kind has one writer. Writers only add rows (history, revisions, responses,
approvals, step visits, the register number, publications); the item's own columns were set
from the engine's state before they run.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from tayang.engine import events as ev
from tayang.engine.state import ItemState
from tayang.items import revisions, search, visits
from tayang.items.assets import named_assets
from tayang.items.content import content_hash
from tayang.items.models import (
    Approval,
    Item,
    ItemRevision,
    LogEntry,
    RegisterCounter,
    StepVisit,
    WrittenResponse,
)
from tayang.items.signals import events_recorded, publish_requested
from tayang.media.models import MediaAsset
from tayang.rows.inserting import insert_one, new
from tayang.rows.updating import update
from tayang.sop.model import Sop

WEBSITE_CHANNEL = "website"
# The outcomes the evaluation's day counts keep (``evaluation.activity.FLOW``, not imported:
# the evaluation stays out of the action's imports).
TALLIED_OUTCOMES = frozenset({"handed_in", "published", "sent_back", "refused"})


def write(
    item: Item, sop: Sop, events: Iterable[ev.Event], user: AbstractBaseUser, *, via: str = "",
    save_item: bool = False, state: ItemState | None = None,
) -> None:
    """``via`` says where the person acted (``LogEntry.via``: a decision link, or "").

    ``save_item``: the caller has set the item's new state but not saved it (an existing
    item); it is saved once here, after the writers that may add to it (the register number)
    and before anyone told of the events reads it — one ``UPDATE`` of the whole (fat) row
    instead of two on a hand-in.

    ``state``: the engine's state the item was saved from, handed to the listeners (who is
    barred from the next step is read from it, not rebuilt from the item and its files).
    """
    events = tuple(events)
    writer = _Writer(item, sop, user, via)
    writer.keep_borrowed_content(created=any(isinstance(e, ev.Created) for e in events),
                                 revised=any(isinstance(e, ev.ContentChanged) for e in events))
    for event in events:
        writer.write(event)
    if writer.dirty or save_item:
        if (columns := changed_columns(item)) is not None:
            update(item, columns)  # the statement written once, not compiled per action
        else:
            item.save()
    # The evaluation's tallies are not written here (issue 16): the rows above that they
    # count (a closed visit, a logged outcome, a publication) carry their ``untallied`` mark,
    # and the worker's sweep adds them (``evaluation/sweep.py``).
    # Whoever carries effects out later (notifications, reminders) writes its outbox rows now,
    # in this transaction.
    events_recorded.send(sender=Item, item=item, sop=sop, events=events, user=user,
                         state=state)


_AS_READ = "_columns_as_read"


def remember_columns(item: Item) -> None:
    """Note the item's columns as read (under the action's lock), so that saving it writes
    only those the action changed (``changed_columns``)."""
    item.__dict__[_AS_READ] = {name: getattr(item, name) for name in _columns()}


def changed_columns(item: Item) -> list[str] | None:
    """The columns changed since ``remember_columns`` (with ``updated_at``), or None (all) for
    an item not read that way. An approval or a publish leaves the content alone: its
    compressed JSON is neither packed nor written again (0.16 ms of an action's save)."""
    read = item.__dict__.get(_AS_READ)
    if read is None:
        return None
    changed = [name for name, value in read.items() if getattr(item, name) != value]
    return [*changed, "updated_at"]


@cache
def _columns() -> tuple[str, ...]:
    """The item's columns an action may change (worked out once: every action asks)."""
    return tuple(field.attname for field in Item._meta.concrete_fields
                 if not field.primary_key and field.attname != "updated_at")


class _Writer:
    def __init__(self, item: Item, sop: Sop, user: AbstractBaseUser, via: str = "") -> None:
        self.item = item
        self.sop = sop
        self.user = user
        self.via = via
        self.dirty = False
        self.role = ""  # the role of the action being written (its ActionLogged comes first)
        self._hash: str | None = None
        # The content of the item's latest revision before this action's, when known without
        # reading it (``keep_borrowed_content``).
        self._latest: dict[str, object] | None = None

    def keep_borrowed_content(self, *, created: bool, revised: bool) -> None:
        """The action changed the item's content: the revision that borrowed it (the latest,
        ``items.revisions``) is given the content as it stood, before anything else is
        written. One ``UPDATE``, which also tells the new revision what the search index held
        (no read of the previous revision). ``created``: a new item, no revision yet.
        ``revised``: the action writes a new revision, whose content is the item's as set
        (the writers only add rows): the copy is stored against it."""
        if created:
            return
        read = self.item.__dict__.get(_AS_READ)
        if read is None:
            # An item not read by the action's lock (``remember_columns``): what it held is
            # not known here, but its row is not saved yet — the revision copies it there.
            revisions.keep_borrowed_as_stored(self.item.pk)
            return
        if read["values"] == self.item.values:
            return  # its content as it was
        if revisions.keep_borrowed(self.item.pk, read["values"],
                                   self.item.values if revised else None):
            self._latest = read["values"]

    def write(self, event: ev.Event) -> None:
        match event:
            case ev.ActionLogged():
                self.role = event.role
                insert_one(new(
                    LogEntry, item=self.item, at=event.at, actor=self.user, role=event.role,
                    action=str(event.action), step=event.step, outcome=event.outcome,
                    detail=event.detail, revision=self.item.revision, via=self.via,
                    # Counted by the dashboard's day counts: the sweep adds it.
                    untallied=event.outcome in TALLIED_OUTCOMES,
                ))
            case ev.Created():
                self._revision(event.at, "", first=True)
            case ev.ContentChanged():
                self._revision(event.at, "")
            case ev.RegisterNumberNeeded():
                self._register_number(event)
            case ev.StepEntered():
                insert_one(new(
                    StepVisit, item=self.item, step=event.step, entered_at=event.at,
                    due_target=event.due.target, due_limit=event.due.limit,
                ))
            case ev.StepFinished():
                visits.close(self.item.pk, event.step, event.finished_at,
                             event.timeliness.value, event.outcome)
            case ev.StepSkipped():
                insert_one(new(
                    StepVisit, item=self.item, step=event.step, entered_at=event.at,
                    finished_at=event.at, skipped=True, outcome="skipped",
                    untallied=True,  # closed at once: for the tallies' sweep
                ))
            case ev.Approved():
                insert_one(new(
                    Approval, item=self.item, step=event.step, role=event.role, approver=self.user,
                    label=event.label, revision=event.revision,
                    content_hash=self.current_hash(), created_at=event.at,
                ))
            case ev.ResponseWritten():
                insert_one(new(
                    WrittenResponse, item=self.item, kind=event.kind.value, step=event.step,
                    to_step=event.to_step, role=event.role, author=self.user,
                    label=event.label, text=event.text, revision=self.item.revision,
                    created_at=event.at,
                ))
            case ev.PublishRequested():
                self._publish(event)
            case ev.Ended() if event.status == "refused":
                # The refusal's reason is a written response like a send-back's, printed as a
                # letter; it leads nowhere (the item has ended).
                insert_one(new(
                    WrittenResponse, item=self.item, kind=WrittenResponse.Kind.REFUSED,
                    step=event.step, to_step="", role=self.role,
                    author=self.user, label=event.label, text=event.reason,
                    revision=self.item.revision, created_at=event.at,
                ))
            case (
                ev.RouteChosen() | ev.Finished() | ev.ArchivedEvent() | ev.ReminderDue()
                | ev.Ended()
            ):
                # Carried by the item's columns and the history entry; the wake-ups a
                # ReminderDue asks for are kept by whoever listens to ``events_recorded``.
                pass

    def current_hash(self) -> str:
        if self._hash is None:
            self._hash = item_content_hash(self.item, self.sop)
        return self._hash

    def _revision(self, at: object, note: str, *, first: bool = False) -> None:
        """``first``: the item's first revision (nothing indexed before, not looked for)."""
        self._hash = None
        # Written borrowing the item's content (NULL): the item holds the same (revisions.py;
        # one revision an action at most: its number is the item's).
        insert_one(new(
            ItemRevision, item=self.item, number=self.item.revision, values=None,
            content_hash=self.current_hash(), author=self.user, step=self.item.step,
            note=note, created_at=at,
        ))
        # The register finds the item by its new words from this very commit on.
        if first:
            previous = None
        elif self._latest is not None:
            previous = self._latest
        else:
            previous = previous_values(self.item.pk, self.item.revision)
        search.index(self.item.pk, self.sop, self.item.values, previous)

    def _register_number(self, event: ev.RegisterNumberNeeded) -> None:
        """Next number for the organization and year, under the counter row's lock."""
        year = event.at.astimezone(self.item.organization.zone).year
        self.item.register_year = year
        self.item.register_number = next_register_number(self.item.organization_id, year)
        self.dirty = True

    def _publish(self, event: ev.PublishRequested) -> None:
        # One publication per channel, written by the channels app in this transaction.
        publish_requested.send(sender=Item, item=self.item, event=event, user=self.user)


def previous_values(item_id: int, revision: int) -> dict[str, object] | None:
    """The content of the item's latest revision before ``revision`` (what the search index
    holds), or None: one statement (``items.revisions``: a revision may borrow the item's
    content or be stored against the next revision's)."""
    return revisions.content_before(item_id, revision)


def next_register_number(organization_id: int, year: int) -> int:
    """Add one to the organization's counter of ``year`` (made at 1 if missing); the new number.

    One upsert: it locks the counter row until the caller's transaction ends (PostgreSQL's
    ``ON CONFLICT DO UPDATE`` takes the row lock; SQLite writes one at a time), so two
    hand-ins never get the same number and a rolled-back hand-in gives its number back.
    Was a locked ``get_or_create``, an ``UPDATE`` and a re-read: three statements.
    """
    table = connection.ops.quote_name(RegisterCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organization_id, year, last_number) VALUES (%s, %s, 1) "
            f"ON CONFLICT (organization_id, year) DO UPDATE "
            f"SET last_number = {table}.last_number + 1 RETURNING last_number",
            [organization_id, year],
        )
        return int(cursor.fetchone()[0])


def item_content_hash(item: Item, sop: Sop,
                      assets: Iterable[MediaAsset] | None = None) -> str:
    """The hash of the item's current content, as printed on approval records.

    Routing choices (the fields a step's condition looks at) are left out: choosing the route
    decides who approves, it does not change what is approved.
    """
    routing = {step.condition.field for step in sop.steps if step.condition}
    values = {key: value for key, value in item.values.items() if key not in routing}
    if assets is None:
        assets = named_assets(item, sop).values()
    return content_hash(values, assets)
