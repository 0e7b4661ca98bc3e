"""How an item moves on from the step it is at: finishing the step, passing the steps whose
condition does not hold, entering the next one with its time standard and reminders.

The base of every action handler (:class:`tayang.engine.handlers.StepDecision`), with the
checks they share; split from the handlers so each module holds one concept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from tayang.engine import events as ev
from tayang.engine.actions import ActionKind, Actor
from tayang.engine.calendar import WEEKENDS_AND_HOLIDAYS, WorkCalendar
from tayang.engine.checks import handed_in_checks, missing_approvals, requirements_refusal
from tayang.engine.correction import correction_steps
from tayang.engine.due import UNTIMED, Due, due_for
from tayang.engine.refusals import Accepted, Refused
from tayang.engine.reminders import reminders
from tayang.engine.state import ItemState, Status
from tayang.engine.stepstate import anchors_of
from tayang.sop.model import END, Requirement, Sop, Step


@dataclass(frozen=True)
class Decision:
    """One decision in progress: the pieces every action handler needs, and how an item
    moves to its next step (the handlers: :class:`tayang.engine.handlers.StepDecision`)."""

    sop: Sop
    state: ItemState
    step: Step
    actor: Actor
    role: str
    now: datetime
    zone: ZoneInfo
    calendar: WorkCalendar = WEEKENDS_AND_HOLIDAYS

    # --- moving -----------------------------------------------------------------------------

    def _advance(self, state: ItemState, events: list[ev.Event], outcome: str) -> Accepted:
        events.append(self._finished(state, outcome))
        state = replace(
            state,
            passed=(*state.passed, self.step.key),
            status=Status.IN_PROGRESS if state.is_handed_in else Status.DRAFT,
        )
        target = self.step.next
        correcting = correction_steps(self.sop) if state.correcting else ()
        while target != END:
            candidate = self.sop.step(target)
            if correcting and target not in correcting:
                target = candidate.next  # a correction passes only the steps named for it
                continue
            if candidate.only_on_return:
                target = candidate.next  # entered only when sent back to; not a skip
                continue
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
                correcting=False,
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
            state,
            due=self._due(step, state),
        )
        return state, (
            *events,
            ev.StepEntered(target, self.now, state.due, step.roles),
            *reminders(state, step),
        )

    # --- helpers ----------------------------------------------------------------------------

    def _due(self, step: Step, state: ItemState) -> Due:
        anchors = anchors_of(self.sop, state, self.now)
        return due_for(step.time, anchors, self.zone, self.calendar)

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
        return requirements_refusal(self.sop, self.step, self.state, confirmed, also)

    def _handed_in_checks(self) -> tuple[Requirement, ...]:
        return handed_in_checks(self.sop, self.step, self.state)

    def _missing_approvals(self) -> list[Step]:
        return missing_approvals(self.sop, self.step, self.state)
