"""The workflow engine: a pure function of (SOP, item state, action, actor, time).

No Django, no clock, no database. See :func:`tayang.engine.machine.decide`.
"""

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
from tayang.engine.content import MediaInfo
from tayang.engine.due import Due, Timeliness, due_for
from tayang.engine.machine import (
    Accepted,
    Outcome,
    Refusal,
    RefusalReason,
    Refused,
    allowed_actions,
    decide,
    start,
)
from tayang.engine.state import ItemState, Status

__all__ = [
    "Accepted",
    "Action",
    "ActionKind",
    "Actor",
    "Approve",
    "Archive",
    "ChooseRoute",
    "Due",
    "Edit",
    "HandIn",
    "ItemState",
    "MediaInfo",
    "Outcome",
    "Publish",
    "Refusal",
    "RefusalReason",
    "Refused",
    "SendBack",
    "Status",
    "Timeliness",
    "allowed_actions",
    "decide",
    "due_for",
    "start",
]
