"""What the engine tells the outside world to record or carry out after an accepted action.

The Django layer saves the new state and these events in one transaction; side effects
(publishing, notifications, reminders) run later from an outbox. Every accepted action yields
exactly one :class:`ActionLogged` first, from which the history, the register and the
time-standard figures are derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tayang.engine.actions import ActionKind
from tayang.engine.due import Due, Timeliness


@dataclass(frozen=True)
class ActionLogged:
    at: datetime
    actor: str
    role: str  # the role the actor acted in (the first of theirs the step accepts)
    action: ActionKind | str  # "create" for the item's creation
    step: str
    outcome: str  # e.g. "handed_in", "approved", "sent_back", "published"
    detail: str = ""  # the note or written response


@dataclass(frozen=True)
class Created:
    at: datetime


@dataclass(frozen=True)
class RegisterNumberNeeded:
    """First hand-in: the item gets its register number (per organization and year)."""

    at: datetime


@dataclass(frozen=True)
class StepEntered:
    step: str
    at: datetime
    due: Due
    roles: tuple[str, ...]  # whose inbox it lands in (and who to notify)


@dataclass(frozen=True)
class StepFinished:
    """A step left, with how it stood against its time standard (for the SOP evaluation)."""

    step: str
    entered_at: datetime
    finished_at: datetime
    due: Due
    timeliness: Timeliness
    outcome: str


@dataclass(frozen=True)
class StepSkipped:
    """A conditional step passed over because its condition does not hold for this item."""

    step: str
    at: datetime


@dataclass(frozen=True)
class ContentChanged:
    fields: tuple[str, ...]
    revision: int
    at: datetime


@dataclass(frozen=True)
class RouteChosen:
    field: str
    value: str
    at: datetime


@dataclass(frozen=True)
class Approved:
    """An approval of exactly one revision of the content (the approval record)."""

    step: str
    role: str
    actor: str
    label: str  # the SOP's own word: "Ya", "Terima", "Selesai"
    revision: int
    at: datetime


class ResponseKind(StrEnum):
    """What a written response came with."""

    SENT_BACK = "sent_back"  # the item went back to ``to_step``
    ACCEPTED = "accepted"  # a step whose acceptance writes one (``accept_response``)
    REFUSED = "refused"  # the reason an item ended as *Ditolak*


@dataclass(frozen=True)
class ResponseWritten:
    """A written response (*tanggapan tertulis*): why the item was sent back, or what the
    approver wrote on accepting it at a step that produces one."""

    step: str
    to_step: str  # where the item went ("" when it stays, waiting for other approvals)
    role: str
    actor: str
    label: str  # "Tidak", "Tolak", "Kembalikan"; on acceptance "Ya", "Terima"
    text: str
    at: datetime
    kind: ResponseKind = ResponseKind.SENT_BACK


@dataclass(frozen=True)
class PublishRequested:
    channels: tuple[str, ...]
    revision: int
    at: datetime
    scheduled_for: datetime | None = None
    # A correction's publication replaces what is already public (the website by default).
    correction: bool = False
    # No publication was ever requested for the item (its state had no ``published_at``):
    # it has no publication rows and nothing public to look for.
    first: bool = False


@dataclass(frozen=True)
class Finished:
    at: datetime


@dataclass(frozen=True)
class Ended:
    """The item left the procedure early: refused (*Ditolak*) or cancelled (*Dibatalkan*)."""

    status: str  # "refused" or "cancelled"
    step: str  # where it stood
    reason: str
    label: str  # the SOP's own word for it ("Tidak layak tayang") or "Dibatalkan"
    at: datetime


@dataclass(frozen=True)
class ArchivedEvent:
    at: datetime


class ReminderStage(StrEnum):
    """The moments a waiting step calls for someone's attention."""

    TARGET = "target"  # a range's target passed ("lewat target"): remind the step's people
    LIMIT = "limit"  # the limit reached, the step is now overdue: remind them again
    ESCALATION = "escalation"  # overdue: tell whoever the SOP names (else the admins)
    ESCALATION_AGAIN = "escalation_again"  # still overdue after the SOP's further period


@dataclass(frozen=True)
class ReminderDue:
    """Ask to be woken at ``at`` to check whether ``step`` is still waiting (time standards).

    Emitted for every stage whenever an item enters a timed step, and again (with the new
    version) when an edit or a route choice may have moved the due times. The receiver keeps
    one wake-up per (item, visit, stage): a wake-up for an older ``version`` is stale, and a
    stage is announced once per visit of the step, whatever is emitted again.
    """

    step: str
    at: datetime
    version: int  # the item's version when scheduled: a reminder for an older one is stale
    stage: ReminderStage = ReminderStage.LIMIT
    # Who is told: role keys of the step, or of its ``escalate_to``; empty for an escalation
    # means the organization's admins.
    roles: tuple[str, ...] = ()
    entered_at: datetime | None = None  # when the item entered the step (names the visit)


type Event = (
    ActionLogged
    | Created
    | RegisterNumberNeeded
    | StepEntered
    | StepFinished
    | StepSkipped
    | ContentChanged
    | RouteChosen
    | Approved
    | ResponseWritten
    | PublishRequested
    | Finished
    | Ended
    | ArchivedEvent
    | ReminderDue
)
