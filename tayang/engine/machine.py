"""The engine: given an SOP, an item's state, an action, the actor and the time, decide.

``decide`` is a pure function. It returns either :class:`Accepted` with the new state and the
events to carry out, or :class:`Refused` saying exactly what is missing or who may act instead;
a refusal changes nothing. The engine has no clock and no database: "now" and the
organization's timezone are arguments, and persisting the result is the caller's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from tayang.engine import events as ev
from tayang.engine.actions import (
    Action,
    ActionKind,
    Actor,
    Approve,
    Archive,
    ChooseRoute,
    Edit,
    HandIn,
    Publish,
    SendBack,
)
from tayang.engine.due import UNTIMED, Anchors, due_for
from tayang.engine.requirements import Unmet, accessibility_checks, unmet
from tayang.engine.state import ItemState, Status
from tayang.sop import flow
from tayang.sop.model import END, FieldKind, Requirement, Sop, Step, StepKind

MIN_RESPONSE_LENGTH = 10  # a written response must say something a person can act on


class RefusalReason(StrEnum):
    CLOSED = "closed"  # finished or archived
    WRONG_ROLE = "wrong_role"
    NOT_HERE = "not_here"  # the action does not exist at this step
    REQUIREMENTS = "requirements"
    INVALID = "invalid"  # the request itself is incomplete or wrong


@dataclass(frozen=True)
class Refusal:
    reason: RefusalReason
    message: str  # in Bahasa Indonesia, for the person who tried
    unmet: tuple[Unmet, ...] = ()
    roles: tuple[str, ...] = ()  # who may act instead (role keys)


@dataclass(frozen=True)
class Refused:
    refusals: tuple[Refusal, ...]

    @property
    def message(self) -> str:
        return " ".join(refusal.message for refusal in self.refusals)


@dataclass(frozen=True)
class Accepted:
    state: ItemState
    events: tuple[ev.Event, ...] = field(default=())


type Outcome = Accepted | Refused

# Which actions each kind of step offers; the item page shows only these as buttons.
_STEP_ACTIONS: dict[StepKind, frozenset[ActionKind]] = {
    StepKind.WORK: frozenset({ActionKind.EDIT, ActionKind.APPROVE, ActionKind.CHOOSE_ROUTE}),
    StepKind.HANDIN: frozenset({ActionKind.EDIT, ActionKind.HAND_IN, ActionKind.CHOOSE_ROUTE}),
    StepKind.REVIEW: frozenset(
        {ActionKind.EDIT, ActionKind.APPROVE, ActionKind.SEND_BACK, ActionKind.CHOOSE_ROUTE}
    ),
    StepKind.DECISION: frozenset(
        {ActionKind.APPROVE, ActionKind.SEND_BACK, ActionKind.CHOOSE_ROUTE}
    ),
    StepKind.PUBLISH: frozenset({ActionKind.PUBLISH, ActionKind.SEND_BACK}),
    StepKind.ARCHIVE: frozenset({ActionKind.ARCHIVE}),
}
_APPROVAL_KINDS = (StepKind.REVIEW, StepKind.DECISION)


def start(
    sop: Sop,
    actor: Actor,
    now: datetime,
    tz: ZoneInfo | str,
    values: dict[str, object] | None = None,
) -> Outcome:
    """Create an item at the SOP's first step (a draft) on behalf of ``actor``."""
    _require_aware(now)
    zone = _zone(tz)
    first = sop.first_step
    role = _acting_role(first, actor)
    if role is None:
        return _wrong_role(sop, first)
    state = ItemState(
        status=Status.DRAFT,
        step=first.key,
        values=dict(values or {}),
        step_entered_at=now,
        created_at=now,
    )
    state = replace(state, due=due_for(first.time, _anchors(sop, state, now), zone))
    events: list[ev.Event] = [
        ev.ActionLogged(now, actor.id, role, "create", first.key, "created"),
        ev.Created(now),
        ev.StepEntered(first.key, now, state.due, first.roles),
    ]
    events.extend(_reminder(state, first))
    return Accepted(state, tuple(events))


