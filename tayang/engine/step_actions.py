"""Which actions each kind of step offers, and which fields may be corrected there."""

from __future__ import annotations

from tayang.engine.actions import ActionKind
from tayang.sop.model import Sop, Step, StepKind

# The item page shows only these as buttons.
STEP_ACTIONS: dict[StepKind, frozenset[ActionKind]] = {
    StepKind.WORK: frozenset({ActionKind.EDIT, ActionKind.APPROVE, ActionKind.CHOOSE_ROUTE}),
    StepKind.HANDIN: frozenset({ActionKind.EDIT, ActionKind.HAND_IN, ActionKind.CHOOSE_ROUTE}),
    StepKind.REVIEW: frozenset({
        ActionKind.EDIT, ActionKind.APPROVE, ActionKind.SEND_BACK, ActionKind.CHOOSE_ROUTE,
        ActionKind.REFUSE,
    }),
    StepKind.DECISION: frozenset(
        {ActionKind.APPROVE, ActionKind.SEND_BACK, ActionKind.CHOOSE_ROUTE, ActionKind.REFUSE}
    ),
    StepKind.PUBLISH: frozenset({ActionKind.PUBLISH, ActionKind.SEND_BACK}),
    StepKind.ARCHIVE: frozenset({ActionKind.ARCHIVE}),
}

ACTION_NAMES = {
    ActionKind.EDIT: "koreksi konten",
    ActionKind.HAND_IN: "serahkan",
    ActionKind.APPROVE: "setujui",
    ActionKind.SEND_BACK: "kembalikan",
    ActionKind.CHOOSE_ROUTE: "pilih rute",
    ActionKind.PUBLISH: "tayangkan",
    ActionKind.ARCHIVE: "arsipkan",
    ActionKind.REFUSE: "tolak",
    ActionKind.CANCEL: "batalkan",
    ActionKind.CORRECT: "koreksi sesudah tayang",
}


def available(step: Step) -> frozenset[ActionKind]:
    """The actions ``step`` offers, after what its definition switches off."""
    kinds = set(STEP_ACTIONS[step.kind])
    if not step.sends_back:
        kinds.discard(ActionKind.SEND_BACK)
    if step.refuse is None:
        kinds.discard(ActionKind.REFUSE)
    if not step.chooses:
        kinds.discard(ActionKind.CHOOSE_ROUTE)
    if step.kind is StepKind.REVIEW and not step.editable:
        kinds.discard(ActionKind.EDIT)
    if step.party is not None:
        # An outside party answers (with a written response) or sends back; nothing more.
        kinds &= {ActionKind.APPROVE, ActionKind.SEND_BACK}
    return frozenset(kinds)


def editable_fields(sop: Sop, step: Step) -> frozenset[str]:
    """The fields a holder of the step's role may correct there (none where editing is off)."""
    if ActionKind.EDIT not in available(step):
        return frozenset()
    if step.kind is StepKind.REVIEW:
        return frozenset(step.editable)
    return frozenset(f.key for f in sop.fields)
