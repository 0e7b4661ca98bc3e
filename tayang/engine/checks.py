"""What an accepting action checks besides who acts: requirements and earlier approvals."""

from __future__ import annotations

from tayang.engine.duties import APPROVAL_KINDS
from tayang.engine.refusals import Refusal, RefusalReason, Refused
from tayang.engine.requirements import product_rules, unmet
from tayang.engine.state import ItemState
from tayang.sop import flow
from tayang.sop.model import Requirement, Sop, Step, StepKind


def requirements_refusal(
    sop: Sop, step: Step, state: ItemState, confirmed: frozenset[str],
    also: tuple[Requirement, ...] = (),
) -> Refused | None:
    """The step's requirements (and ``also``) that the content does not meet, as a refusal."""
    own = step.requirements
    requirements = (*own, *(r for r in also if r not in own))
    failures = unmet(sop, requirements, state.values, confirmed)
    if not failures:
        return None
    return Refused((
        Refusal(
            RefusalReason.REQUIREMENTS,
            "Persyaratan belum lengkap: " + " ".join(failure.message for failure in failures),
            unmet=tuple(failures),
        ),
    ))


def handed_in_checks(sop: Sop, step: Step, state: ItemState) -> tuple[Requirement, ...]:
    """The hand-in's machine checks, which content must still pass when a step accepts it.

    Corrections after hand-in (at review or work steps) could otherwise break what the
    hand-in checked, e.g. a caption made longer than 200 characters, and the item would
    reach a publishing step that re-checks the content and can neither publish nor send
    it back: stuck for good. Accepting a step after hand-in therefore re-checks them, so
    whoever can still correct the content (or send it back) is told what is wrong.
    """
    if not state.is_handed_in or step.kind is StepKind.HANDIN:
        return ()
    handin = next(sop.steps_of_kind(StepKind.HANDIN), None)
    if handin is None:
        return ()
    own = tuple(r for r in handin.requirements if r.check is not None)
    return (*own, *product_rules(sop))


def missing_approvals(sop: Sop, step: Step, state: ItemState) -> list[Step]:
    """Approval steps on this item's path before ``step`` that it has not passed.

    The flow already guarantees this list is empty; it is checked again because publishing
    without an approval is the one mistake an agency cannot take back.
    """
    here = sop.steps.index(step)
    return [
        candidate
        for candidate in flow.path(sop, state.values)
        if candidate.kind in APPROVAL_KINDS
        and sop.steps.index(candidate) < here
        and candidate.key not in state.passed
    ]