def decide(
    sop: Sop, state: ItemState, action: Action, actor: Actor, now: datetime, tz: ZoneInfo | str
) -> Outcome:
    """Apply ``action`` by ``actor`` at ``now`` to an item in ``state``, or refuse it."""
    _require_aware(now)
    zone = _zone(tz)
    if state.status is Status.ARCHIVED:
        return _refuse(RefusalReason.CLOSED, "Konten ini sudah diarsipkan dan tidak dapat diubah.")
    if state.status is Status.FINISHED:
        if isinstance(action, Archive):
            return _archive_finished(sop, state, action, actor, now)
        return _refuse(RefusalReason.CLOSED, "Konten ini sudah menyelesaikan seluruh langkah SOP.")
    assert state.step is not None, "an active item is always at a step"
    step = sop.step(state.step)
    role = _acting_role(step, actor)
    if role is None:
        return _wrong_role(sop, step)
    if action.kind not in _available(step):
        return _refuse(
            RefusalReason.NOT_HERE,
            f"Tindakan «{_ACTION_NAMES[action.kind]}» tidak tersedia pada langkah "
            f"{step.number} ({step.activity[:60]}).",
        )
    context = _Context(sop, state, step, actor, role, now, zone)
    match action:
        case Edit():
            return context.edit(action)
        case HandIn():
            return context.hand_in(action)
        case Approve():
            return context.approve(action)
        case SendBack():
            return context.send_back(action)
        case ChooseRoute():
            return context.choose_route(action)
        case Publish():
            return context.publish(action)
        case Archive():
            return context.archive(action)
    raise TypeError(f"unknown action {action!r}")


def allowed_actions(sop: Sop, state: ItemState, actor: Actor) -> tuple[ActionKind, ...]:
    """The actions ``actor`` may try on the item now (requirements are checked on trying)."""
    if state.status is Status.ARCHIVED:
        return ()
    if state.status is Status.FINISHED:
        return (ActionKind.ARCHIVE,) if _archivers(sop) & actor.roles else ()
    step = sop.step(state.step or "")
    if _acting_role(step, actor) is None:
        return ()
    return tuple(kind for kind in ActionKind if kind in _available(step))


def editable_fields(sop: Sop, step: Step) -> frozenset[str]:
    """The fields a holder of the step's role may correct there (none where editing is off)."""
    if ActionKind.EDIT not in _available(step):
        return frozenset()
    if step.kind is StepKind.REVIEW:
        return frozenset(step.editable)
    return frozenset(f.key for f in sop.fields)


def _available(step: Step) -> frozenset[ActionKind]:
    kinds = set(_STEP_ACTIONS[step.kind])
    if step.reject is None:
        kinds.discard(ActionKind.SEND_BACK)
    if not step.chooses:
        kinds.discard(ActionKind.CHOOSE_ROUTE)
    if step.kind is StepKind.REVIEW and not step.editable:
        kinds.discard(ActionKind.EDIT)
    return frozenset(kinds)


_ACTION_NAMES = {
    ActionKind.EDIT: "koreksi konten",
    ActionKind.HAND_IN: "serahkan",
    ActionKind.APPROVE: "setujui",
    ActionKind.SEND_BACK: "kembalikan",
    ActionKind.CHOOSE_ROUTE: "pilih rute",
    ActionKind.PUBLISH: "tayangkan",
    ActionKind.ARCHIVE: "arsipkan",
}


