"""Separation of duties: who may not approve or publish an item although they hold the role.

By default (a step may relax it with ``allow_same_person: true``, for a one-person office):

* nobody approves or publishes an item they handed in;
* nobody approves content they changed last, except corrections they made at this very step
  (a review step that says its executor corrects: the correction is part of the review);
* nobody gives two approvals on the item's route in different executor columns: one person
  cannot be both the Tim Pertimbangan and the Kepala Dinas of one item. Consecutive steps of
  the same executor (seed A's "terima" then "koreksi", both Tim Pertimbangan) are one duty;
* nobody publishes content they changed last unless someone else has approved that very
  revision since;
* at an "all of" step nobody approves for two of its executors.

Only approvals still counting are compared: after a send-back the approvals given after the
target step no longer count (the content will change), as the engine's ``passed`` says.
"""

from __future__ import annotations

from tayang.engine.actions import Actor
from tayang.engine.refusals import Refusal, RefusalReason
from tayang.engine.state import ItemState
from tayang.sop.model import Sop, Step, StepKind

APPROVAL_KINDS = (StepKind.REVIEW, StepKind.DECISION)
GUARDED_KINDS = (*APPROVAL_KINDS, StepKind.PUBLISH)


def duty_conflict(sop: Sop, state: ItemState, step: Step, actor: Actor) -> Refusal | None:
    """Why ``actor`` may not approve or publish at ``step``, or None when they may."""
    if step.allow_same_person or step.kind not in GUARDED_KINDS:
        return None
    doing = "menayangkan" if step.kind is StepKind.PUBLISH else "menyetujui"
    if actor.id in state.handed_in_by:
        return _conflict(
            step, state, actor,
            f"Anda yang menyerahkan konten ini, jadi tidak dapat {doing}nya sendiri.",
        )
    edited_elsewhere = state.edited_by == actor.id and state.edited_at_step != step.key
    if step.kind in APPROVAL_KINDS:
        if edited_elsewhere:
            where = _step_name(sop, state.edited_at_step)
            return _conflict(
                step, state, actor,
                f"Anda yang terakhir mengubah isi konten ini{where}, jadi persetujuannya harus "
                "diberikan orang lain.",
            )
        if step.approval_by_all and any(
            mark.actor == actor.id and mark.step == step.key and mark.revision == state.revision
            for mark in state.approvals
        ):
            return _conflict(
                step, state, actor,
                f"Anda sudah memberi persetujuan pada langkah {step.number}; persetujuan "
                "pelaksana lainnya harus diberikan orang lain.",
            )
        earlier = next(
            (
                mark for mark in state.approvals
                if mark.actor == actor.id
                and set(sop.step(mark.step).roles) != set(step.roles)
            ),
            None,
        )
        if earlier is not None:
            before = sop.step(earlier.step)
            return _conflict(
                step, state, actor,
                f"Anda sudah memberi persetujuan pada langkah {before.number}; satu orang tidak "
                "memberi dua persetujuan pada satu konten.",
            )
    elif edited_elsewhere and not any(
        mark.actor != actor.id and mark.revision == state.revision for mark in state.approvals
    ):
        return _conflict(
            step, state, actor,
            "Anda yang terakhir mengubah isi konten ini dan belum ada orang lain yang "
            "menyetujui perubahan itu.",
        )
    return None


def _conflict(step: Step, state: ItemState, actor: Actor, why: str) -> Refusal:
    return Refusal(
        RefusalReason.SEPARATION,
        f"{why} Langkah {step.number} harus dikerjakan oleh pemegang peran lain.",
        roles=step.roles,
        excluded=(actor.id,),
    )


def _step_name(sop: Sop, key: str | None) -> str:
    if key is None:
        return ""
    try:
        return f" (langkah {sop.step(key).number})"
    except KeyError:  # a step of an older definition version
        return ""
