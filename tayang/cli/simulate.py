"""Walking one sample item through an SOP with the real engine, for ``tayang simulate``.

Every step is taken by a person holding its role, a fixed number of minutes after the item
reached it; the result records the path, each step's due time and whether it was met, so that
an agency can see what its definition will do before running it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tayang.cli.sample import sample_values
from tayang.engine import events as ev
from tayang.engine.actions import (
    Action,
    Actor,
    Approve,
    Archive,
    ChooseRoute,
    HandIn,
    Publish,
    SendBack,
)
from tayang.engine.due import Due, Timeliness
from tayang.engine.machine import Accepted, decide, start
from tayang.engine.state import ItemState, Status
from tayang.sop.model import Sop, Step, StepKind

MAX_ACTIONS = 200  # a definition that loaded cannot loop, but a simulation must always stop
ACCEPT_RESPONSE = "Simulasi: konten telah diperiksa dan layak diteruskan."


@dataclass(frozen=True)
class SimulationRequest:
    start: datetime
    zone: ZoneInfo
    activity_date: date
    routes: Mapping[str, str] = field(default_factory=dict)
    send_back: tuple[str, ...] = ()  # step keys or numbers where the item is sent back once
    pace_minutes: int = 30


@dataclass(frozen=True)
class WalkRow:
    """One action taken in the simulation, at one step."""

    step: Step
    actor_role: str
    action: str
    entered_at: datetime | None
    acted_at: datetime
    due: Due
    timeliness: Timeliness
    detail: str = ""


@dataclass(frozen=True)
class Walk:
    rows: tuple[WalkRow, ...]
    skipped: tuple[str, ...]
    state: ItemState
    refusal: str = ""

    @property
    def finished(self) -> bool:
        return not self.refusal and self.state.status in (Status.FINISHED, Status.ARCHIVED)

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(row.step.key for row in self.rows)


def simulate(sop: Sop, request: SimulationRequest) -> Walk:
    values = sample_values(sop, request.activity_date, request.routes)
    # Route fields chosen at a later step start empty so the choice is made where the SOP says.
    chosen_later = {key for step in sop.steps for key in step.chooses}
    initial = {key: value for key, value in values.items() if key not in chosen_later}
    creator = _actor(sop.first_step)
    outcome = start(sop, creator, request.start, request.zone, initial)
    if not isinstance(outcome, Accepted):
        raise AssertionError("the first step's role always may create an item")
    state = outcome.state
    now = request.start
    rows: list[WalkRow] = []
    skipped: list[str] = []
    pending_send_backs = set(request.send_back)
    confirmed = frozenset(r.text for s in sop.steps for r in s.requirements if r.check is None)

    for _ in range(MAX_ACTIONS):
        if state.step is None:  # finished, or archived by the SOP's own archive step
            break
        step = sop.step(state.step)
        now = now + timedelta(minutes=request.pace_minutes)
        for key in step.chooses:
            if state.values.get(key) != values.get(key):
                result = decide(
                    sop, state, ChooseRoute(key, str(values[key])), _actor(step), now,
                    request.zone,
                )
                if isinstance(result, Accepted):
                    state = result.state
        action, label = _next_action(step, pending_send_backs, confirmed)
        actor = _actor(step)
        before = state
        result = decide(sop, state, action, actor, now, request.zone)
        if not isinstance(result, Accepted):
            return Walk(tuple(rows), tuple(skipped), state, refusal=result.message)
        state = result.state
        skipped.extend(e.step for e in result.events if isinstance(e, ev.StepSkipped))
        rows.append(
            WalkRow(
                step=step,
                actor_role=_role_name(sop, actor),
                action=label,
                entered_at=before.step_entered_at,
                acted_at=now,
                due=before.due,
                timeliness=before.due.timeliness(now),
                detail=action.response if isinstance(action, SendBack | Approve) else "",
            )
        )
    return Walk(tuple(rows), tuple(skipped), state)


def _next_action(
    step: Step, pending: set[str], confirmed: frozenset[str]
) -> tuple[Action, str]:
    marks = {step.key, str(step.number)}
    if step.sends_back and pending & marks:
        pending.difference_update(marks)
        return SendBack("Simulasi: mohon lengkapi dan perbaiki konten."), step.reject_label
    match step.kind:
        case StepKind.HANDIN:
            return HandIn(confirmed), step.accept_label
        case StepKind.PUBLISH:
            return Publish(confirmed=confirmed), step.accept_label
        case StepKind.ARCHIVE:
            return Archive(), step.accept_label
    # A step whose acceptance produces a written response (seed A's Tim Pertimbangan) gets one.
    response = ACCEPT_RESPONSE if step.accept_response else ""
    return Approve(confirmed=confirmed, response=response), step.accept_label


def _actor(step: Step) -> Actor:
    # One person per step: the same office hands in and publishes through two of its people
    # (separation of duties), as a real office would.
    return Actor(id=f"{step.roles[0]}@{step.key}", roles=frozenset({step.roles[0]}))


def _role_name(sop: Sop, actor: Actor) -> str:
    return sop.role(next(iter(actor.roles))).name

