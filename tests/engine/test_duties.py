"""Separation of duties: one person cannot hand in, approve and publish an item alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tayang.engine.actions import Approve, Edit, Publish, SendBack
from tayang.engine.machine import RefusalReason, allowed_actions, duty_conflict
from tayang.engine.state import ApprovalMark
from tayang.sop import load_text
from tayang.sop.bundled import bundled_sop
from tayang.sop.model import StepKind

from .builders import Walk, actor, content, prepared

SEED_A = "gunungkidul-dpmptsp-upload-konten"
SEED_B = "bantul-disnakertrans-website-medsos"
SEED_D = "kalteng-disperindag-pengumuman-informasi"


def _every_role(sop, who: str):
    return actor(*(role.key for role in sop.roles), id=who)


def test_a_person_holding_every_role_cannot_run_the_sop_alone():
    """Finding 3 of the security review: an admin granted itself every role."""
    sop = bundled_sop(SEED_A)
    admin = _every_role(sop, "admin-42")
    walk = Walk.begin(sop, values=None)
    walk.fill(content(sop), admin)
    walk.accept(who=admin)  # hands in
    assert walk.state.handed_in_by == ("admin-42",)
    refused = walk.refused(Approve(), admin)
    (refusal,) = refused.refusals
    assert refusal.reason is RefusalReason.SEPARATION
    assert "Anda yang menyerahkan konten ini" in refusal.message
    assert refusal.roles == walk.step.roles and refusal.excluded == ("admin-42",)
    assert Approve().kind not in allowed_actions(sop, walk.state, admin)


def test_consecutive_steps_of_one_executor_are_one_duty_but_a_second_column_is_not():
    sop = bundled_sop(SEED_A)
    walk = prepared(sop)
    walk.accept()  # hand-in by the Tim Pelaksana
    reviewer = actor("tim_pertimbangan", "sekretaris_ppid", id="rina")
    walk.accept(who=reviewer)  # step 2, Tim Pertimbangan receives
    assert walk.state.step == "koreksi"
    walk.accept(who=reviewer)  # step 3, the same Tim Pertimbangan corrects: same column
    assert walk.state.step == "putuskan"
    refused = walk.refused(Approve(), reviewer)
    assert "sudah memberi persetujuan pada langkah 2" in refused.message
    walk.accept(who=actor("sekretaris_ppid", id="sekretaris"))
    assert walk.state.step == "unggah"


def test_an_approver_may_not_approve_what_they_changed_at_an_earlier_step():
    sop = bundled_sop(SEED_A)
    walk = prepared(sop)
    walk.accept()
    walk.accept(who=actor("tim_pertimbangan", id="rina"))
    corrector = actor("tim_pertimbangan", "atasan_ppid", id="budi")
    title = next(f.key for f in sop.fields if f.is_title)
    walk.do(Edit({title: "Sosialisasi perizinan berusaha bagi UMKM"}), corrector)
    assert (walk.state.edited_by, walk.state.edited_at_step) == ("budi", "koreksi")
    walk.accept(who=corrector)  # a correction at the step itself is part of that review
    refused = walk.refused(Approve(), corrector)
    assert "terakhir mengubah isi konten ini (langkah 3)" in refused.message


def test_the_publisher_may_have_edited_when_someone_else_approved_that_revision():
    """Seed B: the Pengelola Website sorts and corrects, the Kepala Dinas approves, the
    Pengelola publishes — allowed, because another person approved the very revision."""
    sop = bundled_sop(SEED_B)
    walk = prepared(sop)
    walk.accept()
    pengelola = actor("pengelola_website", id="pengelola")
    title = next(f.key for f in sop.fields if f.is_title)
    walk.do(Edit({title: "Pelatihan kerja bagi pencari kerja muda Bantul"}), pengelola)
    walk.accept(who=pengelola)
    walk.accept(who=actor("kepala_dinas", id="kadis"))
    assert walk.step.kind is StepKind.PUBLISH
    assert duty_conflict(sop, walk.state, walk.step, pengelola) is None
    # Without that approval on the current revision the editor may not publish alone.
    unapproved = replace(walk.state, approvals=(ApprovalMark("ajukan", "kadis", 1),))
    conflict = duty_conflict(sop, unapproved, walk.step, pengelola)
    assert conflict is not None and "belum ada orang lain" in conflict.message


def test_nobody_publishes_what_they_announced_themselves():
    sop = bundled_sop(SEED_D)
    walk = prepared(sop)
    ppid = actor("ppid_pelaksana", "petugas_ppid", id="ppid")
    walk.accept(who=ppid)
    assert walk.step.kind is StepKind.PUBLISH
    refused = walk.refused(Publish(channels=("website",)), ppid)
    assert refused.refusals[0].reason is RefusalReason.SEPARATION
    walk.accept(who=actor("petugas_ppid", id="petugas"))
    assert walk.state.published_at is not None


def test_a_send_back_releases_the_approvals_it_undoes():
    sop = bundled_sop(SEED_A)
    walk = prepared(sop)
    walk.accept()
    walk.accept(who=actor("tim_pertimbangan", id="rina"))
    walk.accept(who=actor("tim_pertimbangan", id="rina"))
    marks = [(m.step, m.actor) for m in walk.state.approvals]
    assert marks == [("terima", "rina"), ("koreksi", "rina")]
    walk.do(SendBack("Foto kurang jelas, mohon diganti."), actor("sekretaris_ppid", id="sek"))
    assert walk.state.step == "koreksi"
    assert [(m.step, m.actor) for m in walk.state.approvals] == [("terima", "rina")]


RELAXED = """
tayang: 1
key: kantor-satu-orang
identity: {organization: Kantor Kecil, name: Publikasi}
roles:
  - {key: staf, name: Staf}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
steps:
  - {key: serahkan, activity: Menyerahkan, kind: handin, roles: [staf]}
  - {key: setujui, activity: Menyetujui, kind: decision, roles: [staf], reject: serahkan,
     allow_same_person: true}
  - {key: tayangkan, activity: Menayangkan, kind: publish, roles: [staf],
     allow_same_person: true}
"""


@pytest.mark.parametrize("relaxed", [True, False])
def test_a_definition_may_relax_separation_for_a_one_person_office(relaxed):
    text = RELAXED if relaxed else RELAXED.replace("allow_same_person: true", "notes: x")
    sop = load_text(text)
    alone = actor("staf", id="satu")
    walk = Walk.begin(sop, values={"judul": "Rapat"})
    walk.accept(who=alone)
    outcome = walk.try_(Approve(), alone)
    assert (type(outcome).__name__ == "Accepted") is relaxed