@dataclass(frozen=True)
class _Context:
    """One decision in progress: the pieces every action handler needs."""

    sop: Sop
    state: ItemState
    step: Step
    actor: Actor
    role: str
    now: datetime
    zone: ZoneInfo

    # --- actions ----------------------------------------------------------------------------

    def edit(self, action: Edit) -> Outcome:
        allowed = editable_fields(self.sop, self.step)
        problems = []
        for key, value in action.changes.items():
            if not self.sop.has_field(key):
                problems.append(f"Isian «{key}» tidak ada pada SOP ini.")
            elif key not in allowed:
                problems.append(
                    f"{self.sop.field(key).label} tidak dapat dikoreksi pada langkah ini."
                )
            elif (message := _invalid_value(self.sop, key, value)) is not None:
                problems.append(message)
        if problems:
            return _refuse(RefusalReason.INVALID, " ".join(problems))
        changed = tuple(
            key for key, value in action.changes.items() if self.state.values.get(key) != value
        )
        if not changed:
            return _refuse(RefusalReason.INVALID, "Tidak ada perubahan untuk disimpan.")
        values = {**self.state.values, **{key: action.changes[key] for key in changed}}
        state = replace(
            self.state,
            values=values,
            revision=self.state.revision + 1,
            version=self.state.version + 1,
        )
        # A changed activity date moves a due time counted from the activity.
        state = replace(
            state, due=due_for(self.step.time, _anchors(self.sop, state, self.now), self.zone)
        )
        return Accepted(
            state,
            (
                self._log(ActionKind.EDIT, "edited", action.note),
                ev.ContentChanged(changed, state.revision, self.now),
                # The new version makes the pending reminder stale (and the due time may
                # have moved): schedule its replacement.
                *_reminder(state, self.step),
            ),
        )

    def hand_in(self, action: HandIn) -> Outcome:
        if refused := self._requirements(action.confirmed, accessibility_checks(self.sop)):
            return refused
        first_time = not self.state.is_handed_in
        state = self.state if not first_time else replace(self.state, handed_in_at=self.now)
        events: list[ev.Event] = [self._log(ActionKind.HAND_IN, "handed_in")]
        if first_time:
            events.append(ev.RegisterNumberNeeded(self.now))
        return self._advance(state, events, "handed_in")

    def approve(self, action: Approve) -> Outcome:
        if refused := self._requirements(action.confirmed, self._handed_in_checks()):
            return refused
        outcome = "done" if self.step.kind is StepKind.WORK else "approved"
        events: list[ev.Event] = [self._log(ActionKind.APPROVE, outcome, action.note)]
        if self.step.kind in _APPROVAL_KINDS:
            events.append(
                ev.Approved(
                    self.step.key,
                    self.role,
                    self.actor.id,
                    self.step.accept_label,
                    self.state.revision,
                    self.now,
                )
            )
        return self._advance(self.state, events, outcome)

    def send_back(self, action: SendBack) -> Outcome:
        response = action.response.strip()
        if len(response) < MIN_RESPONSE_LENGTH:
            return _refuse(
                RefusalReason.INVALID,
                "Tanggapan tertulis wajib diisi (paling sedikit "
                f"{MIN_RESPONSE_LENGTH} karakter) agar pelaksana tahu apa yang harus diperbaiki.",
            )
        assert self.step.reject is not None
        target = flow.resolve(self.sop, self.step.reject, self.state.values)
        order = {step.key: index for index, step in enumerate(self.sop.steps)}
        # Approvals given after the target no longer count: the content will change again.
        passed = tuple(key for key in self.state.passed if order[key] < order[target])
        events: list[ev.Event] = [
            self._log(ActionKind.SEND_BACK, "sent_back", response),
            ev.ResponseWritten(
                self.step.key,
                target,
                self.role,
                self.actor.id,
                self.step.reject_label,
                response,
                self.now,
            ),
            self._finished(self.state, "sent_back"),
        ]
        state = replace(self.state, status=Status.RETURNED, passed=passed)
        return Accepted(*self._enter(state, target, events))

    def choose_route(self, action: ChooseRoute) -> Outcome:
        if action.field not in self.step.chooses:
            return _refuse(
                RefusalReason.INVALID,
                f"Rute berdasarkan «{action.field}» tidak dipilih pada langkah ini.",
            )
        item_field = self.sop.field(action.field)
        if action.value not in {value for value, _ in item_field.choices}:
            labels = ", ".join(label for _, label in item_field.choices)
            return _refuse(
                RefusalReason.INVALID,
                f"Pilihan «{action.value}» tidak dikenal untuk {item_field.label}; "
                f"pilih salah satu: {labels}.",
            )
        if self.state.values.get(action.field) == action.value:
            return _refuse(RefusalReason.INVALID, "Rute itu sudah dipilih.")
        state = replace(
            self.state,
            values={**self.state.values, action.field: action.value},
            version=self.state.version + 1,
        )
        label = item_field.choice_label(action.value)
        return Accepted(
            state,
            (
                self._log(ActionKind.CHOOSE_ROUTE, "route_chosen", f"{item_field.label}: {label}"),
                ev.RouteChosen(action.field, action.value, self.now),
                *_reminder(state, self.step),  # the pending one is stale at the new version
            ),
        )

    def publish(self, action: Publish) -> Outcome:
        if refused := self._requirements(action.confirmed, self._handed_in_checks()):
            return refused
        missing = self._missing_approvals()
        if missing:
            names = "; ".join(f"langkah {s.number} ({s.activity[:50]})" for s in missing)
            return _refuse(RefusalReason.REQUIREMENTS, f"Belum mendapat persetujuan pada {names}.")
        scheduled = action.scheduled_for
        if scheduled is not None and scheduled <= self.now:
            return _refuse(
                RefusalReason.INVALID,
                "Waktu penayangan terjadwal harus setelah saat ini. Kosongkan jadwal untuk "
                "menayangkan sekarang.",
            )
        state = replace(self.state, published_at=scheduled or self.now)
        when = f"dijadwalkan {_local(scheduled, self.zone)}" if scheduled else ""
        events: list[ev.Event] = [
            self._log(ActionKind.PUBLISH, "published", when),
            ev.PublishRequested(action.channels, self.state.revision, self.now, scheduled),
        ]
        return self._advance(state, events, "published")

    def archive(self, action: Archive) -> Outcome:
        # Passing the archive step is also finishing the procedure: the item gets its
        # Finished like an item leaving any other last step, then is filed.
        events: list[ev.Event] = [
            self._log(ActionKind.ARCHIVE, "archived", action.note),
            self._finished(self.state, "archived"),
            ev.Finished(self.now),
            ev.ArchivedEvent(self.now),
        ]
        state = replace(
            self.state,
            status=Status.ARCHIVED,
            step=None,
            finished_at=self.now,
            archived_at=self.now,
            passed=(*self.state.passed, self.step.key),
            version=self.state.version + 1,
        )
        return Accepted(state, tuple(events))

    # --- moving -----------------------------------------------------------------------------

    def _advance(self, state: ItemState, events: list[ev.Event], outcome: str) -> Accepted:
        events.append(self._finished(state, outcome))
        state = replace(
            state,
            passed=(*state.passed, self.step.key),
            status=Status.IN_PROGRESS if state.is_handed_in else Status.DRAFT,
        )
        target = self.step.next
        while target != END:
            candidate = self.sop.step(target)
            if candidate.condition is None or candidate.condition.holds(dict(state.values)):
                break
            events.append(ev.StepSkipped(target, self.now))
            target = candidate.next
        return Accepted(*self._enter(state, target, events))

    def _enter(
        self, state: ItemState, target: str, events: list[ev.Event]
    ) -> tuple[ItemState, tuple[ev.Event, ...]]:
        version = state.version + 1
        if target == END:
            state = replace(
                state,
                status=Status.FINISHED,
                step=None,
                step_entered_at=None,
                finished_at=self.now,
                due=UNTIMED,
                version=version,
            )
            return state, (*events, ev.Finished(self.now))
        step = self.sop.step(target)
        state = replace(state, step=target, step_entered_at=self.now, version=version)
        state = replace(
            state, due=due_for(step.time, _anchors(self.sop, state, self.now), self.zone)
        )
        return state, (
            *events,
            ev.StepEntered(target, self.now, state.due, step.roles),
            *_reminder(state, step),
        )

    # --- helpers ----------------------------------------------------------------------------

    def _log(self, action: ActionKind, outcome: str, detail: str = "") -> ev.ActionLogged:
        return ev.ActionLogged(
            self.now, self.actor.id, self.role, action, self.step.key, outcome, detail
        )

    def _finished(self, state: ItemState, outcome: str) -> ev.StepFinished:
        entered = state.step_entered_at or self.now
        return ev.StepFinished(
            self.step.key, entered, self.now, state.due, state.due.timeliness(self.now), outcome
        )

    def _requirements(
        self, confirmed: frozenset[str], also: tuple[Requirement, ...] = ()
    ) -> Refused | None:
        own = self.step.requirements
        requirements = (*own, *(r for r in also if r not in own))
        failures = unmet(self.sop, requirements, self.state.values, confirmed)
        if not failures:
            return None
        return Refused(
            (
                Refusal(
                    RefusalReason.REQUIREMENTS,
                    "Persyaratan belum lengkap: "
                    + " ".join(failure.message for failure in failures),
                    unmet=tuple(failures),
                ),
            )
        )

    def _handed_in_checks(self) -> tuple[Requirement, ...]:
        """The hand-in's machine checks, which content must still pass when a step accepts it.

        Corrections after hand-in (at review or work steps) could otherwise break what the
        hand-in checked, e.g. a caption made longer than 200 characters, and the item would
        reach a publishing step that re-checks the content and can neither publish nor send
        it back: stuck for good. Accepting a step after hand-in therefore re-checks them, so
        whoever can still correct the content (or send it back) is told what is wrong.
        """
        if not self.state.is_handed_in or self.step.kind is StepKind.HANDIN:
            return ()
        handin = next(self.sop.steps_of_kind(StepKind.HANDIN), None)
        if handin is None:
            return ()
        own = tuple(r for r in handin.requirements if r.check is not None)
        return (*own, *accessibility_checks(self.sop))

    def _missing_approvals(self) -> list[Step]:
        """Approval steps on this item's path before here that it has not passed.

        The flow already guarantees this list is empty; it is checked again because publishing
        without an approval is the one mistake an agency cannot take back.
        """
        here = self.sop.steps.index(self.step)
        return [
            step
            for step in flow.path(self.sop, self.state.values)
            if step.kind in _APPROVAL_KINDS
            and self.sop.steps.index(step) < here
            and step.key not in self.state.passed
        ]


