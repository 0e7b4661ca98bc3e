"""Property-based tests: random people doing random things to an item of every bundled SOP.

Each example starts an item and feeds the engine a random sequence of actions by actors holding
random sets of roles, at random increasing times in a random Indonesian zone. The actions are
mostly plausible (the content the SOP asks for, the step's own action) so that items get far,
with enough nonsense mixed in (junk values, wrong roles, short responses, unknown routes) to
exercise every refusal. After every action the invariants below must hold.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as statistic
from hypothesis import strategies as st

from tayang.engine import events as ev
from tayang.engine.actions import (
    Action,
    Actor,
    Approve,
    Archive,
    Cancel,
    ChooseRoute,
    Edit,
    HandIn,
    Publish,
    Refuse,
    SendBack,
)
from tayang.engine.content import MediaInfo
from tayang.engine.machine import Accepted, Refused, decide, editable_fields, start
from tayang.engine.state import ItemState, Status
from tayang.sop import flow
from tayang.sop.bundled import bundled_sops
from tayang.sop.loader import load_file
from tayang.sop.model import FIVE_W_ONE_H_PARTS, FieldKind, ItemField, MediaKind, Sop, StepKind

from .builders import APPROVAL_KINDS, confirmations, content, files, good_value

# The bundled seeds, and definitions whose steps outside parties answer (a send-back chosen by
# the route, steps only reached on return).
PARTY_DEFINITIONS = sorted(
    (Path(__file__).parents[1] / "sop" / "fixtures" / "parties").glob("*.yaml"))
SOPS = {**bundled_sops(), **{(sop := load_file(path)).key: sop for path in PARTY_DEFINITIONS}}
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
# Derandomized: the same examples on every run, so CI can never fail on a draw that the
# developer's run did not see; the breadth comes from 150 examples per SOP and per zone.
PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- strategies -------------------------------------------------------------------------------

junk_text = st.text(max_size=30) | st.integers(150, 260).map(lambda n: "k" * n)


def junk_value(item_field: ItemField) -> st.SearchStrategy[object]:
    """Anything a careless form could send for ``item_field``: right kind or not."""
    same_kind: st.SearchStrategy[object]
    match item_field.kind:
        case FieldKind.TEXT | FieldKind.LONGTEXT:
            same_kind = junk_text
        case FieldKind.DATE | FieldKind.DATETIME:
            same_kind = st.dates() if item_field.kind is FieldKind.DATE else st.datetimes()
        case FieldKind.CHOICE:
            same_kind = st.sampled_from([v for v, _ in item_field.choices]) | junk_text
        case FieldKind.MEDIA | FieldKind.DOCUMENT:
            same_kind = st.lists(
                st.builds(
                    MediaInfo,
                    kind=st.sampled_from([*MediaKind, None]),
                    name=st.text(max_size=10),
                    alt_text=st.sampled_from(["", " ", "Foto peserta"]),
                ),
                max_size=7,
            ).map(tuple) | st.integers(0, 7).map(lambda n: files(item_field, n))
        case FieldKind.FIVE_W_ONE_H:
            same_kind = st.dictionaries(
                st.sampled_from([key for key, _ in FIVE_W_ONE_H_PARTS]),
                st.sampled_from(["", "  ", "jawaban"]),
            )
        case FieldKind.DIP_ENTRY:
            same_kind = st.sampled_from(["", "dip-2024-001"]) | st.none()
    return same_kind | st.none() | st.integers() | st.just(good_value(item_field))


@functools.cache
def actions(sop: Sop, step_key: str | None) -> st.SearchStrategy[Action]:
    """A random action, leaning towards the one the item's current step expects."""
    fields = list(sop.fields)
    field_keys = st.sampled_from([f.key for f in fields])
    step = sop.step(step_key) if step_key else sop.steps[-1]
    ticked = st.sampled_from([confirmations(step), frozenset()])
    choice_fields = [f for f in fields if f.kind is FieldKind.CHOICE] or fields

    edit_some = st.lists(st.sampled_from(fields), min_size=1, max_size=3, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({f.key: junk_value(f) for f in chosen})
    ).map(Edit)
    edit_good = st.just(Edit(content(sop)))
    edit_unknown = field_keys.map(lambda key: Edit({f"{key}_x": "?"}))
    choose = st.sampled_from(choice_fields).flatmap(
        lambda f: st.builds(
            ChooseRoute,
            st.just(f.key) | field_keys,
            st.sampled_from([v for v, _ in f.choices] or ["x"]) | junk_text,
        )
    )
    send_back = st.builds(
        SendBack,
        st.sampled_from(["", "  ", "kurang", "Foto buram, mohon diganti dengan yang tajam."])
        | junk_text,
    )
    expected: list[st.SearchStrategy[Action]] = {
        StepKind.HANDIN: [st.builds(HandIn, ticked), edit_good],
        StepKind.WORK: [st.builds(Approve, st.just(""), ticked)],
        StepKind.REVIEW: [st.builds(Approve, st.just("ok"), ticked)],
        StepKind.DECISION: [st.builds(Approve, st.just("Ya"), ticked), choose],
        StepKind.PUBLISH: [st.builds(Publish, st.just(("website",)), ticked)],
        StepKind.ARCHIVE: [st.builds(Archive, st.just(""))],
    }[step.kind]
    if step.accept_response:  # an outside party's answer, seed A's written response
        expected = [*expected, st.builds(Approve, st.just(""), ticked, st.just(RESPONSE))]
    return st.one_of(
        *expected,
        *expected,
        *expected,
        edit_good,
        edit_some,
        edit_unknown,
        choose,
        send_back,
        st.builds(HandIn, ticked),
        st.builds(Approve, junk_text, ticked),
        st.builds(Publish, st.just(()), ticked),
        st.builds(Archive, junk_text),
        # Ending early is rare, so that most sequences still walk the whole procedure.
        st.builds(Refuse, st.sampled_from(["", "Tidak layak tayang: foto buram semua."])),
        st.builds(Cancel, st.sampled_from(["batal", "Kegiatan dibatalkan oleh panitia."])),
    )


