"""The SOP document of definitions with outside parties: a lane for each party after the roles,
party steps drawn in it, and a send-back chosen by the route drawn once per target with the
values it is taken for (tests/sop/fixtures/parties/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tayang.sop.document.html import render_standalone
from tayang.sop.document.layout import layout
from tayang.sop.loader import load_file

PARTIES = Path(__file__).with_name("fixtures") / "parties"
FILES = sorted(PARTIES.glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_each_party_has_its_lane_and_its_steps_stand_in_it(path):
    sop = load_file(path)
    document = layout(sop)
    assert [c.role for c in document.lanes] == [lane.key for lane in sop.lanes]
    lanes = {column.role: column for column in document.lanes}
    for step in sop.steps:
        if step.party is None:
            continue
        symbol = next(s for s in document.symbols if s.step == step.key)
        lane = lanes[step.party]
        assert lane.x < symbol.box.cx < lane.x + lane.width, step.key
    html = render_standalone(sop)
    for party in sop.parties:
        assert party.name in html


def test_the_courts_send_backs_are_drawn_per_case_type():
    document = layout(load_file(PARTIES / "pn-kembali-kepaniteraan.yaml"))
    rejects = {
        e.transition.target: e.arrows[0].label.text
        for e in document.edges if e.transition.kind.value == "reject"
    }
    assert rejects == {"perbaiki_perdata": "Kembalikan (Perdata)",
                       "perbaiki_pidana": "Kembalikan (Pidana)"}
    forward = {(e.transition.source, e.transition.target) for e in document.edges
               if e.transition.kind.value == "next"}
    assert ("unggah", "periksa") in forward
    assert ("unggah", "perbaiki_perdata") not in forward