def _archive_finished(
    sop: Sop, state: ItemState, action: Archive, actor: Actor, now: datetime
) -> Outcome:
    """SOPs without an archive step still let their publisher file a finished item."""
    archivers = _archivers(sop)
    held = sorted(archivers & actor.roles)
    if not held:
        names = ", ".join(sop.role(key).name for key in sorted(archivers))
        return _refuse(
            RefusalReason.WRONG_ROLE,
            f"Hanya {names} yang dapat mengarsipkan konten ini.",
            roles=tuple(sorted(archivers)),
        )
    last = sop.steps[-1].key
    archived = replace(state, status=Status.ARCHIVED, archived_at=now, version=state.version + 1)
    return Accepted(
        archived,
        (
            ev.ActionLogged(
                now, actor.id, held[0], ActionKind.ARCHIVE, last, "archived", action.note
            ),
            ev.ArchivedEvent(now),
        ),
    )


def _archivers(sop: Sop) -> set[str]:
    step = (
        next(sop.steps_of_kind(StepKind.ARCHIVE), None)
        or next(sop.steps_of_kind(StepKind.PUBLISH), None)
        or sop.steps[-1]
    )
    return set(step.roles)


def _acting_role(step: Step, actor: Actor) -> str | None:
    return next((role for role in step.roles if role in actor.roles), None)