@functools.cache
def actors(sop: Sop, step_key: str | None) -> st.SearchStrategy[Actor]:
    """Mostly someone holding one of the step's roles; sometimes anyone at all."""
    keys = [role.key for role in sop.roles]
    step = sop.step(step_key) if step_key else sop.steps[-1]
    fitting = st.sampled_from(step.roles).map(lambda role: frozenset({role}))
    any_roles = st.frozensets(st.sampled_from(keys), max_size=len(keys))
    return st.builds(
        Actor, st.sampled_from(["u1", "u2", "u3"]), fitting | fitting | any_roles
    )


RESPONSE = "Konten belum sesuai SOP; mohon diperbaiki lalu diserahkan kembali."
gaps = st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=2))


# --- the model the invariants are checked against ---------------------------------------------


@dataclasses.dataclass
class Approvals:
    """Which approval steps currently stand, told only by Approved/ResponseWritten events."""

    sop: Sop
    standing: dict[str, int] = dataclasses.field(default_factory=dict)  # step -> revision

    def order(self, key: str) -> int:
        return [s.key for s in self.sop.steps].index(key)

    def apply(self, event: object) -> None:
        if isinstance(event, ev.Approved):
            self.standing[event.step] = event.revision
        elif isinstance(event, ev.ResponseWritten) and event.kind is ev.ResponseKind.SENT_BACK:
            cut = self.order(event.to_step)
            self.standing = {k: r for k, r in self.standing.items() if self.order(k) < cut}

    def missing_for(self, publish_step: str, values: dict[str, object]) -> list[str]:
        here = self.order(publish_step)
        return [
            s.key
            for s in flow.path(self.sop, values)
            if s.kind in APPROVAL_KINDS and self.order(s.key) < here
            and s.key not in self.standing
        ]


