"""Outside parties in the engine: a party answers or sends back at its own steps only, always
in writing; a send-back chosen by the route reaches the party of the item's route; a step
only reached on return is never on the way forward (tests/sop/fixtures/parties/)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tayang.engine import events as ev
from tayang.engine.actions import ActionKind, Approve, Edit, HandIn, Publish, SendBack
from tayang.engine.machine import allowed_actions
from tayang.engine.refusals import RefusalReason
from tayang.engine.state import Status
from tayang.sop import flow
from tayang.sop.document.transitions import TransitionKind, transitions
from tayang.sop.loader import load_file
from tests.engine.builders import Walk, actor, content

PARTIES = Path(__file__).parents[1] / "sop" / "fixtures" / "parties"
POLICE = load_file(PARTIES / "polres-verifikasi-satker.yaml")
COURT = load_file(PARTIES / "pn-kembali-kepaniteraan.yaml")
UNIT = actor("satker_pengolah", id="party-7")
ANSWER = "Data jumlah kejadian sudah kami cocokkan dengan laporan polisi: akurat."


def police_at_verification() -> Walk:
    walk = Walk.begin(POLICE, values=content(POLICE))
    walk.do(HandIn(), actor("operator", id="op"))
    assert walk.state.step == "verifikasi"
    return walk


def test_the_party_is_its_own_column_and_the_step_names_it():
    step = POLICE.step("verifikasi")
    assert step.party == "satker_pengolah"
    assert step.roles == step.lanes == ("satker_pengolah",)
    assert step.accept_response  # a party always answers in writing
    assert [lane.key for lane in POLICE.lanes] == ["operator", "kasi_humas", "satker_pengolah"]
    assert POLICE.role("satker_pengolah").name == "Satuan kerja pengolah informasi"
    assert POLICE.is_party("satker_pengolah") and not POLICE.is_party("operator")


def test_the_party_may_answer_or_send_back_and_nothing_else():
    walk = police_at_verification()
    assert allowed_actions(POLICE, walk.state, UNIT) == (ActionKind.APPROVE,
                                                         ActionKind.SEND_BACK)
    refused = walk.refused(Edit({"rilis": "Diubah pihak luar"}), UNIT)
    assert "tidak tersedia" in refused.message
    # Members hold no party key: not even the head of public relations answers for it.
    for member in (actor("operator", id="op2"), actor("kasi_humas", id="kasi")):
        assert allowed_actions(POLICE, walk.state, member) == ()
        assert walk.refused(Approve(response=ANSWER), member).refusals[0].reason is (
            RefusalReason.WRONG_ROLE)


def test_the_party_answers_in_writing_and_the_item_moves_on():
    walk = police_at_verification()
    refused = walk.refused(Approve(), UNIT)
    assert "Tanggapan tertulis wajib" in refused.message
    walk.do(Approve(response=ANSWER), UNIT)
    assert walk.state.step == "setujui"
    (written,) = walk.of(ev.ResponseWritten)
    assert (written.kind, written.text, written.actor) == (ev.ResponseKind.ACCEPTED, ANSWER,
                                                           "party-7")
    assert written.label == "Data akurat"
    walk.do(Approve(), actor("kasi_humas", id="kasi"))
    walk.do(Publish(channels=("website",)), actor("operator", id="op-2"))
    assert walk.state.status is Status.FINISHED


def test_the_party_sends_back_to_the_step_the_definition_names():
    walk = police_at_verification()
    walk.do(SendBack("Jumlah korban pada paragraf dua belum sesuai laporan."), UNIT)
    assert (walk.state.step, walk.state.status) == ("susun", Status.RETURNED)
    walk.do(HandIn(), actor("operator", id="op"))
    assert walk.state.step == "verifikasi"  # the party is asked again


@pytest.mark.parametrize(("case", "party_step", "party"), [
    ("perdata", "perbaiki_perdata", "kepaniteraan_perdata"),
    ("pidana", "perbaiki_pidana", "kepaniteraan_pidana"),
])
def test_the_court_sends_back_to_the_clerks_office_of_the_case_type(case, party_step, party):
    walk = Walk.begin(COURT, values={**content(COURT), "jenis_perkara": case})
    walk.do(HandIn(), actor("petugas", id="petugas-1"))
    # The clerk's offices are passed over on the way forward, and not recorded as skipped.
    assert walk.state.step == "periksa"
    assert not walk.of(ev.StepSkipped)
    assert [s.key for s in flow.path(COURT, walk.state.values)] == [
        "unggah", "periksa", "publikasikan"]
    walk.do(SendBack("Nama saksi pada halaman 3 belum dianonimkan."),
            actor("panmud_hukum", id="panmud"))
    assert walk.state.step == party_step
    other = "kepaniteraan_pidana" if party == "kepaniteraan_perdata" else "kepaniteraan_perdata"
    assert allowed_actions(COURT, walk.state, actor(other, id="other")) == ()
    clerk = actor(party, id=f"{party}-office")
    assert allowed_actions(COURT, walk.state, clerk) == (ActionKind.APPROVE,)
    walk.do(Approve(response="Salinan diperbaiki dan dikirim ulang lewat e-mail."), clerk)
    assert walk.state.step == "periksa"
    walk.do(Approve(), actor("panmud_hukum", id="panmud"))
    walk.do(Publish(channels=("website",)), actor("petugas", id="petugas-2"))
    assert walk.state.status is Status.FINISHED


def test_a_send_back_chosen_by_the_route_waits_for_the_route():
    walk = Walk.begin(COURT, values={**content(COURT), "jenis_perkara": "pidana"})
    walk.do(HandIn(), actor("petugas", id="petugas-1"))
    walk.state = replace(walk.state, values={**walk.state.values, "jenis_perkara": ""})
    refused = walk.refused(SendBack("Anonimisasi belum lengkap di halaman 3."),
                           actor("panmud_hukum", id="panmud"))
    assert "Pilih Jenis perkara lebih dulu" in refused.message


def test_the_document_draws_the_route_send_backs_and_goes_past_return_only_steps():
    arrows = {(t.kind, t.source, t.target): t.label for t in transitions(COURT)}
    assert arrows[(TransitionKind.NEXT, "unggah", "periksa")] == ""
    assert (TransitionKind.NEXT, "unggah", "perbaiki_perdata") not in arrows
    assert arrows[(TransitionKind.REJECT, "periksa", "perbaiki_perdata")] == (
        "Kembalikan (Perdata)")
    assert arrows[(TransitionKind.REJECT, "periksa", "perbaiki_pidana")] == (
        "Kembalikan (Pidana)")
