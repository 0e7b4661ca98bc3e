"""What a person can ask the engine to do with an item, and who is asking."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ActionKind(StrEnum):
    EDIT = "edit"  # correct the content
    HAND_IN = "hand_in"
    APPROVE = "approve"  # done / accept / the decision's "Ya"/"Terima"
    SEND_BACK = "send_back"  # the decision's "Tidak"/"Tolak", with a written response
    CHOOSE_ROUTE = "choose_route"
    PUBLISH = "publish"
    ARCHIVE = "archive"
    REFUSE = "refuse"  # end the item as *Ditolak* (unfit), with a written reason
    CORRECT = "correct"  # a published item gets a new revision, approved again before it shows
    CANCEL = "cancel"  # end the item as *Dibatalkan*, by who created or handed it in


@dataclass(frozen=True)
class Actor:
    """A person acting, with the SOP roles they hold in the item's organization."""

    id: str
    roles: frozenset[str]
    name: str = ""


@dataclass(frozen=True)
class Edit:
    changes: Mapping[str, object]
    note: str = ""  # why, shown in the history beside the diff
    kind: ActionKind = field(default=ActionKind.EDIT, init=False)


@dataclass(frozen=True)
class HandIn:
    confirmed: frozenset[str] = frozenset()  # checklist items ticked by the person
    # The route the person had selected when pressing the button (field -> value): a route
    # changed on the page is decided with the action, never silently the stored one.
    route: Mapping[str, str] = field(default_factory=dict)
    kind: ActionKind = field(default=ActionKind.HAND_IN, init=False)


@dataclass(frozen=True)
class Approve:
    note: str = ""
    confirmed: frozenset[str] = frozenset()
    # The written response (*tanggapan tertulis*) a step with ``accept_response`` requires;
    # empty elsewhere.
    response: str = ""
    route: Mapping[str, str] = field(default_factory=dict)  # as for HandIn
    kind: ActionKind = field(default=ActionKind.APPROVE, init=False)


@dataclass(frozen=True)
class SendBack:
    response: str  # the written response (*tanggapan tertulis*); required
    kind: ActionKind = field(default=ActionKind.SEND_BACK, init=False)


@dataclass(frozen=True)
class ChooseRoute:
    field: str
    value: str
    kind: ActionKind = field(default=ActionKind.CHOOSE_ROUTE, init=False)


@dataclass(frozen=True)
class Publish:
    channels: tuple[str, ...] = ()  # empty: every channel the organization publishes to
    confirmed: frozenset[str] = frozenset()
    scheduled_for: datetime | None = None  # publish at this moment instead of at once
    kind: ActionKind = field(default=ActionKind.PUBLISH, init=False)


@dataclass(frozen=True)
class Archive:
    note: str = ""
    kind: ActionKind = field(default=ActionKind.ARCHIVE, init=False)


@dataclass(frozen=True)
class Refuse:
    reason: str  # why it is unfit ("tidak layak tayang", the consequence test's result)
    kind: ActionKind = field(default=ActionKind.REFUSE, init=False)


@dataclass(frozen=True)
class Cancel:
    reason: str
    kind: ActionKind = field(default=ActionKind.CANCEL, init=False)


@dataclass(frozen=True)
class Correct:
    """Start a correction of a published item: the changed content, and why."""

    changes: Mapping[str, object]
    note: str
    kind: ActionKind = field(default=ActionKind.CORRECT, init=False)


type Action = (
    Edit | HandIn | Approve | SendBack | ChooseRoute | Publish | Archive | Refuse | Cancel
    | Correct
)
