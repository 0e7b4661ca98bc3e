"""Every bundled SOP walked end to end through the engine, and every way it refuses.

The tests are driven by the loaded definitions (roles from ``step.roles``, content from
``sop.fields``, routes from conditions and ``chooses``), so a new bundled SOP is covered the
moment its file is added.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tayang.engine import events as ev
from tayang.engine.actions import (
    ActionKind,
    Approve,
    Archive,
    ChooseRoute,
    Edit,
    HandIn,
    Publish,
    SendBack,
)
from tayang.engine.content import FORMATS, FormatReadiness
from tayang.engine.machine import (
    MIN_RESPONSE_LENGTH,
    Accepted,
    RefusalReason,
    Refused,
    allowed_actions,
    decide,
    editable_fields,
    start,
)
from tayang.engine.state import Status
from tayang.sop import flow
from tayang.sop.bundled import bundled_sops
from tayang.sop.model import CheckKind, FieldKind, Sop, Step, StepKind

from .builders import (
    APPROVAL_KINDS,
    Walk,
    actor,
    actor_for,
    archivers,
    conditional_steps,
    confirmations,
    content,
    everyone,
    outsider,
    path_keys,
    prepared,
    route_fields,
    route_options,
    steps_with_checks,
    violation,
)

SOPS = bundled_sops()
SEED_KEYS = {
    "A": "gunungkidul-dpmptsp-upload-konten",
    "B": "bantul-disnakertrans-website-medsos",
    "C": "dinsos-diy-media-informasi",
    "D": "kalteng-disperindag-pengumuman-informasi",
    "E": "kalteng-disperindag-upload-medsos",
}
OUTCOMES = {
    StepKind.HANDIN: "handed_in",
    StepKind.WORK: "done",
    StepKind.REVIEW: "approved",
    StepKind.DECISION: "approved",
    StepKind.PUBLISH: "published",
    StepKind.ARCHIVE: "archived",
}
KINDS = {
    StepKind.HANDIN: ActionKind.HAND_IN,
    StepKind.WORK: ActionKind.APPROVE,
    StepKind.REVIEW: ActionKind.APPROVE,
    StepKind.DECISION: ActionKind.APPROVE,
    StepKind.PUBLISH: ActionKind.PUBLISH,
    StepKind.ARCHIVE: ActionKind.ARCHIVE,
}
RESPONSE = "Foto kurang tajam dan narasi belum menyebut jumlah peserta; mohon diperbaiki."


def _route_id(route: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in route.items()) or "single"


ROUTES = [
    pytest.param(key, route, id=f"{key}:{_route_id(route)}")
    for key, sop in SOPS.items()
    for route in route_options(sop)
]
SOP_KEYS = [pytest.param(key, id=key) for key in SOPS]


def _route_steps(sop: Sop) -> list[tuple[str, dict[str, str], Step]]:
    """(sop key, route, step) for every step on every route, each step once."""
    seen: set[str] = set()
    found = []
    for route in route_options(sop):
        for step in flow.path(sop, {**content(sop), **route}):
            if step.key not in seen:
                seen.add(step.key)
                found.append((sop.key, route, step))
    return found


STEPS = [
    pytest.param(key, route, step.key, id=f"{key}:{step.key}")
    for sop in SOPS.values()
    for key, route, step in _route_steps(sop)
]
REJECTING = [
    pytest.param(key, route, step.key, id=f"{key}:{step.key}")
    for sop in SOPS.values()
    for key, route, step in _route_steps(sop)
    if step.reject
]
CHECKS = [
    pytest.param(sop.key, step.key, index, id=f"{sop.key}:{step.key}:{r.check}:{r.field}")
    for sop in SOPS.values()
    for step, r in steps_with_checks(sop)
    for index in [step.requirements.index(r)]
]


def _walk_to(key: str, route: dict[str, str], step_key: str) -> Walk:
    sop = SOPS[key]
    walk = prepared(sop, route)
    walk.until(step_key, route)
    return walk


def _only_log(outcome: Accepted) -> ev.ActionLogged:
    logs = [e for e in outcome.events if isinstance(e, ev.ActionLogged)]
    assert len(logs) == 1, outcome.events
    assert outcome.events[0] is logs[0], "ActionLogged comes first"
    return logs[0]


# --- the happy path ---------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "route"), ROUTES)
def test_walk_end_to_end(key, route):
    sop = SOPS[key]
    first = sop.first_step
    walk = Walk.begin(sop)
    state = walk.state
    assert state is not None
    assert (state.status, state.step, state.version, state.revision) == (
        Status.DRAFT, first.key, 1, 1,
    )
    assert state.created_at == state.step_entered_at == walk.now
    assert walk.events[:3] == [
        ev.ActionLogged(walk.now, first.roles[0], first.roles[0], "create", first.key, "created"),
        ev.Created(walk.now),
        ev.StepEntered(first.key, walk.now, state.due, first.roles),
    ]

    # Edit the content at the first step.
    values = content(sop)
    values.update({k: v for k, v in route.items() if not any(k in s.chooses for s in sop.steps)})
    edited = walk.fill(values)
    log = _only_log(edited)
    assert (log.action, log.outcome, log.step, log.at) == (
        ActionKind.EDIT, "edited", first.key, walk.now,
    )
    assert walk.state.revision == 2 and walk.state.status is Status.DRAFT
    changed = next(e for e in edited.events if isinstance(e, ev.ContentChanged))
    assert set(changed.fields) == set(values) and changed.revision == 2

    expected = path_keys(sop, {**values, **route})
    taken: list[str] = []
    publish_seen = False
    for _ in range(len(sop.steps) + 1):
        if not walk.state.is_active:
            break
        step = walk.step
        who = actor_for(step, len(taken))
        role = step.roles[len(taken) % len(step.roles)]
        for field_key in step.chooses:
            if field_key in route:
                chosen = walk.do(ChooseRoute(field_key, route[field_key]), who)
                log = _only_log(chosen)
                assert (log.action, log.outcome, log.role) == (
                    ActionKind.CHOOSE_ROUTE, "route_chosen", role,
                )
                assert ev.RouteChosen(field_key, route[field_key], walk.now) in chosen.events
                assert chosen.state.step == step.key
        before = walk.state
        outcome = walk.do(walk.accept_action(), who)
        after = outcome.state
        taken.append(step.key)

        log = _only_log(outcome)
        assert log == ev.ActionLogged(
            walk.now, who.id, role, KINDS[step.kind], step.key, OUTCOMES[step.kind],
            log.detail,
        )
        assert after.version == before.version + 1
        assert after.revision == before.revision
        finished = [e for e in outcome.events if isinstance(e, ev.StepFinished)]
        assert [(f.step, f.outcome, f.entered_at, f.finished_at) for f in finished] == [
            (step.key, OUTCOMES[step.kind], before.step_entered_at, walk.now)
        ]
        register = [e for e in outcome.events if isinstance(e, ev.RegisterNumberNeeded)]
        if step.kind is StepKind.HANDIN:
            assert register == [ev.RegisterNumberNeeded(walk.now)]
            assert after.handed_in_at == walk.now
        else:
            assert register == []
        approvals = [e for e in outcome.events if isinstance(e, ev.Approved)]
        if step.kind in APPROVAL_KINDS:
            assert approvals == [
                ev.Approved(step.key, role, who.id, step.accept_label, before.revision, walk.now)
            ]
        else:
            assert approvals == []
        published = [e for e in outcome.events if isinstance(e, ev.PublishRequested)]
        if step.kind is StepKind.PUBLISH:
            assert published == [ev.PublishRequested(("website",), after.revision, walk.now,
                                                     first=before.published_at is None)]
            assert after.published_at == walk.now
            publish_seen = True
        else:
            assert published == []
            assert (after.published_at is not None) == publish_seen

        if after.is_active:
            assert after.step == expected[len(taken)]
            assert after.status is (
                Status.IN_PROGRESS if after.handed_in_at else Status.DRAFT
            )
            target = sop.step(after.step)
            assert ev.StepEntered(target.key, walk.now, after.due, target.roles) in outcome.events
            assert after.step_entered_at == walk.now
            assert after.passed == tuple(taken)

    assert tuple(taken) == expected
    state = walk.state
    assert state.step is None and state.finished_at is not None
    assert state.handed_in_at is not None and state.published_at is not None
    assert len(walk.of(ev.RegisterNumberNeeded)) == 1
    assert len(walk.of(ev.PublishRequested)) == 1
    assert len(walk.of(ev.Finished)) == 1
    assert [e.step for e in walk.of(ev.Approved)] == [
        k for k in expected if sop.step(k).kind in APPROVAL_KINDS
    ]
    skipped = [s.key for s in conditional_steps(sop) if s.key not in expected]
    assert [e.step for e in walk.of(ev.StepSkipped)] == skipped
    assert not set(skipped) & set(walk.entered)
    # Exactly one log entry per accepted action (the creation included).
    assert len(walk.of(ev.ActionLogged)) == walk.accepted
    versions = [s.version for s in walk.states]
    assert versions == sorted(set(versions))

    has_archive_step = any(sop.step(k).kind is StepKind.ARCHIVE for k in expected)
    if has_archive_step:
        assert state.status is Status.ARCHIVED and state.archived_at == walk.now
        assert len(walk.of(ev.ArchivedEvent)) == 1
    else:
        assert state.status is Status.FINISHED
        assert ev.Finished(walk.now) in walk.events
        assert allowed_actions(sop, state, everyone(sop)) == (ActionKind.ARCHIVE,)
        filer = actor(archivers(sop)[0])
        archived = walk.do(Archive(note="Selesai"), filer)
        log = _only_log(archived)
        assert (log.action, log.outcome, log.actor, log.role, log.step) == (
            ActionKind.ARCHIVE, "archived", filer.id, archivers(sop)[0], sop.steps[-1].key,
        )
        assert ev.ArchivedEvent(walk.now) in archived.events
        assert archived.state.status is Status.ARCHIVED
        assert archived.state.archived_at == walk.now
        assert archived.state.version == state.version + 1
    assert walk.state.step is None
    assert allowed_actions(sop, walk.state, everyone(sop)) == ()


@pytest.mark.parametrize(("key", "route", "step_key"), STEPS)
def test_every_role_of_a_step_may_act(key, route, step_key):
    walk = _walk_to(key, route, step_key)
    step = walk.step
    for role in step.roles:
        who = actor(role, id=f"holder-{role}")
        assert allowed_actions(walk.sop, walk.state, who), role
        walk.choose(route, who)
        outcome = walk.try_(walk.accept_action(), who)
        assert isinstance(outcome, Accepted), outcome
        assert _only_log(outcome).role == role


# --- sending back -----------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "route", "step_key"), REJECTING)
def test_send_back_needs_a_written_response_then_correction(key, route, step_key):
    sop = SOPS[key]
    walk = _walk_to(key, route, step_key)
    step = walk.step
    here = walk.state
    for text in ("", "   ", "x" * (MIN_RESPONSE_LENGTH - 1), " kurang  "):
        refused = walk.refused(SendBack(text))
        assert refused.refusals[0].reason is RefusalReason.INVALID
        assert "Tanggapan tertulis wajib diisi" in refused.message
    assert walk.state == here

    sent = walk.do(SendBack(f"  {RESPONSE}  "))
    target = flow.resolve(sop, step.reject, walk.state.values)
    log = _only_log(sent)
    assert (log.action, log.outcome, log.step, log.detail) == (
        ActionKind.SEND_BACK, "sent_back", step.key, RESPONSE,
    )
    assert ev.ResponseWritten(
        step.key, target, step.roles[0], step.roles[0], step.reject_label, RESPONSE, walk.now
    ) in sent.events
    assert any(
        isinstance(e, ev.StepFinished) and e.step == step.key and e.outcome == "sent_back"
        for e in sent.events
    )
    back = sent.state
    assert (back.status, back.step, back.version) == (Status.RETURNED, target, here.version + 1)
    order = [s.key for s in sop.steps]
    assert back.passed == tuple(k for k in here.passed if order.index(k) < order.index(target))
    assert back.handed_in_at == here.handed_in_at, "the first hand-in keeps its register number"
    target_step = sop.step(target)
    assert ev.StepEntered(target, walk.now, back.due, target_step.roles) in sent.events

    # Correct what can be corrected where the item landed, then walk on to the end.
    fixable = _correctable(sop, target_step)
    revision = back.revision
    if fixable is not None:
        old = walk.state.values[fixable.key]
        corrected = walk.do(Edit({fixable.key: _corrected(old, fixable.max_length)}), None)
        assert corrected.state.revision == revision + 1
        assert corrected.state.status is Status.RETURNED
        revision += 1
    mark = len(walk.events)
    walk.accept(route)
    assert walk.state.status is not Status.RETURNED
    walk.finish(route)
    assert len(walk.of(ev.RegisterNumberNeeded)) == 1
    later = [e for e in walk.events[mark:] if isinstance(e, ev.Approved)]
    order = [s.key for s in sop.steps]
    again = [
        k for k in path_keys(sop, walk.state.values)
        if sop.step(k).kind in APPROVAL_KINDS and order.index(k) >= order.index(target)
    ]
    assert [a.step for a in later] == again, "approvals after the target are given again"
    assert all(a.revision == revision for a in later)
    assert [e.revision for e in walk.of(ev.PublishRequested)] == [revision]
    assert len(walk.of(ev.ActionLogged)) == walk.accepted


def _correctable(sop: Sop, step: Step):
    routes = set(route_fields(sop))
    for key in sorted(editable_fields(sop, step)):
        item_field = sop.field(key)
        if item_field.kind in (FieldKind.TEXT, FieldKind.LONGTEXT) and key not in routes:
            return item_field
    return None


def _corrected(old: object, limit: int | None) -> str:
    text = f"{old} (diperbaiki)"
    return text if limit is None or len(text) <= limit else "Diperbaiki: " + str(old)[: limit - 12]


def test_returned_content_can_be_handed_in_again_without_a_new_register_number():
    """Send back to the hand-in step from every step that can, then hand in again."""
    for sop in SOPS.values():
        handin = next(sop.steps_of_kind(StepKind.HANDIN))
        for route in route_options(sop):
            for step in flow.path(sop, {**content(sop), **route}):
                if not step.reject or flow.resolve(sop, step.reject, route) != handin.key:
                    continue
                walk = prepared(sop, route)
                walk.until(step.key, route)
                walk.do(SendBack(RESPONSE))
                assert walk.state.step == handin.key
                assert walk.state.status is Status.RETURNED
                again = walk.do(HandIn(confirmations(handin)))
                assert not any(isinstance(e, ev.RegisterNumberNeeded) for e in again.events)
                assert again.state.status is Status.IN_PROGRESS
                walk.finish(route)
                assert len(walk.of(ev.RegisterNumberNeeded)) == 1


# --- routes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", SOP_KEYS)
def test_every_conditional_step_is_both_passed_and_skipped_on_some_route(key):
    sop = SOPS[key]
    for step in conditional_steps(sop):
        on = [r for r in route_options(sop) if step.condition.holds(r)]
        off = [r for r in route_options(sop) if not step.condition.holds(r)]
        assert on and off, f"{step.key} is never/always taken"
        for route, taken in ((on[0], True), (off[0], False)):
            walk = prepared(sop, route)
            walk.finish(route)
            skipped = [e.step for e in walk.of(ev.StepSkipped)]
            assert (step.key in walk.entered) is taken
            assert (step.key in skipped) is not taken
            approved = [e.step for e in walk.of(ev.Approved)]
            if step.kind in APPROVAL_KINDS:
                assert (step.key in approved) is taken


def test_seed_c_routine_news_skips_the_head_and_policy_passes_the_head():
    key = SEED_KEYS["C"]
    if key not in SOPS:
        pytest.skip("seed C is not bundled yet")
    sop = SOPS[key]
    assert len(sop.steps) == 7
    decision, head = sop.steps[3], sop.steps[4]
    assert decision.kind is StepKind.DECISION and decision.chooses
    assert head.condition is not None and head.condition.field in decision.chooses
    field_key = head.condition.field
    choices = [value for value, _ in sop.field(field_key).choices]
    important = [v for v in choices if v in head.condition.values]
    routine = [v for v in choices if v not in head.condition.values]
    assert important and routine

    for value in routine:
        route = {field_key: value}
        walk = prepared(sop, route)
        walk.until(decision.key, route)
        walk.choose(route)
        assert walk.state.values[field_key] == value
        approved = walk.do(walk.accept_action())
        assert ev.StepSkipped(head.key, walk.now) in approved.events
        assert approved.state.step == sop.steps[5].key
        walk.finish(route)
        assert head.key not in walk.entered
        assert head.key not in {e.step for e in walk.of(ev.Approved)}
        assert walk.state.published_at is not None

    for value in important:
        route = {field_key: value}
        walk = prepared(sop, route)
        walk.until(decision.key, route)
        walk.choose(route)
        approved = walk.do(walk.accept_action())
        assert not any(isinstance(e, ev.StepSkipped) for e in approved.events)
        assert approved.state.step == head.key
        # Only the head may approve here, and publishing waits for that approval.
        assert walk.refused(Approve(), actor(*decision.roles)).refusals[0].reason is (
            RefusalReason.WRONG_ROLE
        )
        walk.finish(route)
        assert head.key in {e.step for e in walk.of(ev.Approved)}
        assert not walk.of(ev.StepSkipped)


@pytest.mark.parametrize("key", SOP_KEYS)
def test_choose_route_is_refused_where_not_chosen_and_for_unknown_values(key):
    sop = SOPS[key]
    for route in route_options(sop):
        walk = prepared(sop, route)
        while walk.state.is_active:
            step = walk.step
            everybody = everyone(sop)
            for field_key in route_fields(sop):
                if field_key not in step.chooses:
                    refused = walk.refused(ChooseRoute(field_key, route[field_key]), everybody)
                    assert refused.refusals[0].reason in (
                        RefusalReason.NOT_HERE, RefusalReason.INVALID,
                    )
                else:
                    refused = walk.refused(ChooseRoute(field_key, "bukan-pilihan"), everybody)
                    assert refused.refusals[0].reason is RefusalReason.INVALID
                    assert "tidak dikenal" in refused.message
            walk.accept(route)


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "route", "step_key"), STEPS)
def test_wrong_role_is_refused_naming_who_may_act(key, route, step_key):
    sop = SOPS[key]
    walk = _walk_to(key, route, step_key)
    step = walk.step
    names = [sop.role(r).name for r in step.roles]
    for who in (outsider(sop, step), actor(id="tamu")):
        assert allowed_actions(sop, walk.state, who) == ()
        for action in (walk.accept_action(), SendBack(RESPONSE), Edit({"x": 1})):
            refused = walk.refused(action, who)
            (refusal,) = refused.refusals
            assert refusal.reason is RefusalReason.WRONG_ROLE
            assert refusal.roles == step.roles
            for name in names:
                assert name in refusal.message


@pytest.mark.parametrize("key", SOP_KEYS)
def test_only_the_first_steps_role_may_create(key):
    sop = SOPS[key]
    first = sop.first_step
    outcome = start(sop, outsider(sop, first), Walk.begin(sop).now, sop.timezone)
    assert isinstance(outcome, Refused)
    assert outcome.refusals[0].reason is RefusalReason.WRONG_ROLE
    assert outcome.refusals[0].roles == first.roles


@pytest.mark.parametrize("key", SOP_KEYS)
def test_empty_hand_in_lists_every_checked_requirement(key):
    sop = SOPS[key]
    handin = next(sop.steps_of_kind(StepKind.HANDIN))
    walk = prepared(sop, route_options(sop)[0])
    walk.until(handin.key)
    walk.state = replace(walk.state, values={})
    refused = walk.try_(HandIn(confirmations(handin)), actor_for(handin))
    checked = [r for r in handin.requirements if r.check is not None]
    blocking = [
        r for r in checked
        if r.check not in (CheckKind.MAX_LENGTH, CheckKind.ALT_TEXT)
        and not (r.check is CheckKind.MIN_COUNT and not sop.field(r.field).min_count)
    ]
    if not blocking:
        assert isinstance(refused, Accepted)
        return
    assert isinstance(refused, Refused)
    (refusal,) = refused.refusals
    assert refusal.reason is RefusalReason.REQUIREMENTS
    assert [u.requirement for u in refusal.unmet] == blocking
    for unmet in refusal.unmet:
        assert unmet.message in refusal.message


@pytest.mark.parametrize(("key", "step_key", "index"), CHECKS)
def test_a_broken_requirement_is_refused_naming_exactly_what_is_missing(key, step_key, index):
    sop = SOPS[key]
    step = sop.step(step_key)
    requirement = step.requirements[index]
    route = next(
        (r for r in route_options(sop) if step.key in path_keys(sop, {**content(sop), **r})),
        None,
    )
    if route is None:
        pytest.skip("step on no route")
    walk = _walk_to(key, route, step_key)
    broken = violation(sop, step, requirement, walk.state.values)
    if broken is None:
        pytest.skip("this requirement cannot be broken (nothing to count)")
    if step.kind is StepKind.HANDIN:
        # As a person would: correct the content to the broken value, then hand it in.
        changes = {k: v for k, v in broken.values.items() if walk.state.values.get(k) != v}
        walk.fill(changes)
    else:
        walk.state = replace(walk.state, values=broken.values)
    outcome = walk.try_(walk.accept_action(), actor_for(step))
    assert isinstance(outcome, Refused), f"{requirement} not enforced"
    (refusal,) = outcome.refusals
    assert refusal.reason is RefusalReason.REQUIREMENTS
    assert {u.requirement for u in refusal.unmet} == broken.expected
    assert requirement in {u.requirement for u in refusal.unmet}
    assert broken.says in refusal.message
    # Putting it right makes the same action go through.
    if step.kind is StepKind.HANDIN:
        walk.fill({k: v for k, v in content(sop).items() if walk.state.values.get(k) != v})
    else:
        # (The accessible formats put right: the worker has made them.)
        ready = FormatReadiness(ready=("audio", "Braille", "cetak besar"))
        walk.state = replace(walk.state, values={**broken.values, **content(sop), **route,
                                                 FORMATS: ready})
    assert isinstance(walk.try_(walk.accept_action(), actor_for(step)), Accepted)


def _sops_checking(check: CheckKind) -> list:
    return [
        pytest.param(sop.key, step.key, r, id=f"{sop.key}:{step.key}:{r.field}")
        for sop in SOPS.values()
        for step, r in steps_with_checks(sop)
        if r.check is check and step.kind is StepKind.HANDIN
    ] or [pytest.param(None, None, None, marks=pytest.mark.skip(f"no bundled SOP checks {check}"))]


def _hand_in_broken(key: str, step_key: str, requirement) -> Refused:
    sop = SOPS[key]
    route = route_options(sop)[0]
    walk = _walk_to(key, route, step_key)
    broken = violation(sop, walk.step, requirement, walk.state.values)
    assert broken is not None
    walk.fill({k: v for k, v in broken.values.items() if walk.state.values.get(k) != v})
    outcome = walk.try_(HandIn(confirmations(walk.step)))
    assert isinstance(outcome, Refused)
    return outcome


@pytest.mark.parametrize(("key", "step_key", "requirement"), _sops_checking(CheckKind.MIN_COUNT))
def test_too_few_photos_at_hand_in(key, step_key, requirement):
    minimum = SOPS[key].field(requirement.field).min_count
    refused = _hand_in_broken(key, step_key, requirement)
    assert f"baru {minimum - 1} " in refused.message
    assert f"paling sedikit {minimum}" in refused.message


@pytest.mark.parametrize(("key", "step_key", "requirement"), _sops_checking(CheckKind.MAX_LENGTH))
def test_caption_too_long_at_hand_in(key, step_key, requirement):
    limit = SOPS[key].field(requirement.field).max_length
    refused = _hand_in_broken(key, step_key, requirement)
    assert f"terlalu panjang: {limit + 1} karakter, paling banyak {limit}" in refused.message


@pytest.mark.parametrize(
    ("key", "step_key", "requirement"), _sops_checking(CheckKind.FIVE_W_ONE_H)
)
def test_five_w_one_h_part_missing_at_hand_in(key, step_key, requirement):
    refused = _hand_in_broken(key, step_key, requirement)
    assert "5W+1H belum dijawab: Mengapa." in refused.message


@pytest.mark.parametrize(("key", "step_key", "requirement"), _sops_checking(CheckKind.ALT_TEXT))
def test_alt_text_missing_at_hand_in(key, step_key, requirement):
    refused = _hand_in_broken(key, step_key, requirement)
    assert "Teks alternatif belum diisi untuk 1 gambar" in refused.message


@pytest.mark.parametrize(("key", "step_key", "requirement"), _sops_checking(CheckKind.DIP_LINK))
def test_dip_link_missing_at_hand_in(key, step_key, requirement):
    refused = _hand_in_broken(key, step_key, requirement)
    assert "belum ditautkan ke entri Daftar Informasi Publik (DIP)" in refused.message


def test_the_seeds_machine_checks_are_all_exercised():
    """Once the five seeds are bundled, each kind of machine check appears in some of them."""
    missing = sorted(k for k, key in SEED_KEYS.items() if key not in SOPS)
    if missing:
        pytest.skip(f"seeds not bundled yet: {', '.join(missing)}")
    used = {r.check for sop in SOPS.values() for _, r in steps_with_checks(sop)}
    assert used >= {
        CheckKind.FILLED, CheckKind.MAX_LENGTH, CheckKind.MIN_COUNT, CheckKind.FIVE_W_ONE_H,
        CheckKind.DIP_LINK,
    }


CONFIRMING = [
    pytest.param(sop.key, step.key, index, id=f"{sop.key}:{step.key}:{index}")
    for sop in SOPS.values()
    for step in sop.steps
    for index, r in enumerate(step.requirements)
    if r.confirm and r.check is None
] or [pytest.param(None, None, None, marks=pytest.mark.skip("no item needs confirming"))]


@pytest.mark.parametrize(("key", "step_key", "index"), CONFIRMING)
def test_checklist_items_to_confirm_must_be_ticked(key, step_key, index):
    sop = SOPS[key]
    step = sop.step(step_key)
    requirement = step.requirements[index]
    route = next(
        r for r in route_options(sop) if step.key in path_keys(sop, {**content(sop), **r})
    )
    walk = _walk_to(key, route, step.key)
    action = walk.accept_action()
    unticked = replace(action, confirmed=action.confirmed - {requirement.text})
    refused = walk.refused(unticked)
    (refusal,) = refused.refusals
    assert refusal.reason is RefusalReason.REQUIREMENTS
    assert [u.requirement for u in refusal.unmet] == [requirement]
    assert f"Belum dikonfirmasi: {requirement.text}" in refused.message
    assert isinstance(walk.try_(action), Accepted)


@pytest.mark.parametrize(("key", "route"), ROUTES)
def test_publishing_without_every_approval_is_impossible(key, route):
    sop = SOPS[key]
    publish = next(sop.steps_of_kind(StepKind.PUBLISH))
    walk = prepared(sop, route)
    # Publish is offered at no step before the publishing step, to anyone.
    while walk.state.step != publish.key:
        refused = walk.refused(Publish(), everyone(sop))
        assert refused.refusals[0].reason is RefusalReason.NOT_HERE
        assert walk.state.published_at is None
        walk.accept(route)
    approvals = [
        k for k in path_keys(sop, walk.state.values) if sop.step(k).kind in APPROVAL_KINDS
    ]
    at_publish = walk.state
    for missing in approvals:
        forged = replace(at_publish, passed=tuple(k for k in at_publish.passed if k != missing))
        outcome = decide(
            sop, forged, Publish(confirmed=confirmations(publish)), actor_for(publish),
            walk.tick(), walk.tz,
        )
        assert isinstance(outcome, Refused)
        assert outcome.refusals[0].reason is RefusalReason.REQUIREMENTS
        assert f"langkah {sop.step(missing).number} " in outcome.message
    walk.accept(route)
    assert walk.state.published_at is not None


@pytest.mark.parametrize("key", SOP_KEYS)
def test_closed_items_refuse_everything(key):
    sop = SOPS[key]
    route = route_options(sop)[0]
    walk = prepared(sop, route)
    walk.finish(route)
    everybody = everyone(sop)
    field_key = sop.fields[0].key
    actions = [
        Edit({field_key: "Ubah setelah selesai"}),
        HandIn(),
        Approve(),
        SendBack(RESPONSE),
        ChooseRoute(field_key, "x"),
        Publish(),
    ]
    if walk.state.status is Status.FINISHED:
        for action in actions:
            refused = walk.refused(action, everybody)
            assert refused.refusals[0].reason is RefusalReason.CLOSED
        nobody = actor(*(r.key for r in sop.roles if r.key not in archivers(sop)), id="bukan")
        refused = walk.refused(Archive(), nobody)
        assert refused.refusals[0].reason is RefusalReason.WRONG_ROLE
        assert refused.refusals[0].roles == tuple(sorted(archivers(sop)))
        walk.do(Archive(), actor(archivers(sop)[0]))
    assert walk.state.status is Status.ARCHIVED
    for action in [*actions, Archive()]:
        refused = walk.refused(action, everybody)
        assert refused.refusals[0].reason is RefusalReason.CLOSED
        assert "diarsipkan" in refused.message


@pytest.mark.parametrize(("key", "route", "step_key"), STEPS)
def test_actions_a_step_does_not_offer_are_refused(key, route, step_key):
    walk = _walk_to(key, route, step_key)
    step = walk.step
    everybody = everyone(walk.sop)
    offered = set(allowed_actions(walk.sop, walk.state, everybody))
    assert KINDS[step.kind] in offered
    probes = {
        ActionKind.EDIT: Edit({walk.sop.fields[0].key: "Judul lain untuk dicoba"}),
        ActionKind.HAND_IN: HandIn(),
        ActionKind.APPROVE: Approve(),
        ActionKind.SEND_BACK: SendBack(RESPONSE),
        ActionKind.PUBLISH: Publish(),
        ActionKind.ARCHIVE: Archive(),
    }
    for kind, action in probes.items():
        if kind not in offered:
            refused = walk.refused(action, everybody)
            assert refused.refusals[0].reason is RefusalReason.NOT_HERE


@pytest.mark.parametrize("key", SOP_KEYS)
def test_edits_are_checked(key):
    sop = SOPS[key]
    walk = prepared(sop, route_options(sop)[0])
    refused = walk.refused(Edit({"tidak_ada": "x"}))
    assert "tidak ada pada SOP ini" in refused.message
    refused = walk.refused(Edit(dict(walk.state.values)))
    assert "Tidak ada perubahan" in refused.message
    text = next(f for f in sop.fields if f.kind in (FieldKind.TEXT, FieldKind.LONGTEXT))
    refused = walk.refused(Edit({text.key: 12}))
    assert "harus berupa teks" in refused.message
    for choice in (f for f in sop.fields if f.kind is FieldKind.CHOICE):
        refused = walk.refused(Edit({choice.key: "bukan-pilihan"}))
        assert "tidak dikenal" in refused.message


def _breakable_after_hand_in() -> list:
    params = []
    for sop in SOPS.values():
        handin = next(sop.steps_of_kind(StepKind.HANDIN))
        order = [s.key for s in sop.steps]
        for key, route, step in _route_steps(sop):
            if order.index(step.key) <= order.index(handin.key):
                continue
            for index, r in enumerate(handin.requirements):
                if r.check is not None and r.field in editable_fields(sop, step):
                    params.append(
                        pytest.param(key, route, step.key, index,
                                     id=f"{key}:{step.key}:{r.check}:{r.field}")
                    )
    return params or [
        pytest.param(None, None, None, None, marks=pytest.mark.skip("no such correction"))
    ]


@pytest.mark.parametrize(("key", "route", "step_key", "index"), _breakable_after_hand_in())
def test_a_correction_that_breaks_the_hand_in_checks_is_caught_before_moving_on(
    key, route, step_key, index
):
    """Otherwise the item would reach a publishing step it can neither pass nor leave."""
    sop = SOPS[key]
    handin = next(sop.steps_of_kind(StepKind.HANDIN))
    requirement = handin.requirements[index]
    walk = _walk_to(key, route, step_key)
    broken = violation(sop, handin, requirement, walk.state.values)
    if broken is None:
        pytest.skip("this requirement cannot be broken (nothing to count)")
    good = dict(walk.state.values)
    walk.fill({requirement.field: broken.values[requirement.field]})
    refused = walk.refused(walk.accept_action())
    (refusal,) = refused.refusals
    assert refusal.reason is RefusalReason.REQUIREMENTS
    assert {u.requirement for u in refusal.unmet} == broken.expected
    assert broken.says in refused.message
    walk.fill({requirement.field: good[requirement.field]})
    walk.finish(route)
    assert walk.state.published_at is not None
