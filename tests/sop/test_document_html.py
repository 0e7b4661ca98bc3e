"""The SOP document as HTML: the same texts as the PDF, and a flowchart SVG whose symbols and
arrows are counted by their classes and ``data-`` attributes."""

from __future__ import annotations

import pytest

from tayang.sop.bundled import bundled_sops
from tayang.sop.document.html import render_fragment, render_standalone
from tayang.sop.document.layout import layout
from tayang.sop.document.svg import page_svg
from tayang.sop.model import StepKind

from .document_reading import html_text, read_html, squash, with_class
from .document_sops import long_sop
from .test_bundled import SEEDS, Seed
from .test_document_layout import expected_arrows


@pytest.fixture(scope="module")
def fragments() -> dict[str, str]:
    return {key: render_fragment(layout(sop)) for key, sop in bundled_sops().items()}


def transition_key(kind: str, source: str, target: str) -> str:
    return f"{kind}:{source}:{target}"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_every_step_of_the_seed_is_on_the_page(fragments, seed: Seed):
    html = fragments[seed.key]
    text = squash(html_text(html))
    for number, step in enumerate(seed.steps, start=1):
        for piece in (step.activity, step.time, step.output, *step.requirements, *step.notes):
            assert squash(piece) in text, f"step {number}: {piece!r}"
    for piece in (seed.organization, seed.name, *seed.legal_bases, *seed.qualifications,
                  *seed.related_sops, *seed.equipment, *seed.warnings, *seed.records):
        assert squash(piece) in text, piece


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_each_row_names_its_executors(fragments, seed: Seed):
    """The lane header names every executor; each row says in words whose lanes it is drawn
    in (for screen readers), in the seed's own columns."""
    reader = read_html(fragments[seed.key])
    lanes = [e for e in reader.elements if e.tag == "th" and "lane" in e.classes]
    assert [squash("".join(e.text)) for e in lanes[: len(seed.roles)]] == [
        squash(role) for role in seed.roles
    ]
    rows = [e for e in reader.elements if e.tag == "tr" and "data-step" in e.attrs]
    sop = bundled_sops()[seed.key]
    assert [row.attrs["data-step"] for row in rows] == [step.key for step in sop.steps]
    for row, step in zip(rows, seed.steps, strict=True):
        for column in step.columns:
            assert squash(column) in squash("".join(row.text))


@pytest.mark.parametrize("key", sorted(bundled_sops()))
def test_the_flowchart_has_the_right_symbols(fragments, key):
    html = fragments[key]
    sop = bundled_sops()[key]
    decisions = sum(1 for step in sop.steps if step.kind is StepKind.DECISION)
    assert len(with_class(html, "symbol-terminator")) == 2
    assert len(with_class(html, "symbol-decision")) == decisions
    assert len(with_class(html, "symbol-process")) == len(sop.steps) - decisions - 2
    symbols = with_class(html, "symbol")
    assert sorted(e.attrs["data-step"] for e in symbols if "data-step" in e.attrs) == sorted(
        step.key for step in sop.steps
    )
    terminators = {e.attrs["data-step"]: "".join(e.text)  # its <title>, then its label
                   for e in with_class(html, "symbol-terminator")}
    assert terminators[sop.steps[0].key].endswith("Mulai")
    assert terminators[sop.steps[-1].key].endswith("Selesai")


@pytest.mark.parametrize("key", sorted(bundled_sops()))
def test_an_arrow_for_every_transition_with_its_head(fragments, key):
    html = fragments[key]
    sop = bundled_sops()[key]
    edges = with_class(html, "edge")
    drawn = {key for e in edges for key in e.attrs["data-edges"].split()}
    assert drawn == {transition_key(*arrow) for arrow in expected_arrows(sop)}
    by_kind = {kind: sum(1 for e in edges if e.attrs["data-kind"] == kind)
               for kind in ("next", "reject", "skip")}
    assert by_kind["reject"] == sum(1 for step in sop.steps if step.reject)
    assert len(with_class(html, "arrowhead")) == len(edges)
    assert len(with_class(html, "edge-line")) == len(edges)


def test_decision_labels_and_the_skip_label_in_the_svg(fragments):
    labels = {" ".join(e.text) for e in with_class(fragments["dinsos-diy-media-informasi"],
                                                    "edge-label")}
    assert {"Ya", "Tidak"} <= labels
    assert "Kegiatan biasa rutin" in labels  # two lines of one label
    e_labels = {"".join(e.text) for e in with_class(
        fragments["kalteng-disperindag-upload-medsos"], "edge-label")}
    assert {"Terima", "Tolak"} <= e_labels


def test_a_long_sop_has_a_flowchart_per_page_with_connectors():
    document = layout(long_sop())
    html = render_fragment(document)
    pages = with_class(html, "sop-doc-page")
    assert len(pages) == len(document.pages) >= 3
    assert len(with_class(html, "sop-flow")) == len(document.pages)
    connectors = with_class(html, "symbol-connector")
    assert connectors
    for letter in {e.attrs["data-letter"] for e in connectors}:
        directions = [e.attrs["data-direction"] for e in connectors
                      if e.attrs["data-letter"] == letter]
        assert directions.count("in") == 1 and "out" in directions
    # The header repeats on every page.
    assert len([e for e in read_html(html).elements if e.tag == "thead"]) == len(document.pages)
    drawn = {key for e in with_class(html, "edge") for key in e.attrs["data-edges"].split()}
    assert drawn == {transition_key(*arrow) for arrow in expected_arrows(document.sop)}


@pytest.mark.parametrize("key", sorted(bundled_sops()))
def test_no_inline_styles_or_scripts(fragments, key):
    """The web pages' Content Security Policy forbids both."""
    elements = read_html(fragments[key]).elements
    assert not [e for e in elements if "style" in e.attrs]
    assert not [e for e in elements if e.tag in ("script", "style")]


def test_texts_are_escaped():
    sop = bundled_sops()["gunungkidul-dpmptsp-upload-konten"]
    html = render_fragment(layout(sop))
    assert "Website &amp; Media Sosial" in html
    assert "Website & Media" not in html


def test_the_svg_sits_over_the_table():
    document = layout(bundled_sops()["dinsos-diy-media-informasi"])
    svg = page_svg(document, 0)
    element = with_class(svg, "sop-flow")[0]
    assert element.attrs["data-page"] == "1"
    viewbox = element.attrs["viewbox"]  # the parser lower-cases attribute names
    width, height = (float(value) for value in viewbox.split()[2:])
    assert width == pytest.approx(document.width, abs=0.01)
    assert height == pytest.approx(document.pages[0].height, abs=0.01)


def test_a_standalone_file_carries_its_stylesheet_and_fonts():
    html = render_standalone(bundled_sops()["kalteng-disperindag-upload-medsos"])
    assert html.startswith("<!doctype html>")
    assert "@font-face" in html and "data:font/woff2;base64," in html
    # The whole TTFs (1.2 MB) only when the text has a character the subsets lack.
    assert "data:font/ttf" not in html
    assert 'url("huruf/' not in html
    assert "Alur Upload Konten Media Sosial" in html
    assert len(html) < 400_000


def test_a_standalone_file_embeds_the_whole_fonts_for_text_beyond_the_subsets():
    import dataclasses

    sop = bundled_sops()["kalteng-disperindag-upload-medsos"]
    identity = dataclasses.replace(sop.identity, name="Unggah konten (Ωмега)")
    html = render_standalone(dataclasses.replace(sop, identity=identity))
    assert "data:font/woff2;base64," in html and "data:font/ttf;base64," in html
