"""Every PDF Tayang makes is tagged and navigable (issue 14, point 7): PDF/UA-1 from Typst —
marked content, a structure tree with headings (and table header cells where there is a
table), a title that the reader shows as the window's title, the document's language."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from tayang.accessible.documents import large_print
from tayang.accessible.source import Source
from tayang.channels import poster
from tayang.records.typesetting import Record, Section, Table, render
from tayang.sop.bundled import bundled_sops
from tayang.sop.document.pdf import render_pdf
from tests.channels.posts import jpeg, post


def structure_roles(pdf: bytes) -> set[str]:
    """The structure types of the PDF's tag tree (``/H1``, ``/P``, ``/TH`` …)."""
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    found: set[str] = set()

    def walk(node: object, depth: int = 0) -> Iterator[None]:
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if depth > 60:
            return
        if isinstance(node, ArrayObject):
            for child in node:
                yield from walk(child, depth + 1)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                found.add(str(node["/S"]))
            if "/K" in node:
                yield from walk(node["/K"], depth + 1)
        yield None

    for _ in walk(root["/StructTreeRoot"]):
        pass
    return found


def assert_tagged(pdf: bytes, title: str, *, headings: bool = True) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata is not None and reader.metadata.title == title
    assert str(root["/Lang"]) == "id"
    roles = structure_roles(pdf)
    if headings:
        assert any(role.startswith("/H") and role[2:].isdigit() for role in roles), roles
    return roles


def test_the_sop_document_is_tagged_with_its_table_headers():
    sop = bundled_sops()["kalteng-disperindag-pengumuman-informasi"]
    roles = assert_tagged(render_pdf(sop), sop.identity.name)
    assert {"/Table", "/TH", "/TD"} <= roles, roles


def test_a_record_is_tagged_with_headings_and_table_headers():
    record = Record(
        title="Register Informasi Publik", organization="Dinas Sosial DIY", footer="Tayang",
        sections=[Section("Dasar", ["Undang-Undang Nomor 14 Tahun 2008."])],
        table=Table(columns=["No.", "Judul"], widths=[0.2, 0.8],
                    rows=[["1", "Pengumuman pasar murah"]]),
    )
    roles = assert_tagged(render(record, now=datetime(2026, 12, 6, tzinfo=UTC)),
                          "Register Informasi Publik")
    assert {"/Table", "/TH", "/TD"} <= roles, roles


def test_a_poster_is_tagged_and_its_photo_has_its_alternative_text(tmp_path: Path):
    item = post(jpeg(tmp_path))
    pdf = poster.render(item, day=datetime(2026, 11, 24).date())
    roles = assert_tagged(pdf, item.title)
    assert "/Figure" in roles and "/P" in roles


def test_the_large_print_is_tagged():
    source = Source("Pasar murah di Palangka Raya", ("Dinas menggelar pasar murah.",))
    assert_tagged(large_print(source, "Disperindag Kalteng", None),
                  "Pasar murah di Palangka Raya")
