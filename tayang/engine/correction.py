"""Correcting a published item: a new revision that is approved again before it replaces
the public one.

The SOP's publish step names who may start a correction and which approval steps it passes
(``after_publish``). Starting one brings the item back into the procedure at the first of
those steps (or straight to publishing when none is named) with the corrected content; the
public keeps the earlier revision until the publish step publishes the new one. Steps a
correction does not name are passed over without a visit, and it ends at the publish step.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from tayang.engine import events as ev
from tayang.engine.actions import ActionKind, Actor, Correct
from tayang.engine.calendar import WorkCalendar
from tayang.engine.due import due_for
from tayang.engine.refusals import Accepted, Outcome, RefusalReason, refuse
from tayang.engine.reminders import reminders
from tayang.engine.state import ItemState, Status
from tayang.engine.stepstate import anchors_of, invalid_value
from tayang.sop.model import Sop

MIN_NOTE_LENGTH = 10  # why the published content changes: it goes into the history


def correction_steps(sop: Sop) -> tuple[str, ...]:
    """The steps a correction passes, in table order: the named approvals, then publishing."""
    publish = sop.publish_step
    if publish is None:
        return ()
    named = set(publish.after_publish.correct_approval) if publish.after_publish else set()
    return tuple(step.key for step in sop.steps if step.key in named or step is publish)


def start_correction(
    sop: Sop, state: ItemState, action: Correct, actor: Actor, now: datetime, zone: ZoneInfo,
    calendar: WorkCalendar,
) -> Outcome:
    allowed = sop.after_publish_roles("correct")
    role = next((key for key in allowed if key in actor.roles), None)
    if role is None:
        if not allowed:
            return refuse(RefusalReason.NOT_HERE,
                          "SOP ini tidak mengatur koreksi konten yang sudah tayang.")
        names = ", ".join(sop.role(key).name for key in allowed)
        return refuse(RefusalReason.WRONG_ROLE,
                      f"Koreksi sesudah tayang hanya dapat dimulai oleh {names}.", roles=allowed)
    problems = [
        message for key, value in action.changes.items()
        if (message := _problem(sop, key, value))
    ]
    if problems:
        return refuse(RefusalReason.INVALID, " ".join(problems))
    changed = tuple(key for key, value in action.changes.items() if state.values.get(key) != value)
    if not changed:
        return refuse(RefusalReason.INVALID, "Tidak ada perubahan untuk dikoreksi.")
    note = action.note.strip()
    if len(note) < MIN_NOTE_LENGTH:
        return refuse(
            RefusalReason.INVALID,
            f"Alasan koreksi wajib ditulis (paling sedikit {MIN_NOTE_LENGTH} karakter): "
            "pembaca berhak tahu mengapa konten yang sudah tayang berubah.",
        )
    steps = correction_steps(sop)
    target = sop.step(steps[0])
    again = set(steps)
    state = replace(
        state,
        status=Status.IN_PROGRESS,
        step=target.key,
        step_entered_at=now,
        finished_at=None,
        values={**state.values, **{key: action.changes[key] for key in changed}},
        revision=state.revision + 1,
        version=state.version + 1,
        edited_by=actor.id,
        edited_at_step=sop.publish_step.key if sop.publish_step else target.key,
        passed=tuple(key for key in state.passed if key not in again
                     and not _after_publishing(sop, key)),
        approvals=tuple(mark for mark in state.approvals if mark.step not in again),
        correcting=True,
    )
    state = replace(state, due=due_for(target.time, anchors_of(sop, state, now), zone, calendar))
    return Accepted(state, (
        ev.ActionLogged(now, actor.id, role, ActionKind.CORRECT, target.key,
                        "correction_started", note),
        ev.ContentChanged(changed, state.revision, now),
        ev.StepEntered(target.key, now, state.due, target.roles),
        *reminders(state, target),
    ))


def _problem(sop: Sop, key: str, value: object) -> str:
    if not sop.has_field(key):
        return f"Isian «{key}» tidak ada pada SOP ini."
    return invalid_value(sop, key, value) or ""


def _after_publishing(sop: Sop, key: str) -> bool:
    publish = sop.publish_step
    return publish is not None and sop.steps.index(sop.step(key)) > sop.steps.index(publish)

