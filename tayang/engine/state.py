"""An item's position in its SOP, as the engine sees it. Immutable: actions make new states."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tayang.engine.due import UNTIMED, Due


class Status(StrEnum):
    DRAFT = "draft"  # created, not yet handed in
    IN_PROGRESS = "in_progress"  # handed in, moving through the steps
    RETURNED = "returned"  # sent back with a written response, waiting to be corrected
    FINISHED = "finished"  # passed the last step
    ARCHIVED = "archived"  # filed; read-only for good
    REFUSED = "refused"  # *Ditolak*: found unfit at a step that may refuse; never public
    CANCELLED = "cancelled"  # *Dibatalkan*: withdrawn by the person who created or handed it in


ACTIVE = frozenset({Status.DRAFT, Status.IN_PROGRESS, Status.RETURNED})
# Ways an item leaves the procedure before its end; it stays in the register with that status.
ENDED_EARLY = frozenset({Status.REFUSED, Status.CANCELLED})


@dataclass(frozen=True)
class ApprovalMark:
    """An approval that still counts on the item's route: who gave it, where, on what content."""

    step: str
    actor: str
    revision: int
    role: str = ""  # the role approved in (an "all of" step needs one per role)


@dataclass(frozen=True)
class ItemState:
    """Where an item stands. ``step`` is None exactly when the item is no longer active."""

    status: Status
    step: str | None
    values: Mapping[str, object] = field(default_factory=dict)
    step_entered_at: datetime | None = None
    due: Due = UNTIMED
    created_at: datetime | None = None
    handed_in_at: datetime | None = None
    published_at: datetime | None = None
    finished_at: datetime | None = None
    archived_at: datetime | None = None
    passed: tuple[str, ...] = ()  # steps accepted on the way to the current step, in order
    created_by: str | None = None  # who created it: may cancel it
    # Who did what so far, for separation of duties (tayang.engine.duties).
    handed_in_by: tuple[str, ...] = ()  # everyone who has handed the item in
    edited_by: str | None = None  # author of the current revision of the content
    edited_at_step: str | None = None  # the step where that revision was made
    approvals: tuple[ApprovalMark, ...] = ()  # approvals still counting, in order
    # A published item being corrected: it passes only the approval steps the SOP names for a
    # correction, then its publish step, while the public still sees the earlier revision.
    correcting: bool = False
    revision: int = 1  # content version; every correction adds one
    version: int = 1  # every accepted action adds one (for optimistic locking)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def is_handed_in(self) -> bool:
        return self.handed_in_at is not None
