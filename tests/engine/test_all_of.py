""""All of" approvals: every named executor approves, in any order, before the step passes."""

from __future__ import annotations

import pytest

from tayang.engine import events as ev
from tayang.engine.actions import ActionKind, Approve, Edit, SendBack
from tayang.engine.machine import allowed_actions
from tayang.sop import load_text
from tayang.sop.document.content import row_text
from tayang.sop.errors import SopDefinitionError

from .builders import Walk, actor

JOINT = """
tayang: 1
key: persetujuan-bersama
identity: {organization: Pengadilan Negeri Contoh, name: Publikasi Putusan}
roles:
  - {key: operator, name: Operator Website}
  - {key: panitera, name: Panitera}
  - {key: humas, name: Hakim Humas}
  - {key: ketua, name: Ketua Pengadilan}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
steps:
  - {key: unggah, activity: Mengunggah naskah, kind: handin, roles: [operator]}
  - key: periksa
    activity: Panitera dan Hakim Humas memeriksa naskah
    kind: review
    roles: [panitera, humas]
    approval: all
    editable: [judul]
    reject: unggah
  - {key: tayangkan, activity: Menayangkan, kind: publish, roles: [operator, ketua]}
"""


def _handed_in() -> Walk:
    sop = load_text(JOINT)
    walk = Walk.begin(sop, values={"judul": "Putusan perkara perdata"})
    walk.accept(who=actor("operator", id="op"))
    assert walk.state.step == "periksa"
    return walk


def test_the_step_passes_only_when_every_executor_approved_in_any_order():
    walk = _handed_in()
    humas = actor("humas", id="hakim")
    first = walk.do(Approve(), humas)
    assert walk.state.step == "periksa", "still waiting for the Panitera"
    assert "menunggu persetujuan Panitera" in first.events[0].detail
    assert [(e.role, e.actor) for e in first.events if isinstance(e, ev.Approved)] == [
        ("humas", "hakim")
    ]
    assert not any(isinstance(e, ev.StepFinished) for e in first.events)
    assert ActionKind.APPROVE not in allowed_actions(walk.sop, walk.state, humas)
    assert "sudah menyetujui langkah 2; menunggu persetujuan Panitera" in walk.refused(
        Approve(), humas
    ).message
    walk.do(Approve(), actor("panitera", id="pan"))
    assert walk.state.step == "tayangkan"
    assert walk.state.passed == ("unggah", "periksa")


def test_one_person_holding_both_roles_cannot_give_both_approvals():
    walk = _handed_in()
    both = actor("panitera", "humas", id="rangkap")
    walk.do(Approve(), both)
    refused = walk.refused(Approve(), both)
    assert "persetujuan pelaksana lainnya harus diberikan orang lain" in refused.message


def test_a_correction_asks_for_the_approvals_again():
    walk = _handed_in()
    walk.do(Approve(), actor("humas", id="hakim"))
    walk.do(Edit({"judul": "Putusan perkara perdata nomor 12"}), actor("panitera", id="pan"))
    walk.do(Approve(), actor("panitera", id="pan"))
    assert walk.state.step == "periksa", "the Hakim Humas approved the old content only"
    walk.do(Approve(), actor("humas", id="hakim"))
    assert walk.state.step == "tayangkan"


def test_a_send_back_clears_the_partial_approvals():
    walk = _handed_in()
    walk.do(Approve(), actor("humas", id="hakim"))
    walk.do(SendBack("Nomor perkara belum dicantumkan pada judul."), actor("panitera", id="p"))
    assert walk.state.step == "unggah" and walk.state.approvals == ()


def test_the_document_says_both_approve():
    sop = load_text(JOINT)
    assert "Disetujui oleh semua: Panitera dan Hakim Humas, dalam urutan apa pun." in row_text(
        sop.step("periksa"), sop
    ).notes


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("approval: all\n", "approval: semua\n", "«semua» tidak dikenal"),
        ("roles: [panitera, humas]", "roles: [panitera]", "paling sedikit dua pelaksana"),
    ],
)
def test_wrong_approval_modes_are_refused(old, new, says):
    with pytest.raises(SopDefinitionError) as caught:
        load_text(JOINT.replace(old, new))
    (problem,) = caught.value.problems
    assert problem.path == "steps[1].approval" and says in problem.message