def check_state(sop: Sop, state: ItemState) -> None:
    keys = {s.key for s in sop.steps}
    if state.is_active:
        assert state.step in keys, state
        assert state.status in (Status.DRAFT, Status.IN_PROGRESS, Status.RETURNED)
        assert state.step_entered_at is not None
        if state.status is Status.DRAFT:
            assert state.handed_in_at is None
        else:
            assert state.handed_in_at is not None
    else:
        # Every item that is not at exactly one step has ended: finished (published),
        # filed, refused or cancelled.
        assert state.step is None, state
        assert state.status in (
            Status.FINISHED, Status.ARCHIVED, Status.REFUSED, Status.CANCELLED
        )
        assert state.finished_at is not None
    assert (state.status is Status.ARCHIVED) == (state.archived_at is not None)
    assert set(state.passed) <= keys
    assert state.version >= 1 and state.revision >= 1


def can_still_finish(sop: Sop, state: ItemState, now: datetime, tz: ZoneInfo) -> bool:
    """Whether people holding the right roles can still bring the item to the end.

    Greedy: at each step choose a route if none is chosen, put the content right where it may
    be corrected, accept; when accepting is refused, send back. An item for which this fails
    is stuck (every action refused for good), which the engine must never let happen.
    Each step gets a person of its own (holding every role): separation of duties forbids
    one person to hand in, approve and publish alone, but never stops a staffed office.
    """
    every_role = frozenset(role.key for role in sop.lanes)  # an outside party answers too
    good = content(sop)
    for _ in range(6 * len(sop.steps)):
        if not state.is_active:
            return True
        assert state.step is not None
        step = sop.step(state.step)
        boss = Actor(f"boss-{step.key}", every_role)
        now += timedelta(minutes=1)
        for key in step.chooses:
            if not state.values.get(key):
                value = sop.field(key).choices[0][0]
                outcome = decide(sop, state, ChooseRoute(key, value), boss, now, tz)
                state = outcome.state if isinstance(outcome, Accepted) else state
        fixes = {
            key: value
            for key, value in good.items()
            if key in editable_fields(sop, step) and state.values.get(key) != value
        }
        if fixes:
            outcome = decide(sop, state, Edit(fixes), boss, now, tz)
            state = outcome.state if isinstance(outcome, Accepted) else state
        ticked = confirmations(step)
        accept: Action = {
            StepKind.HANDIN: HandIn(ticked),
            StepKind.PUBLISH: Publish(confirmed=ticked),
            StepKind.ARCHIVE: Archive(),
        }.get(step.kind, Approve(confirmed=ticked,
                                 response=RESPONSE if step.accept_response else ""))
        outcome = decide(sop, state, accept, boss, now, tz)
        if isinstance(outcome, Refused):
            outcome = decide(sop, state, SendBack(RESPONSE), boss, now, tz)
        if isinstance(outcome, Refused):
            return False
        state = outcome.state
    return not state.is_active


