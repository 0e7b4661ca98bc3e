"""SOPs of agencies we have not met, written in Tayang's format (tests/sop/fixtures/agencies/):
each loads, walks from hand-in to its end through the engine, and says what only it says."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tayang.engine import events as ev
from tayang.engine.actions import Approve, ChooseRoute, HandIn, Publish, Refuse
from tayang.engine.state import Status
from tayang.sop.loader import load_file
from tayang.sop.model import Sop, StepKind, TimeKind
from tests.engine.builders import Walk, actor, confirmations, content

AGENCIES = Path(__file__).with_name("fixtures") / "agencies"
FILES = sorted(AGENCIES.glob("*.yaml"))


def walk_to_the_end(sop: Sop, route: dict[str, str] | None = None) -> Walk:
    """Hand in, then let a different person of each executor accept each step, every one of an
    "all of" step's roles in turn, choosing ``route`` where a step chooses."""
    zone = ZoneInfo(sop.timezone)
    values = content(sop)
    walk = Walk.begin(sop, values=values, at=datetime(2026, 12, 1, 9, 0, tzinfo=zone))
    for _ in range(3 * len(sop.steps)):
        if not walk.state.is_active:
            return walk
        step = walk.step
        for key in step.chooses:
            if route and key in route and walk.state.values.get(key) != route[key]:
                walk.do(ChooseRoute(key, route[key]), actor(step.roles[0], id="pemilih"))
        ticked = confirmations(step)
        if step.kind is StepKind.HANDIN:
            walk.do(HandIn(ticked), actor(step.roles[0], id=f"{step.roles[0]}-1"))
        elif step.kind is StepKind.PUBLISH:
            # Another person than the one who handed in (separation of duties).
            walk.do(Publish(channels=("website",), confirmed=ticked),
                    actor(step.roles[-1], id=f"{step.roles[-1]}-2"))
        elif step.approval_by_all:
            for role in step.roles:
                walk.do(Approve(confirmed=ticked), actor(role, id=f"{role}-1"))
        else:
            walk.do(Approve(confirmed=ticked), actor(step.roles[0], id=f"{step.roles[0]}-1"))
    raise AssertionError(f"{sop.key} never ended")


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_each_agency_definition_walks_from_hand_in_to_publication(path):
    sop = load_file(path)
    walk = walk_to_the_end(sop)
    assert walk.state.status is Status.FINISHED
    assert walk.state.published_at is not None
    published = [e for e in walk.events if isinstance(e, ev.PublishRequested)]
    assert len(published) == 1


def test_at_least_six_agencies_are_written_out():
    assert len(FILES) >= 6


def test_the_university_refuses_unfit_material_and_keeps_notes_internal():
    sop = load_file(AGENCIES / "universitas-humas.yaml")
    assert sop.field("catatan").internal
    assert sop.step("sunting").time.kind is TimeKind.WORKDAYS
    walk = Walk.begin(sop, values=content(sop))
    walk.do(HandIn(), actor("reporter", id="r"))
    walk.do(Refuse("Foto tidak menggambarkan kegiatan wisuda."), actor("redaktur", id="e"))
    assert walk.state.status is Status.REFUSED


def test_the_police_need_both_officials_before_the_head_decides():
    sop = load_file(AGENCIES / "polda-akurasi-informasi.yaml")
    walk = Walk.begin(sop, values=content(sop))
    walk.do(HandIn(), actor("operator", id="op"))
    walk.do(Approve(), actor("kasubbid_pid", id="pid"))
    assert walk.state.step == "verifikasi"
    walk.do(Approve(), actor("kasubbid_multimedia", id="mm"))
    assert walk.state.step == "setujui"
    assert {sop.step(k).time.text for k in ("susun", "verifikasi", "setujui")} == {
        "1 x 24 jam", "1 jam 30 menit", "1,5 jam"
    }
    assert (sop.step("susun").time.target, sop.step("setujui").time.target) == (24, 90)


@pytest.mark.parametrize(("kind", "path"), [
    ("berita", ["ajukan", "verifikasi", "unggah"]),
    ("pengumuman", ["ajukan", "verifikasi", "setujui", "unggah"]),
])
def test_the_regency_routes_announcements_through_the_head_of_division(kind, path):
    sop = load_file(AGENCIES / "kabupaten-website.yaml")
    walk = walk_to_the_end(sop, {"jenis": kind})
    entered = [e.step for e in walk.events if isinstance(e, ev.StepEntered)]
    assert entered == path


def test_the_court_may_exempt_a_decision_from_publication():
    sop = load_file(AGENCIES / "pengadilan-putusan.yaml")
    walk = Walk.begin(sop, values=content(sop))
    walk.do(HandIn(), actor("operator", id="op"))
    walk.do(Approve(), actor("panitera", id="pan"))
    walk.do(Approve(), actor("hakim_humas", id="hakim"))
    walk.do(Refuse("Perkara anak: putusan dikecualikan dari publikasi."), actor("ketua", id="k"))
    assert walk.state.status is Status.REFUSED
    (ended,) = walk.of(ev.Ended)
    assert ended.label == "Dikecualikan dari publikasi"


def test_the_provincial_office_may_publish_its_own_release():
    sop = load_file(AGENCIES / "provinsi-siaran-pers.yaml")
    assert sop.step("susun").time.target == -2
    staf = actor("staf_humas", id="staf")
    walk = Walk.begin(sop, values=content(sop))
    walk.do(HandIn(), staf)
    walk.do(ChooseRoute("bobot", "biasa"), actor("sekretaris", id="sek"))
    walk.do(Approve(), actor("sekretaris", id="sek"))
    assert walk.state.step == "sebarkan"
    walk.do(Publish(channels=("website",)), staf)  # allowed: a small office
    assert walk.state.status is Status.FINISHED


def test_the_ppid_exempts_after_the_consequence_test():
    sop = load_file(AGENCIES / "ppid-uji-konsekuensi.yaml")
    assert sop.step("uji").time.target == 10
    walk = Walk.begin(sop, values=content(sop))
    walk.do(HandIn(), actor("ppid_pelaksana", id="ppid"))
    walk.do(Approve(), actor("tim_uji", id="tim"))
    walk.do(Refuse("Informasi memuat data pribadi pasien; dikecualikan."),
            actor("atasan_ppid", id="atasan"))
    assert walk.state.status is Status.REFUSED
