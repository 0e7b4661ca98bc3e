"""The identity agencies print, on the SOP document's web page and in its PDF.

The issuing body, *Revisi ke*, *Tujuan*, *Ruang Lingkup*, dates written any way the definition
may write them, the signer's rank and NIP, and the organization's logo instead of the
placeholder; a seed's document keeps its own rows (and its one identity page); a duty written in
*Keterangan* is printed there only.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tayang.sop import load_file
from tayang.sop.bundled import bundled_sops
from tayang.sop.document.content import Logo
from tayang.sop.document.html import render_fragment
from tayang.sop.document.layout import layout
from tayang.sop.document.pdf import render_pdf

from .document_reading import html_text, pdf_pages, read_html, squash, with_class
from .test_bundled import SEEDS, Seed

FULL_EXAMPLE = Path(__file__).with_name("fixtures") / "full-example.yaml"
D = "kalteng-disperindag-pengumuman-informasi"

EXAMPLE_IDENTITY = (
    "Sekretariat Daerah Kabupaten Sukamaju", "Dinas Komunikasi dan Informatika Kabupaten "
    "Sukamaju", "Bidang Informasi dan Komunikasi Publik", "000.8.3.3/017", "Revisi ke",
    "6 Januari 2025", "1 Juli 2025", "14 Juli 2025", "Kepala Dinas Komunikasi dan Informatika "
    "Kabupaten Sukamaju", "Dra. SRI LESTARI, M.Si", "Pembina Utama Muda, IV/c",
    "NIP. 19700101 200003 2 001", "Tujuan", "Menjamin setiap berita kegiatan dan informasi "
    "publik diperiksa, disetujui dan ditayangkan tepat waktu", "Ruang Lingkup",
    "Seluruh bidang Dinas, dari pengumpulan bahan berita sampai pengarsipan.",
)


def logo() -> Logo:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (20, 90, 160)).save(buffer, "PNG")
    return Logo(buffer.getvalue())


@pytest.fixture(scope="module")
def example_pdf() -> bytes:
    return render_pdf(load_file(FULL_EXAMPLE), logo=logo())


@pytest.fixture(scope="module")
def example_html() -> str:
    return render_fragment(layout(load_file(FULL_EXAMPLE)), logo=logo())


def identity_html(html: str) -> str:
    return html[html.index('<section class="sop-doc-identity"'):html.index("</section>")]


def test_every_identity_field_is_on_the_page(example_html):
    text = squash(html_text(identity_html(example_html))).casefold()
    for piece in EXAMPLE_IDENTITY:
        assert squash(piece).casefold() in text, piece


def test_every_identity_field_is_on_the_pdf_s_first_page(example_pdf):
    first = squash(pdf_pages(example_pdf)[0]).casefold()
    for piece in EXAMPLE_IDENTITY:
        assert squash(piece).casefold() in first, piece


def test_rows_in_the_order_of_the_identity_table(example_html):
    rows = [squash(e.text[0]) for e in read_html(identity_html(example_html)).elements
            if e.tag == "th"]
    assert rows == ["NomorSOP", "TanggalPembuatan", "TanggalRevisi", "Revisike",
                    "TanggalEfektif", "Disahkanoleh", "NamaSOP", "Tujuan", "RuangLingkup"]
    # The issuing body stands above the organization, and says what it is to a screen reader.
    issuer = with_class(example_html, "issuer")[0]
    assert squash("".join(issuer.text)) == squash(
        "Diterbitkan oleh Sekretariat Daerah Kabupaten Sukamaju")
    agency = " ".join(with_class(example_html, "agency")[0].text)
    assert agency.index("Sekretariat Daerah") < agency.index("Dinas Komunikasi")
    # The signer: position, signature space, name, rank, NIP.
    approval = with_class(example_html, "approval")[0]
    assert [squash(t) for t in approval.text if t.strip()] == [
        squash("KEPALA DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN SUKAMAJU"),
        squash("Dra. SRI LESTARI, M.Si"), squash("Pembina Utama Muda, IV/c"),
        squash("NIP. 19700101 200003 2 001"),
    ]


def test_the_logo_replaces_the_placeholder(example_html, example_pdf):
    image = next(e for e in read_html(example_html).elements if e.tag == "img")
    assert image.attrs["alt"] == "Logo Dinas Komunikasi dan Informatika Kabupaten Sukamaju"
    source = image.attrs["src"]
    assert source.startswith("data:image/png;base64,")
    assert base64.b64decode(source.split(",", 1)[1]) == logo().data
    assert not with_class(example_html, "logo")
    first = PdfReader(io.BytesIO(example_pdf)).pages[0]
    assert len(first.images) == 1
    assert "LOGO" not in first.extract_text()
    without = render_pdf(load_file(FULL_EXAMPLE))
    assert not PdfReader(io.BytesIO(without)).pages[0].images
    assert "LOGO" in pdf_pages(without)[0]


def test_the_whole_identity_still_fits_one_page(example_pdf):
    sop = load_file(FULL_EXAMPLE)
    assert len(PdfReader(io.BytesIO(example_pdf)).pages) == 1 + len(layout(sop).pages)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_a_seed_prints_its_signer_and_only_the_rows_it_has(seed: Seed):
    sop = bundled_sops()[seed.key]
    html = identity_html(render_fragment(layout(sop)))
    text = squash(html_text(html)).casefold()
    name, position, rank, nip = seed.approved_by
    for piece in (name, position, rank, f"NIP. {nip}" if nip else ""):
        assert squash(piece).casefold() in text, piece
    for absent in ("Revisi ke", "Tujuan", "Ruang Lingkup", "Diterbitkan oleh"):
        assert squash(absent).casefold() not in text, absent


def test_seed_d_prints_its_duties_in_keterangan_once():
    sop = bundled_sops()[D]
    procedure = squash("".join(pdf_pages(render_pdf(sop))[1:]))
    page = squash(html_text(render_fragment(layout(sop))))
    for duty in (
        "Wajib memperhatikan Aksesibilitas bagi Penyandang Disabilitas; Wajib menggunakan",
        "Wajib memperhatikan Aksesibilitas bagi Penyandang Disabilitas",
        "paling sedikit dilengkapi dengan audio, visual, dan/atau Braille.",
    ):
        assert procedure.count(squash(duty)) == 1, duty
        assert page.count(squash(duty)) == 1, duty
    kelengkapan = with_class(render_fragment(layout(sop)), "requirements")
    assert [squash(html_text("".join(cell.text))) for cell in kelengkapan] == [
        squash("Dokumen Informasi Publik sesuai SK Daftar Informasi Publik yang telah disahkan"),
        squash("Konsep konten Informasi Publik"),
    ]


def test_dates_written_any_way_print_one_way():
    text = FULL_EXAMPLE.read_text(encoding="utf-8")
    assert "revised_on: 1 Juli 2025" in text and "effective_on: 14-07-2025" in text
    printed = squash(html_text(identity_html(render_fragment(layout(load_file(FULL_EXAMPLE))))))
    assert squash("Tanggal Revisi: 1 Juli 2025") in printed
    assert squash("Tanggal Efektif: 14 Juli 2025") in printed
