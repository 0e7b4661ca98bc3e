"""The SOP document as a PDF: what a reader finds in it, read back with pypdf.

For each of the five seed SOPs, every step's text, executor, requirement, time standard, output
and note of the seed text (tests/sop/test_bundled.py holds them, copied from the seeds) must be
in the PDF's text, and the identity block's too.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from tayang.sop.bundled import bundled_sops
from tayang.sop.document.geometry import PAGE_HEIGHT, PAGE_WIDTH
from tayang.sop.document.layout import layout
from tayang.sop.document.pdf import overflowing_cells, render_pdf

from .document_reading import pdf_pages, squash
from .document_sops import long_sop
from .test_bundled import SEEDS, Seed


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {key: render_pdf(sop) for key, sop in bundled_sops().items()}


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_pdf(long_sop())


def procedure_text(pdf: bytes) -> str:
    return squash("".join(pdf_pages(pdf)[1:]))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_every_step_of_the_seed_is_in_the_pdf(pdfs, seed: Seed):
    text = procedure_text(pdfs[seed.key])
    for number, step in enumerate(seed.steps, start=1):
        pieces = [step.activity, step.time, step.output, *step.requirements, *step.notes,
                  *step.columns]
        for piece in pieces:
            assert squash(piece) in text, f"step {number}: {piece!r}"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_the_identity_block_is_on_the_first_page(pdfs, seed: Seed):
    first = squash(pdf_pages(pdfs[seed.key])[0]).casefold()
    name, position, rank, nip = seed.approved_by
    pieces = [
        seed.organization, seed.name, seed.number, name, position, rank, nip,
        *seed.legal_bases, *seed.qualifications, *seed.related_sops, *seed.equipment,
        *seed.warnings, *seed.records,
        "Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif", "Disahkan oleh",
        "Dasar Hukum", "Kualifikasi Pelaksana", "Keterkaitan", "Peralatan/Perlengkapan",
        "Peringatan", "Pencatatan dan Pendataan",
    ]
    for piece in pieces:
        assert squash(piece).casefold() in first, piece
    if seed.made_on:
        assert squash("3 Januari 2024").casefold() in first


@pytest.mark.parametrize("key", sorted(bundled_sops()))
def test_a4_landscape_with_the_shipped_fonts_only(pdfs, key):
    reader = PdfReader(io.BytesIO(pdfs[key]))
    assert len(reader.pages) == 1 + len(layout(bundled_sops()[key]).pages)
    fonts = set()
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(PAGE_WIDTH, abs=0.5)
        assert float(box.height) == pytest.approx(PAGE_HEIGHT, abs=0.5)
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("LiberationSans" in font for font in fonts), fonts


def test_decision_labels_and_the_way_around_are_printed(pdfs):
    assert {"Terima", "Tolak", "Mulai", "Selesai"} <= set(
        pdf_pages(pdfs["kalteng-disperindag-upload-medsos"])[1].split()
    )
    seed_c = procedure_text(pdfs["dinsos-diy-media-informasi"])
    assert squash("Kegiatan biasa rutin") in seed_c
    assert {"Ya", "Tidak"} <= set(pdf_pages(pdfs["dinsos-diy-media-informasi"])[1].split())


@pytest.mark.parametrize("key", [*sorted(bundled_sops()), "long"])
def test_no_text_overflows_its_row(key):
    """Typst measures every text cell of the real template against the row Python sized."""
    sop = long_sop() if key == "long" else bundled_sops()[key]
    assert overflowing_cells(layout(sop)) == []


def test_the_overflow_check_finds_a_row_too_short():
    document = layout(bundled_sops()["dinsos-diy-media-informasi"])
    page = document.pages[0]
    squeezed = replace(page, rows=(replace(page.rows[3], height=20.0), *page.rows[4:]))
    found = overflowing_cells(replace(document, pages=(squeezed,)))
    assert {cell["step"] for cell in found} == {"4"}


def test_a_long_sop_repeats_the_header_and_joins_pages_with_connectors(long_pdf):
    sop = long_sop()
    document = layout(sop)
    pages = pdf_pages(long_pdf)
    assert len(pages) == 1 + len(document.pages) >= 4
    for page_text in pages[1:]:
        flat = squash(page_text)
        for title in ("No", "Kegiatan", "Pelaksana", "MutuBaku", "Kelengkapan", "Waktu",
                      "Output", "Keterangan", *(squash(role.name) for role in sop.roles)):
            assert title in flat
    letters = {s.label for s in document.symbols if s.kind.value == "connector"}
    words = {word for page_text in pages[1:] for word in page_text.split()}
    assert letters <= words
    text = procedure_text(long_pdf)
    for step in sop.steps:
        assert squash(step.activity) in text


def test_the_same_definition_gives_the_same_pdf(pdfs):
    key = "gunungkidul-dpmptsp-upload-konten"
    assert render_pdf(bundled_sops()[key]) == pdfs[key]


def test_the_footer_names_the_source(pdfs):
    custom = render_pdf(bundled_sops()["dinsos-diy-media-informasi"], footer="Versi 3 (abc)")
    assert all("Versi 3 (abc)" in page for page in pdf_pages(custom))
    assert all("dinsos-diy-media-informasi" in page
               for page in pdf_pages(pdfs["dinsos-diy-media-informasi"]))
