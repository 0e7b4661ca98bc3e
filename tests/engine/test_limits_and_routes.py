"""Field limits hold at hand-in and at every later acceptance; a route selected on the page is
the route the step's button decides with (issue 12, point 11)."""

from __future__ import annotations

from tayang.engine import events as ev
from tayang.engine.actions import Approve, ChooseRoute, Edit, HandIn
from tayang.engine.machine import Accepted, RefusalReason
from tayang.engine.requirements import shown_requirements
from tayang.sop import load_text
from tayang.sop.bundled import bundled_sop
from tayang.sop.model import CheckKind
from tayang.sop.rules import limit_checks

from .builders import ACCEPT_RESPONSE, Walk, actor, prepared

SEED_A = "gunungkidul-dpmptsp-upload-konten"
SEED_C = "dinsos-diy-media-informasi"


def test_a_262_character_title_is_kept_as_a_draft_but_never_handed_in():
    sop = bundled_sop(SEED_A)
    walk = prepared(sop)
    walk.fill({"title": "Sosialisasi " * 22})  # 263 characters once trimmed
    refused = walk.refused(HandIn())
    assert refused.refusals[0].reason is RefusalReason.REQUIREMENTS
    assert "Judul kegiatan terlalu panjang: 263 karakter, paling banyak 200." in refused.message
    assert any(r.check is CheckKind.MAX_LENGTH and r.field == "title"
               for r in shown_requirements(sop, sop.first_step))


def test_a_later_correction_past_the_limit_is_caught_when_the_step_accepts():
    sop = bundled_sop(SEED_A)
    walk = prepared(sop)
    walk.accept()
    walk.accept()  # terima
    assert walk.state.step == "koreksi"
    walk.do(Edit({"title": "Judul " * 40}))
    refused = walk.refused(Approve(response=ACCEPT_RESPONSE))  # the step's tanggapan tertulis
    assert "Judul kegiatan terlalu panjang" in refused.message


LIMITED = """
tayang: 1
key: batas-berkas
identity: {organization: Dinas Contoh, name: Publikasi}
roles:
  - {key: staf, name: Staf}
  - {key: kepala, name: Kepala}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
  - {key: foto, label: Foto kegiatan, kind: media, media_kinds: [photo], max_count: 2}
steps:
  - {key: serahkan, activity: Menyerahkan, kind: handin, roles: [staf]}
  - {key: tayangkan, activity: Menayangkan, kind: publish, roles: [kepala]}
"""


def test_a_media_fields_maximum_count_is_enforced_at_hand_in():
    from tayang.engine.content import MediaInfo
    from tayang.sop.model import MediaKind

    sop = load_text(LIMITED)
    assert [(r.check, r.field) for r in limit_checks(sop)] == [(CheckKind.MAX_COUNT, "foto")]
    photos = tuple(MediaInfo(MediaKind.PHOTO, f"f{n}.jpg", f"Foto kegiatan nomor {n}")
                   for n in range(3))
    walk = Walk.begin(sop, values={"judul": "Rapat", "foto": photos})
    refused = walk.refused(HandIn())
    assert "Foto kegiatan: 3 berkas, paling banyak 2" in refused.message
    walk.fill({"foto": photos[:2]})
    walk.do(HandIn())


def test_the_route_selected_when_pressing_the_button_is_the_route_taken():
    sop = bundled_sop(SEED_C)
    walk = prepared(sop)
    walk.until("filter_pimpinan_unit")
    walk.do(ChooseRoute("category", "kegiatan_rutin"))
    version = walk.state.version
    accepted = walk.do(Approve(route={"category": "kebijakan"}))
    assert isinstance(accepted, Accepted)
    assert walk.state.step == "filter_kepala_dinas", "the Kepala Dinas step now applies"
    assert walk.state.values["category"] == "kebijakan"
    assert walk.state.version == version + 1, "one action, one version"
    log = accepted.events[0]
    assert isinstance(log, ev.ActionLogged) and log.detail.startswith("Rute Jenis informasi")
    assert any(isinstance(e, ev.RouteChosen) for e in accepted.events)


def test_an_unknown_route_refuses_the_whole_action():
    sop = bundled_sop(SEED_C)
    walk = prepared(sop)
    walk.until("filter_pimpinan_unit")
    refused = walk.refused(Approve(route={"category": "rahasia"}))
    assert "Pilihan «rahasia» tidak dikenal" in refused.message
    refused = walk.refused(Approve(route={"title": "x"}), actor("pimpinan_unit"))
    assert "tidak dipilih pada langkah ini" in refused.message
