"""Small pure helpers on an item's state that the engine's modules share."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from tayang.engine.due import UNTIMED, Anchors
from tayang.engine.state import ItemState, Status
from tayang.sop.model import FieldKind, Sop, Step


def ended(state: ItemState, status: Status, now: datetime) -> ItemState:
    """The item out of the procedure before its end (refused or cancelled)."""
    return replace(
        state, status=status, step=None, step_entered_at=None, finished_at=now, due=UNTIMED,
        version=state.version + 1,
    )


def invalid_value(sop: Sop, key: str, value: object) -> str | None:
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


def anchors_of(sop: Sop, state: ItemState, now: datetime) -> Anchors:
    activity_field = sop.activity_date_field
    activity = state.values.get(activity_field.key) if activity_field else None
    return Anchors(
        step_entered_at=state.step_entered_at or now,
        handed_in_at=state.handed_in_at,
        activity=activity if isinstance(activity, date) else None,  # datetime is a date too
    )


def roles_still_to_approve(step: Step, state: ItemState) -> tuple[str, ...]:
    """An "all of" step's roles without an approval of the current content yet (in order)."""
    if not step.approval_by_all:
        return ()
    approved = {
        mark.role for mark in state.approvals
        if mark.step == step.key and mark.revision == state.revision
    }
    return tuple(role for role in step.roles if role not in approved)
