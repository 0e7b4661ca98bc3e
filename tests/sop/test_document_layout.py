"""The SOP document's layout: symbols in the lanes, an arrow for every transition, pages.

What is counted here is what both renderers draw (tests/sop/test_document_html.py and
test_document_pdf.py check that they draw it). The arrows expected are computed from the
definition on their own, not by the module under test.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from tayang.sop import flow
from tayang.sop.bundled import bundled_sops
from tayang.sop.document.geometry import BODY_HEIGHT, TABLE_WIDTH, Box, Point
from tayang.sop.document.layout import DocumentLayout, Symbol, SymbolKind, layout
from tayang.sop.loader import load_file
from tayang.sop.model import END, Sop, StepKind

from .document_sops import long_sop
from .test_bundled import SEEDS

FULL_EXAMPLE = Path(__file__).with_name("fixtures") / "full-example.yaml"

KEYS = sorted(bundled_sops())


@pytest.fixture(scope="module")
def documents() -> dict[str, DocumentLayout]:
    return {key: layout(sop) for key, sop in bundled_sops().items()}


@pytest.fixture(scope="module")
def long_document() -> DocumentLayout:
    return layout(long_sop())


def expected_arrows(sop: Sop) -> set[tuple[str, str, str]]:
    """Every way out of every step, and every way around a conditional step.

    The last activity is drawn as the end terminator, so its way to the end needs no arrow;
    when the last step is a decision the end is a symbol of its own and every way there is
    drawn.
    """
    last = sop.steps[-1]
    arrows = set()
    for step in sop.steps:
        for kind, target in flow.edges(step):
            if target == END and step is last and last.kind is not StepKind.DECISION:
                continue
            arrows.add((kind, step.key, target))
        if step.next != END and sop.step(step.next).condition is not None:
            arrows.add(("skip", step.key, sop.step(step.next).next))
    return arrows


def drawn_arrows(document: DocumentLayout) -> set[tuple[str, str, str]]:
    return {
        (edge.transition.kind.value, edge.transition.source, edge.transition.target)
        for edge in document.edges
    }


def step_symbol(document: DocumentLayout, key: str) -> Symbol:
    return next(s for s in document.symbols if s.step == key)


def node_of(document: DocumentLayout, key: str) -> Symbol:
    if key == END:
        return next(s for s in document.symbols if s.id == "end")
    return step_symbol(document, key)


def on_boundary(point: Point, box: Box) -> bool:
    close = 0.01
    inside_x = box.left - close <= point.x <= box.right + close
    inside_y = box.top - close <= point.y <= box.bottom + close
    on_x = abs(point.x - box.left) < close or abs(point.x - box.right) < close
    on_y = abs(point.y - box.top) < close or abs(point.y - box.bottom) < close
    return inside_x and inside_y and (on_x or on_y)


# --- symbols ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_one_symbol_per_step_of_the_right_kind(documents, key):
    document = documents[key]
    sop = document.sop
    decisions = sum(1 for step in sop.steps if step.kind is StepKind.DECISION)
    assert document.count(SymbolKind.TERMINATOR) == 2
    assert document.count(SymbolKind.DECISION) == decisions
    assert document.count(SymbolKind.PROCESS) == len(sop.steps) - decisions - 2
    assert document.count(SymbolKind.CONNECTOR) == 0  # every seed fits one page
    assert [s.step for s in document.symbols if s.step] == [step.key for step in sop.steps]
    first, last = step_symbol(document, sop.steps[0].key), step_symbol(document, sop.steps[-1].key)
    assert (first.kind, first.label) == (SymbolKind.TERMINATOR, "Mulai")
    assert (last.kind, last.label) == (SymbolKind.TERMINATOR, "Selesai")


def test_seed_counts_written_out(documents):
    """The same counts, spelled out per seed as a reader of the document would count them."""
    counts = {
        key: (document.count(SymbolKind.TERMINATOR), document.count(SymbolKind.PROCESS),
              document.count(SymbolKind.DECISION), len(document.edges))
        for key, document in documents.items()
    }
    assert counts == {
        "gunungkidul-dpmptsp-upload-konten": (2, 2, 1, 7),  # 4 next, 3 back
        # 3 next, 2 back (the sorting step may return material to the Peliput)
        "bantul-disnakertrans-website-medsos": (2, 1, 1, 5),
        "dinsos-diy-media-informasi": (2, 3, 2, 9),  # 6 next, 2 back, 1 around
        "kalteng-disperindag-pengumuman-informasi": (2, 0, 0, 2),  # 1 next, 1 back
        "kalteng-disperindag-upload-medsos": (2, 1, 2, 7),  # 4 next, 3 back
    }


@pytest.mark.parametrize("key", KEYS)
def test_symbols_stand_in_their_lanes_and_rows(documents, key):
    document = documents[key]
    lanes = {column.role: column for column in document.lanes}
    for symbol in document.symbols:
        if not symbol.step:
            continue
        step = document.sop.step(symbol.step)
        left = min(lanes[role].x for role in step.lanes)
        right = max(lanes[role].x + lanes[role].width for role in step.lanes)
        assert left < symbol.box.left < symbol.box.right < right, step.key
        assert any(lanes[role].x < symbol.box.cx < lanes[role].x + lanes[role].width
                   for role in step.lanes)
        row = next(r for page in document.pages for r in page.rows if r.step == step.key)
        assert row.page == symbol.page
        assert row.y < symbol.box.top < symbol.box.bottom < row.y + row.height


# --- arrows -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_an_arrow_for_every_transition_including_rejections(documents, key):
    document = documents[key]
    assert drawn_arrows(document) == expected_arrows(document.sop)
    assert len(document.edges) == len(drawn_arrows(document))  # none drawn twice
    rejections = {(s.key, s.reject) for s in document.sop.steps if s.reject}
    assert rejections  # every seed sends back somewhere
    assert rejections <= {(e.transition.source, e.transition.target) for e in document.edges
                          if e.transition.kind.value == "reject"}


def test_the_arrow_around_the_conditional_step(documents):
    document = documents["dinsos-diy-media-informasi"]
    skip = next(e for e in document.edges if e.transition.kind.value == "skip")
    assert (skip.transition.source, skip.transition.target) == (
        "filter_pimpinan_unit", "tampilkan"
    )
    arrow = skip.arrows[0]
    assert arrow.label is not None and arrow.label.text == "Kegiatan biasa rutin"
    passed = step_symbol(document, "filter_kepala_dinas").box
    assert not any(_cuts(a, b, passed) for a, b in pairwise(arrow.points))


@pytest.mark.parametrize("key", KEYS)
def test_decisions_are_labelled_with_the_sops_own_words(documents, key):
    document = documents[key]
    for step in document.sop.steps_of_kind(StepKind.DECISION):
        labels = {
            e.transition.kind.value: e.arrows[0].label.text
            for e in document.edges
            if e.transition.source == step.key and e.arrows[0].label is not None
            and e.transition.kind.value in ("next", "reject")
        }
        assert labels == {"next": step.decision.accept_label,
                          "reject": step.decision.reject_label}


def test_seed_e_says_terima_and_tolak(documents):
    document = documents["kalteng-disperindag-upload-medsos"]
    texts = {e.arrows[0].label.text for e in document.edges if e.arrows[0].label}
    assert {"Terima", "Tolak"} <= texts
    assert not {"Ya", "Tidak"} & texts


@pytest.mark.parametrize("key", [*KEYS, "long"])
def test_arrows_join_their_symbols_and_cut_through_none(documents, long_document, key):
    document = long_document if key == "long" else documents[key]
    for edge in document.edges:
        source = node_of(document, edge.transition.source)
        target = node_of(document, edge.transition.target)
        ends = [source, target]
        if edge.connector:
            connectors = [s for s in document.symbols
                          if s.kind is SymbolKind.CONNECTOR and s.label == edge.connector]
            out = next(s for s in connectors if s.direction == "out" and s.page == source.page)
            into = next(s for s in connectors if s.direction == "in")
            ends = [source, out, into, target]
        assert len(edge.arrows) == len(ends) // 2
        for index, arrow in enumerate(edge.arrows):
            start, end = ends[2 * index], ends[2 * index + 1]
            assert arrow.page == start.page == end.page
            assert on_boundary(arrow.points[0], start.box), edge.id
            assert on_boundary(arrow.points[-1], end.box), edge.id
            others = [s for s in document.symbols_on(arrow.page) if s.id not in
                      (start.id, end.id)]
            for a, b in pairwise(arrow.points):
                assert a.x == b.x or a.y == b.y, f"{edge.id}: not orthogonal"
                for other in others:
                    assert not _cuts(a, b, other.box), f"{edge.id} cuts {other.id}"
            assert len(arrow.head) == 3


@pytest.mark.parametrize("key", KEYS)
def test_rejections_go_back_up(documents, key):
    document = documents[key]
    for edge in document.edges:
        if edge.transition.kind.value == "reject":
            source = step_symbol(document, edge.transition.source)
            target = step_symbol(document, edge.transition.target)
            assert target.box.cy < source.box.cy
            assert edge.arrows[-1].points[-1].y <= source.box.cy


def _cuts(a: Point, b: Point, box: Box) -> bool:
    """Whether the segment a-b passes through the inside of ``box``."""
    inset = 0.5
    left, right, top, bottom = box.left + inset, box.right - inset, box.top + inset, \
        box.bottom - inset
    if a.y == b.y:
        return top < a.y < bottom and min(a.x, b.x) < right and max(a.x, b.x) > left
    return left < a.x < right and min(a.y, b.y) < bottom and max(a.y, b.y) > top


# --- table and pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_columns_and_rows_of_the_procedure_table(documents, key):
    document = documents[key]
    sop = document.sop
    assert [c.key for c in document.columns] == [
        "no", "activity", *(["lane"] * len(sop.roles)), "requirements", "time", "output",
        "notes",
    ]
    assert [c.title for c in document.lanes] == [role.name for role in sop.roles]
    assert sum(c.width for c in document.columns) == pytest.approx(TABLE_WIDTH)
    for left, right in pairwise(document.columns):
        assert left.x + left.width == pytest.approx(right.x)
    rows = [row for page in document.pages for row in page.rows]
    assert [row.step for row in rows] == [step.key for step in sop.steps]
    for page in document.pages:
        assert page.height <= BODY_HEIGHT
        tops = [row.y for row in page.rows]
        assert tops[0] == pytest.approx(document.header_height)
        for row, following in pairwise(page.rows):
            assert row.y + row.height == pytest.approx(following.y)


def test_a_long_sop_spans_pages_joined_by_off_page_connectors(long_document):
    document = long_document
    assert len(document.pages) >= 3
    for page in document.pages:
        assert page.height <= BODY_HEIGHT
    connectors = [s for s in document.symbols if s.kind is SymbolKind.CONNECTOR]
    letters = {s.label for s in connectors}
    for letter in letters:
        arriving = [s for s in connectors if s.label == letter and s.direction == "in"]
        leaving = [s for s in connectors if s.label == letter and s.direction == "out"]
        assert len(arriving) == 1 and leaving  # arrows into one symbol share its letter
        assert len({s.page for s in leaving}) == len(leaving)
        assert arriving[0].page not in {s.page for s in leaving}
    split = [edge for edge in document.edges if edge.connector]
    assert {edge.connector for edge in split} == letters
    for edge in split:
        assert len(edge.arrows) == 2
        assert edge.arrows[0].page != edge.arrows[1].page
    # Every "Tolak" from later pages back to step 2 ends at one connector beside it.
    back = {e.connector for e in split if e.transition.target == "s2"}
    assert len(back) == 1 and len([e for e in split if e.transition.target == "s2"]) > 1
    # The main flow goes on over every page break, leaving at the foot and arriving at the head.
    for before, after in pairwise(document.pages):
        last, first = before.rows[-1], after.rows[0]
        onward = next(e for e in split
                      if (e.transition.source, e.transition.target) == (last.step, first.step))
        out_connector = next(s for s in connectors if s.label == onward.connector
                             and s.direction == "out" and s.page == before.index)
        in_connector = next(s for s in connectors
                            if s.label == onward.connector and s.direction == "in")
        assert out_connector.box.top > step_symbol(document, last.step).box.bottom
        assert in_connector.box.bottom < step_symbol(document, first.step).box.top
        assert last.bottom_zone > 0 and first.top_zone > 0


def test_a_long_sop_draws_every_transition_and_ends_in_a_terminator_of_its_own(long_document):
    document = long_document
    sop = document.sop
    assert drawn_arrows(document) == expected_arrows(sop)
    decisions = sum(1 for step in sop.steps if step.kind is StepKind.DECISION)
    assert document.count(SymbolKind.TERMINATOR) == 2
    assert document.count(SymbolKind.DECISION) == decisions
    assert document.count(SymbolKind.PROCESS) == len(sop.steps) - decisions - 1
    end = next(s for s in document.symbols if s.id == "end")
    assert end.label == "Selesai"
    last = step_symbol(document, sop.steps[-1].key)
    assert end.page == last.page and end.box.top > last.box.bottom


def test_the_full_example_of_the_format_lays_out():
    document = layout(load_file(FULL_EXAMPLE))
    assert drawn_arrows(document) == expected_arrows(document.sop)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_the_seeds_executor_columns_are_the_lanes(documents, seed):
    document = documents[seed.key]
    assert tuple(c.title for c in document.lanes) == seed.roles
