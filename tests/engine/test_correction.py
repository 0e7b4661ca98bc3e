"""Life after publishing: a correction is a new revision approved again before it replaces
the public one; only the roles the SOP names may start it."""

from __future__ import annotations

import pytest

from tayang.engine import events as ev
from tayang.engine.actions import ActionKind, Approve, Correct, HandIn, Publish
from tayang.engine.machine import allowed_actions
from tayang.engine.state import Status
from tayang.sop import load_text
from tayang.sop.errors import SopDefinitionError

from .builders import Walk, actor

CAMPUS = """
tayang: 1
key: berita-kampus
identity: {organization: Universitas Contoh, name: Berita Kampus}
roles:
  - {key: reporter, name: Reporter}
  - {key: redaktur, name: Redaktur}
  - {key: kepala, name: Kepala Humas}
  - {key: admin, name: Admin Website}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
  - {key: naskah, label: Naskah, kind: longtext}
steps:
  - {key: kirim, activity: Mengirim naskah, kind: handin, roles: [reporter]}
  - {key: sunting, activity: Menyunting, kind: review, roles: [redaktur], reject: kirim,
     editable: [judul, naskah]}
  - {key: setujui, activity: Menyetujui, kind: decision, roles: [kepala], reject: sunting}
  - key: tayangkan
    activity: Menayangkan
    kind: publish
    roles: [admin]
    after_publish:
      take_down: [kepala, admin]
      correct: [redaktur]
      correct_approval: [setujui]
"""


def _published() -> Walk:
    sop = load_text(CAMPUS)
    walk = Walk.begin(sop, values={"judul": "Wisuda", "naskah": "Sebanyak 900 wisudawan."})
    walk.do(HandIn(), actor("reporter", id="rep"))
    walk.do(Approve(), actor("redaktur", id="red"))
    walk.do(Approve(), actor("kepala", id="kep"))
    walk.do(Publish(channels=("website",)), actor("admin", id="adm"))
    assert walk.state.status is Status.FINISHED
    return walk


def test_the_named_role_corrects_and_the_named_approval_is_asked_again():
    walk = _published()
    first_publication = walk.state.published_at
    redaktur = actor("redaktur", id="red")
    assert ActionKind.CORRECT in allowed_actions(walk.sop, walk.state, redaktur)
    assert ActionKind.CORRECT not in allowed_actions(walk.sop, walk.state, actor("admin"))
    started = walk.do(Correct({"naskah": "Sebanyak 912 wisudawan."},
                              "Jumlah wisudawan salah ketik."), redaktur)
    assert (walk.state.status, walk.state.step, walk.state.correcting) == (
        Status.IN_PROGRESS, "setujui", True
    )
    assert walk.state.revision == 2 and "setujui" not in walk.state.passed
    assert [type(e) for e in started.events][:2] == [ev.ActionLogged, ev.ContentChanged]
    # The corrector is not who approves the correction: the Kepala Humas is.
    walk.do(Approve(), actor("kepala", id="kep"))
    assert walk.state.step == "tayangkan"
    published = walk.do(Publish(channels=()), actor("admin", id="adm"))
    (request,) = [e for e in published.events if isinstance(e, ev.PublishRequested)]
    assert request.correction and request.revision == 2
    assert walk.state.status is Status.FINISHED and not walk.state.correcting
    assert walk.state.published_at == first_publication, "first publication time kept"


def test_a_correction_needs_a_change_and_a_reason():
    walk = _published()
    redaktur = actor("redaktur", id="red")
    assert "Tidak ada perubahan" in walk.refused(Correct({"judul": "Wisuda"}, "Tidak ada."),
                                                 redaktur).message
    assert "Alasan koreksi wajib ditulis" in walk.refused(
        Correct({"judul": "Wisuda Desember"}, "typo"), redaktur
    ).message
    assert "hanya dapat dimulai oleh Redaktur" in walk.refused(
        Correct({"judul": "Wisuda Desember"}, "Judul kurang lengkap."), actor("admin", id="a")
    ).message


def test_without_after_publish_nobody_corrects_and_the_publisher_takes_down():
    plain = CAMPUS.split("    after_publish:")[0]
    sop = load_text(plain)
    assert sop.after_publish_roles("correct") == ()
    assert sop.after_publish_roles("take_down") == ("admin",)
    assert load_text(CAMPUS).after_publish_roles("take_down") == ("kepala", "admin")


@pytest.mark.parametrize(("old", "new", "says"), [
    ("correct_approval: [setujui]", "correct_approval: [kirim]", "bukan langkah persetujuan"),
    ("correct_approval: [setujui]", "correct_approval: [setuju]", "langkah «setuju» tidak ada"),
    ("      correct: [redaktur]\n", "", "siapa yang boleh memulai koreksi"),
])
def test_wrong_after_publish_blocks_are_located(old, new, says):
    with pytest.raises(SopDefinitionError) as caught:
        load_text(CAMPUS.replace(old, new))
    (problem,) = caught.value.problems
    assert problem.path.startswith("steps[3].after_publish") and says in problem.message