def _wrong_role(sop: Sop, step: Step) -> Refused:
    names = ", ".join(sop.role(key).name for key in step.roles)
    return _refuse(
        RefusalReason.WRONG_ROLE,
        f"Langkah {step.number} hanya dapat dikerjakan oleh {names}.",
        roles=step.roles,
    )


def _refuse(reason: RefusalReason, message: str, *, roles: Sequence[str] = ()) -> Refused:
    return Refused((Refusal(reason, message, roles=tuple(roles)),))


def _invalid_value(sop: Sop, key: str, value: object) -> str | None:
    item_field = sop.field(key)
    if (
        item_field.kind is FieldKind.CHOICE
        and value not in (None, "")
        and value not in {choice for choice, _ in item_field.choices}
    ):
        return f"Pilihan «{value}» tidak dikenal untuk {item_field.label}."
    if item_field.kind in (FieldKind.TEXT, FieldKind.LONGTEXT) and not isinstance(
        value, str | None
    ):
        return f"{item_field.label} harus berupa teks."
    return None


def _anchors(sop: Sop, state: ItemState, now: datetime) -> Anchors:
    activity_field = sop.activity_date_field
    activity = state.values.get(activity_field.key) if activity_field else None
    return Anchors(
        step_entered_at=state.step_entered_at or now,
        handed_in_at=state.handed_in_at,
        activity=activity if isinstance(activity, date) else None,  # datetime is a date too
    )


def _reminder(state: ItemState, step: Step) -> tuple[ev.ReminderDue, ...]:
    if state.due.limit is None:
        return ()
    return (ev.ReminderDue(step.key, state.due.target or state.due.limit, state.version),)


def _zone(tz: ZoneInfo | str) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("the engine needs an aware 'now'; pass the time with its timezone")


_ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _local(moment: datetime, zone: ZoneInfo) -> str:
    """``24-11-2026 14.00 WIB``: how a time is written for the organization's people."""
    name = _ZONE_NAMES.get(zone.key, zone.key)
    return f"{moment.astimezone(zone):%d-%m-%Y %H.%M} {name}"
