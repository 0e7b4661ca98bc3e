"""The wake-ups a timed step asks for: target passed, limit reached, escalations."""

from __future__ import annotations

from datetime import datetime

from tayang.engine import events as ev
from tayang.engine.state import ItemState
from tayang.sop.model import Step

Stage = ev.ReminderStage


def reminders(state: ItemState, step: Step) -> tuple[ev.ReminderDue, ...]:
    """Every stage of ``step``'s time standard for the item as it now stands (none if untimed)."""
    due = state.due
    if due.limit is None:
        return ()

    def wake(stage: Stage, at: datetime, roles: tuple[str, ...]) -> ev.ReminderDue:
        return ev.ReminderDue(step.key, at, state.version, stage, roles, state.step_entered_at)

    found: list[ev.ReminderDue] = []
    if due.target is not None and due.target < due.limit:
        found.append(wake(Stage.TARGET, due.target, step.roles))
    found.append(wake(Stage.LIMIT, due.limit, step.roles))
    found.append(wake(Stage.ESCALATION, due.limit, step.escalate_to))
    if step.escalate_again is not None:
        found.append(
            wake(Stage.ESCALATION_AGAIN, due.limit + step.escalate_again, step.escalate_to)
        )
    return tuple(found)
