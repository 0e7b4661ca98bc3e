"""Ends other than publishing: refused as unfit (*Ditolak*) and cancelled (*Dibatalkan*)."""

from __future__ import annotations

from tayang.engine import events as ev
from tayang.engine.actions import ActionKind, Approve, Cancel, Refuse
from tayang.engine.machine import RefusalReason, allowed_actions
from tayang.engine.state import Status
from tayang.sop.bundled import bundled_sop

from .builders import Walk, actor, prepared

SEED_B = "bantul-disnakertrans-website-medsos"


def test_seed_b_sorting_is_a_real_choice_fit_unfit_or_back():
    sop = bundled_sop(SEED_B)
    step = sop.step("pilah")
    assert (step.accept_label, step.reject_label, step.refuse) == (
        "Layak tayang", "Kembalikan ke peliput", "Tidak layak tayang"
    )
    walk = prepared(sop)
    walk.accept()
    kinds = allowed_actions(sop, walk.state, actor("pengelola_website", id="p"))
    assert {ActionKind.APPROVE, ActionKind.SEND_BACK, ActionKind.REFUSE} <= set(kinds)


def test_an_unfit_item_ends_refused_with_its_reason_and_its_time_counted():
    sop = bundled_sop(SEED_B)
    walk = prepared(sop)
    walk.accept()
    short = walk.refused(Refuse("jelek"))
    assert short.refusals[0].reason is RefusalReason.INVALID
    assert "paling sedikit 10 karakter" in short.message
    done = walk.do(Refuse("Foto tidak menunjukkan kegiatan; tidak layak tayang."))
    state = done.state
    assert (state.status, state.step, state.published_at) == (Status.REFUSED, None, None)
    assert state.finished_at == walk.now
    (finished,) = [e for e in done.events if isinstance(e, ev.StepFinished)]
    assert (finished.step, finished.outcome) == ("pilah", "refused")
    (ended,) = [e for e in done.events if isinstance(e, ev.Ended)]
    assert (ended.status, ended.label) == ("refused", "Tidak layak tayang")
    # Nothing more can happen to it, not even publishing.
    assert "sudah ditolak" in walk.refused(Approve(), actor("pengelola_website")).message
    assert allowed_actions(sop, state, actor("pengelola_website")) == ()


def test_a_step_without_refuse_offers_no_refusal():
    sop = bundled_sop(SEED_B)
    walk = prepared(sop)
    walk.accept()
    walk.accept()  # pilah → ajukan (the Kepala Dinas decides: no refuse there)
    assert walk.state.step == "ajukan"
    refused = walk.refused(Refuse("Tidak layak tayang karena alasan tertentu."))
    assert refused.refusals[0].reason is RefusalReason.NOT_HERE


def test_whoever_created_or_handed_in_may_cancel_at_any_step_others_may_not():
    sop = bundled_sop(SEED_B)
    walk = prepared(sop)
    creator = actor(*sop.first_step.roles)  # the builders' creator
    walk.accept()
    walk.accept()
    assert ActionKind.CANCEL in allowed_actions(sop, walk.state, creator)
    stranger = actor("kepala_dinas", id="kadis")
    assert ActionKind.CANCEL not in allowed_actions(sop, walk.state, stranger)
    assert "Hanya orang yang membuat" in walk.refused(
        Cancel("Kegiatan batal dilaksanakan."), stranger
    ).message
    done = walk.do(Cancel("Kegiatan batal dilaksanakan oleh panitia."), creator)
    assert (done.state.status, done.state.step) == (Status.CANCELLED, None)
    log = done.events[0]
    assert isinstance(log, ev.ActionLogged) and log.outcome == "cancelled"
    assert [e.status for e in done.events if isinstance(e, ev.Ended)] == ["cancelled"]


def test_a_cancellation_needs_a_reason():
    sop = bundled_sop(SEED_B)
    walk = Walk.begin(sop)
    creator = actor(*sop.first_step.roles)
    refused = walk.refused(Cancel("batal"), creator)
    assert "Alasan pembatalan wajib ditulis" in refused.message
