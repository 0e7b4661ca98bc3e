"""The engine's two answers: an accepted action with its events, or a refusal saying why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from tayang.engine import events as ev
from tayang.engine.requirements import Unmet
from tayang.engine.state import ItemState
from tayang.sop.model import Sop, Step


class RefusalReason(StrEnum):
    CLOSED = "closed"  # finished or archived
    WRONG_ROLE = "wrong_role"
    NOT_HERE = "not_here"  # the action does not exist at this step
    REQUIREMENTS = "requirements"
    INVALID = "invalid"  # the request itself is incomplete or wrong
    SEPARATION = "separation"  # separation of duties: someone else must act (engine.duties)


@dataclass(frozen=True)
class Refusal:
    reason: RefusalReason
    message: str  # in Bahasa Indonesia, for the person who tried
    unmet: tuple[Unmet, ...] = ()
    roles: tuple[str, ...] = ()  # who may act instead (role keys)
    # People (actor ids) who may not act here even though they hold one of ``roles``; the
    # caller names the other holders, whom the engine does not know.
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refused:
    refusals: tuple[Refusal, ...]

    @property
    def message(self) -> str:
        return " ".join(refusal.message for refusal in self.refusals)


@dataclass(frozen=True)
class Accepted:
    state: ItemState
    events: tuple[ev.Event, ...] = field(default=())


type Outcome = Accepted | Refused


def refuse(reason: RefusalReason, message: str, *, roles: Sequence[str] = ()) -> Refused:
    return Refused((Refusal(reason, message, roles=tuple(roles)),))


def wrong_role(sop: Sop, step: Step) -> Refused:
    names = ", ".join(sop.role(key).name for key in step.roles)
    return refuse(
        RefusalReason.WRONG_ROLE,
        f"Langkah {step.number} hanya dapat dikerjakan oleh {names}.",
        roles=step.roles,
    )
