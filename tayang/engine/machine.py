"""The engine: given an SOP, an item's state, an action, the actor and the time, decide.

``decide`` is a pure function. It returns either :class:`Accepted` with the new state and the
events to carry out, or :class:`Refused` saying exactly what is missing or who may act instead;
a refusal changes nothing. The engine has no clock and no database: "now" and the
organization's timezone are arguments, and persisting the result is the caller's job.

This module checks who may try what; :mod:`tayang.engine.handlers` carries each action out,
:mod:`tayang.engine.duties` keeps duties separate, :mod:`tayang.engine.reminders` asks for the
time standard's wake-ups.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from tayang.engine import events as ev
from tayang.engine.actions import (
    Action,
    ActionKind,
    Actor,
    Approve,
    Archive,
    Cancel,
    ChooseRoute,
    Correct,
    Edit,
    HandIn,
    Publish,
    Refuse,
    SendBack,
)
from tayang.engine.calendar import WEEKENDS_AND_HOLIDAYS, WorkCalendar
from tayang.engine.correction import start_correction
from tayang.engine.due import due_for
from tayang.engine.duties import duty_conflict
from tayang.engine.handlers import MIN_RESPONSE_LENGTH, StepDecision
from tayang.engine.refusals import (
    Accepted,
    Outcome,
    Refusal,
    RefusalReason,
    Refused,
    refuse,
    wrong_role,
)
from tayang.engine.reminders import reminders
from tayang.engine.state import ENDED_EARLY, ItemState, Status
from tayang.engine.step_actions import ACTION_NAMES, available, editable_fields
from tayang.engine.stepstate import anchors_of, ended, roles_still_to_approve
from tayang.sop.model import Sop, Step, StepKind

__all__ = [
    "MIN_RESPONSE_LENGTH",
    "Accepted",
    "Outcome",
    "Refusal",
    "RefusalReason",
    "Refused",
    "allowed_actions",
    "decide",
    "duty_conflict",
    "editable_fields",
    "start",
]

# Actions that separation of duties guards (tayang.engine.duties).
_DUTY_ACTIONS = (ActionKind.APPROVE, ActionKind.PUBLISH)


def start(
    sop: Sop,
    actor: Actor,
    now: datetime,
    tz: ZoneInfo | str,
    values: dict[str, object] | None = None,
    *,
    calendar: WorkCalendar = WEEKENDS_AND_HOLIDAYS,
) -> Outcome:
    """Create an item at the SOP's first step (a draft) on behalf of ``actor``.

    ``calendar`` says which days the organization works, for standards in working days.
    """
    _require_aware(now)
    zone = _zone(tz)
    first = sop.first_step
    role = _acting_role(first, actor)
    if role is None:
        return wrong_role(sop, first)
    state = ItemState(
        status=Status.DRAFT,
        step=first.key,
        values=dict(values or {}),
        step_entered_at=now,
        created_at=now,
        created_by=actor.id,
        edited_by=actor.id,  # the first revision is the creator's
        edited_at_step=first.key,
    )
    state = replace(state, due=due_for(first.time, anchors_of(sop, state, now), zone, calendar))
    events: list[ev.Event] = [
        ev.ActionLogged(now, actor.id, role, "create", first.key, "created"),
        ev.Created(now),
        ev.StepEntered(first.key, now, state.due, first.roles),
    ]
    events.extend(reminders(state, first))
    return Accepted(state, tuple(events))


def decide(
    sop: Sop, state: ItemState, action: Action, actor: Actor, now: datetime, tz: ZoneInfo | str,
    *, calendar: WorkCalendar = WEEKENDS_AND_HOLIDAYS,
) -> Outcome:
    """Apply ``action`` by ``actor`` at ``now`` to an item in ``state``, or refuse it."""
    _require_aware(now)
    zone = _zone(tz)
    if state.status is Status.ARCHIVED:
        return refuse(RefusalReason.CLOSED, "Konten ini sudah diarsipkan dan tidak dapat diubah.")
    if state.status in ENDED_EARLY:
        return refuse(RefusalReason.CLOSED, f"Konten ini sudah {_ENDED_NAMES[state.status]}.")
    if state.status is Status.FINISHED:
        if isinstance(action, Archive):
            return _archive_finished(sop, state, action, actor, now)
        if isinstance(action, Correct):
            return start_correction(sop, state, action, actor, now, zone, calendar)
        return refuse(RefusalReason.CLOSED, "Konten ini sudah menyelesaikan seluruh langkah SOP.")
    if state.step is None:
        raise AssertionError("an active item is always at a step")
    if isinstance(action, Cancel):
        return _cancel(sop, state, action, actor, now)
    step = sop.step(state.step)
    role = _acting_role(step, actor)
    if role is None:
        return wrong_role(sop, step)
    if isinstance(action, Approve) and step.approval_by_all:
        # "All of": one approves in a role still waiting for its approval.
        role = _waiting_role(step, actor, state)
        if role is None:
            waiting = roles_still_to_approve(step, state)
            names = ", ".join(sop.role(key).name for key in waiting)
            return refuse(
                RefusalReason.NOT_HERE,
                f"Anda sudah menyetujui langkah {step.number}; menunggu persetujuan {names}.",
                roles=waiting,
            )
    if action.kind not in available(step):
        return refuse(
            RefusalReason.NOT_HERE,
            f"Tindakan «{ACTION_NAMES[action.kind]}» tidak tersedia pada langkah "
            f"{step.number} ({step.activity[:60]}).",
        )
    if action.kind in _DUTY_ACTIONS and (
        conflict := duty_conflict(sop, state, step, actor)
    ):
        return Refused((conflict,))
    context = StepDecision(sop, state, step, actor, role, now, zone, calendar)
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
        case Refuse():
            return context.refuse(action)
    raise TypeError(f"unknown action {action!r}")


def allowed_actions(sop: Sop, state: ItemState, actor: Actor) -> tuple[ActionKind, ...]:
    """The actions ``actor`` may try on the item now (requirements are checked on trying).

    Approving and publishing are left out where separation of duties forbids them to this
    actor; :func:`duty_conflict` says why, for the page to explain.
    """
    if state.status is Status.ARCHIVED or state.status in ENDED_EARLY:
        return ()
    if state.status is Status.FINISHED:
        finished: list[ActionKind] = []
        if _archivers(sop) & actor.roles:
            finished.append(ActionKind.ARCHIVE)
        if set(sop.after_publish_roles("correct")) & actor.roles and state.published_at:
            finished.append(ActionKind.CORRECT)
        return tuple(finished)
    step = sop.step(state.step or "")
    kinds: set[ActionKind] = set()
    if _acting_role(step, actor) is not None:
        barred = duty_conflict(sop, state, step, actor) is not None
        kinds = {
            kind for kind in available(step) if not (barred and kind in _DUTY_ACTIONS)
        }
        if step.approval_by_all and _waiting_role(step, actor, state) is None:
            kinds.discard(ActionKind.APPROVE)
    if _may_cancel(state, actor):
        kinds.add(ActionKind.CANCEL)
    return tuple(kind for kind in ActionKind if kind in kinds)


_ENDED_NAMES = {Status.REFUSED: "ditolak", Status.CANCELLED: "dibatalkan"}


def _may_cancel(state: ItemState, actor: Actor) -> bool:
    return bool(actor.roles) and (actor.id == state.created_by or actor.id in state.handed_in_by)


def _cancel(sop: Sop, state: ItemState, action: Cancel, actor: Actor, now: datetime) -> Outcome:
    """Whoever created or handed in an item may withdraw it, saying why (*Dibatalkan*)."""
    if not _may_cancel(state, actor):
        return refuse(
            RefusalReason.WRONG_ROLE,
            "Hanya orang yang membuat atau menyerahkan konten ini yang dapat membatalkannya.",
        )
    held = sorted(role.key for role in sop.roles if role.key in actor.roles)
    if not held:
        return refuse(
            RefusalReason.WRONG_ROLE,
            "Anda tidak lagi memegang peran pada SOP ini; minta admin organisasi "
            "membatalkannya bersama Anda.",
        )
    reason = action.reason.strip()
    if len(reason) < MIN_RESPONSE_LENGTH:
        return refuse(
            RefusalReason.INVALID,
            f"Alasan pembatalan wajib ditulis (paling sedikit {MIN_RESPONSE_LENGTH} karakter).",
        )
    if state.step is None:
        raise AssertionError
    step = sop.step(state.step)
    # The log names a role the person holds, the hand-in's when they still hold it.
    role = next((key for key in sop.first_step.roles if key in actor.roles), held[0])
    events: tuple[ev.Event, ...] = (
        ev.ActionLogged(now, actor.id, role, ActionKind.CANCEL, step.key, "cancelled", reason),
        ev.StepFinished(step.key, state.step_entered_at or now, now, state.due,
                        state.due.timeliness(now), "cancelled"),
        ev.Ended(Status.CANCELLED.value, step.key, reason, "Dibatalkan", now),
    )
    return Accepted(ended(state, Status.CANCELLED, now), events)


def _archive_finished(
    sop: Sop, state: ItemState, action: Archive, actor: Actor, now: datetime
) -> Outcome:
    """SOPs without an archive step still let their publisher file a finished item."""
    archivers = _archivers(sop)
    held = sorted(archivers & actor.roles)
    if not held:
        names = ", ".join(sop.role(key).name for key in sorted(archivers))
        return refuse(
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


def _waiting_role(step: Step, actor: Actor, state: ItemState) -> str | None:
    """At an "all of" step, the first role ``actor`` holds that still awaits its approval."""
    waiting = roles_still_to_approve(step, state)
    return next((role for role in waiting if role in actor.roles), None)


def _zone(tz: ZoneInfo | str) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("the engine needs an aware 'now'; pass the time with its timezone")
