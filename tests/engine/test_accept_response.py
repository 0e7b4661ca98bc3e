"""A step whose acceptance produces a written response (*tanggapan tertulis*) gets one.

Seed A's and E's Tim Pertimbangan answer every hand-in in writing ("Tanggapan tertulis dari Tim
Pertimbangan"), not only the ones they send back: accepting there requires the response, and the
engine emits it as a :class:`~tayang.engine.events.ResponseWritten` of kind ``accepted``.
"""

from __future__ import annotations

from tayang.engine import events as ev
from tayang.engine.actions import Approve, SendBack
from tayang.engine.machine import RefusalReason
from tayang.sop import load_text
from tayang.sop.bundled import bundled_sop

from .builders import ACCEPT_RESPONSE, Walk, actor, prepared

SEED_A = "gunungkidul-dpmptsp-upload-konten"
SEED_B = "bantul-disnakertrans-website-medsos"
SEED_E = "kalteng-disperindag-upload-medsos"


def _at_review(key: str) -> Walk:
    walk = prepared(bundled_sop(key))
    walk.accept()  # handed in
    assert walk.step.accept_response
    return walk


def test_accepting_without_the_response_is_refused_and_changes_nothing():
    walk = _at_review(SEED_A)
    before = walk.state
    for response in ("", "   ", "Oke sip."):
        refused = walk.refused(Approve(response=response))
        assert refused.refusals[0].reason is RefusalReason.INVALID
        assert "Tanggapan tertulis wajib diisi untuk «Terima» (paling sedikit 10 karakter)" in (
            refused.message
        )
        assert "(Tanggapan tertulis dari Tim Pertimbangan)" in refused.message
    assert walk.state == before


def test_accepting_writes_the_response_and_says_where_the_item_went():
    walk = _at_review(SEED_A)
    accepted = walk.do(Approve(response="  Dokumentasi lengkap, narasi sudah sesuai.  "))
    written = [e for e in accepted.events if isinstance(e, ev.ResponseWritten)]
    assert written == [
        ev.ResponseWritten(
            "terima", "koreksi", "tim_pertimbangan", written[0].actor, "Terima",
            "Dokumentasi lengkap, narasi sudah sesuai.", written[0].at,
            kind=ev.ResponseKind.ACCEPTED,
        )
    ]
    assert any(isinstance(e, ev.Approved) and e.step == "terima" for e in accepted.events)
    assert walk.state.step == "koreksi"
    logged = accepted.events[0]
    assert isinstance(logged, ev.ActionLogged)
    assert "Dokumentasi lengkap" in logged.detail


def test_seed_e_answers_in_writing_at_every_step_up_to_the_upload():
    walk = _at_review(SEED_E)
    targets = []
    while walk.step.accept_response:
        accepted = walk.do(Approve(response=ACCEPT_RESPONSE), actor(*walk.step.roles,
                                                                   id=walk.step.key))
        targets += [(e.step, e.to_step) for e in accepted.events
                    if isinstance(e, ev.ResponseWritten)]
    assert targets == [("terima", "koreksi"), ("koreksi", "putuskan"), ("putuskan", "unggah")]
    assert walk.state.step == "unggah"


def test_a_response_where_the_step_writes_none_is_refused():
    walk = prepared(bundled_sop(SEED_B))
    walk.accept()
    assert walk.state.step == "pilah" and not walk.step.accept_response
    refused = walk.refused(Approve(response="Sudah dipilah dan layak tayang."))
    assert refused.refusals[0].reason is RefusalReason.INVALID
    assert "tidak menghasilkan tanggapan tertulis saat disetujui" in refused.message


JOINT = """
tayang: 1
key: jawaban-tertulis-bersama
identity: {organization: Pengadilan Negeri Contoh, name: Publikasi Putusan}
roles:
  - {key: operator, name: Operator Website}
  - {key: panitera, name: Panitera}
  - {key: humas, name: Hakim Humas}
  - {key: ketua, name: Ketua Pengadilan}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
  - key: jenis
    label: Jenis perkara
    kind: choice
    choices: {perdata: Perdata, pidana_anak: Pidana anak}
steps:
  - {key: unggah, activity: Mengunggah naskah, kind: handin, roles: [operator],
     chooses: [jenis]}
  - key: periksa
    activity: Panitera dan Hakim Humas memeriksa dan menanggapi naskah
    kind: review
    roles: [panitera, humas]
    approval: all
    accept_response: true
    reject: unggah
    output: Tanggapan tertulis pemeriksa
  - key: ketua
    activity: Ketua memeriksa putusan pidana anak
    kind: decision
    roles: [ketua]
    reject: periksa
    when: {field: jenis, in: [pidana_anak]}
  - {key: tayangkan, activity: Menayangkan, kind: publish, roles: [operator]}
"""


def test_all_of_each_approver_writes_and_the_last_one_sends_it_past_a_skipped_step():
    sop = load_text(JOINT)
    walk = Walk.begin(sop, values={"judul": "Putusan perkara perdata", "jenis": "perdata"})
    walk.accept(who=actor("operator", id="op"))
    first = walk.do(Approve(response="Panitera: amar putusan sudah sesuai salinan."),
                    actor("panitera", id="pan"))
    last = walk.do(Approve(response="Humas: identitas para pihak sudah disamarkan."),
                   actor("humas", id="hakim"))
    written = [
        (e.role, e.to_step, e.kind)
        for outcome in (first, last) for e in outcome.events if isinstance(e, ev.ResponseWritten)
    ]
    # The first waits for the other approval; the last goes on, past the Ketua's step that
    # does not apply to a civil case.
    assert written == [
        ("panitera", "", ev.ResponseKind.ACCEPTED),
        ("humas", "tayangkan", ev.ResponseKind.ACCEPTED),
    ]
    assert walk.state.step == "tayangkan"


def test_a_send_back_is_still_a_response_of_its_own_kind():
    walk = _at_review(SEED_A)
    outcome = walk.do(SendBack("Foto kurang tajam; mohon diganti."))
    written = [e for e in outcome.events if isinstance(e, ev.ResponseWritten)]
    assert [(e.kind, e.to_step) for e in written] == [(ev.ResponseKind.SENT_BACK, "serahkan")]