# --- the property -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", [pytest.param(key, id=key) for key in SOPS])
@PROPERTY_SETTINGS
@given(data=st.data())
def test_random_sequences_keep_the_invariants(key, data):
    sop = SOPS[key]
    tz = ZoneInfo(data.draw(st.sampled_from(ZONES), label="zone"))
    now = data.draw(
        st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31)),
        label="start",
    ).replace(tzinfo=UTC).astimezone(tz)
    first = sop.first_step
    creator = data.draw(
        st.builds(Actor, st.just("u0"), st.frozensets(st.sampled_from(
            [r.key for r in sop.roles]
        ))) | st.just(Actor("u0", frozenset(first.roles))),
        label="creator",
    )
    begun = start(sop, creator, now, tz)
    if not set(first.roles) & creator.roles:
        assert isinstance(begun, Refused)
        creator = Actor("u0", frozenset(first.roles))
        begun = start(sop, creator, now, tz)
    assert isinstance(begun, Accepted)
    state = begun.state
    check_state(sop, state)
    assert state.status is Status.DRAFT and state.step == first.key
    assert [type(e) for e in begun.events].count(ev.ActionLogged) == 1

    model = Approvals(sop)
    publications = 0
    length = data.draw(st.integers(min_value=1, max_value=40), label="length")
    for _ in range(length):
        action = data.draw(actions(sop, state.step), label="action")
        who = data.draw(actors(sop, state.step), label="actor")
        now += data.draw(gaps, label="gap")

        snapshot = copy.deepcopy(state)
        outcome = decide(sop, state, action, who, now, tz)
        assert state == snapshot, "decide must not change the state it is given"
        again = decide(sop, copy.deepcopy(state), action, who, now, tz)
        assert again == outcome, "decide is a pure function of its inputs"

        if isinstance(outcome, Refused):
            # A refusal carries no state: the item stays exactly as it was.
            assert [f.name for f in dataclasses.fields(outcome)] == ["refusals"]
            assert outcome.refusals and all(r.message.strip() for r in outcome.refusals)
            continue

        assert isinstance(outcome, Accepted)
        new = outcome.state
        check_state(sop, new)
        assert new.version == state.version + 1, "every accepted action adds one version"

        logs = [e for e in outcome.events if isinstance(e, ev.ActionLogged)]
        assert len(logs) == 1 and outcome.events[0] is logs[0]
        (log,) = logs
        assert log.actor == who.id and log.role in who.roles and log.at == now
        assert log.action == action.kind

        changed = [e for e in outcome.events if isinstance(e, ev.ContentChanged)]
        assert new.revision == state.revision + (1 if changed else 0)
        for event in outcome.events:
            assert getattr(event, "at", now) == now or isinstance(event, ev.ReminderDue)
            if isinstance(event, ev.StepEntered | ev.StepSkipped | ev.StepFinished):
                assert event.step in {s.key for s in sop.steps}

        requested = [e for e in outcome.events if isinstance(e, ev.PublishRequested)]
        if requested or (new.published_at is not None and new.published_at != state.published_at):
            # Never published without every approval that applies on the item's route.
            assert state.step is not None
            step = sop.step(state.step)
            assert step.kind is StepKind.PUBLISH
            assert model.missing_for(step.key, dict(state.values)) == []
            assert requested and new.published_at == now
            (request,) = requested
            assert request.revision == state.revision
            approvals = [
                s for s in flow.path(sop, state.values)
                if s.kind in APPROVAL_KINDS and model.order(s.key) < model.order(step.key)
            ]
            if approvals:
                # What is published is exactly the revision the last approver approved.
                assert model.standing[approvals[-1].key] == request.revision
            if not step.allow_same_person:
                # Separation of duties: nobody publishes what they handed in themselves.
                assert who.id not in state.handed_in_by
            publications += 1
        for approved in (e for e in outcome.events if isinstance(e, ev.Approved)):
            approving = sop.step(approved.step)
            if not approving.allow_same_person:
                assert approved.actor not in state.handed_in_by, "approved own hand-in"
                lanes = set(approving.roles)
                assert not any(
                    mark.actor == approved.actor and set(sop.step(mark.step).roles) != lanes
                    for mark in state.approvals
                ), "two approvals by one person in different executor columns"
        for event in outcome.events:
            model.apply(event)

        if state.status is Status.ARCHIVED:
            raise AssertionError("an archived item accepted an action")
        if new.status is Status.ARCHIVED:
            assert any(isinstance(e, ev.ArchivedEvent) for e in outcome.events)
        register = [e for e in outcome.events if isinstance(e, ev.RegisterNumberNeeded)]
        assert len(register) == (1 if state.handed_in_at is None and new.handed_in_at else 0)
        state = new

    publish_index = next(
        i for i, s in enumerate(sop.steps) if s.kind is StepKind.PUBLISH
    )
    can_return_after_publishing = any(
        s.reject and model.order(s.reject) <= publish_index
        for s in sop.steps[publish_index + 1 :]
    )
    assert can_still_finish(sop, state, now, tz), f"stuck at {state.step}: {state}"
    statistic(f"ended {state.status.value}")
    statistic(f"published {publications}x")
    if not can_return_after_publishing:
        assert publications <= 1, "published once at most"
