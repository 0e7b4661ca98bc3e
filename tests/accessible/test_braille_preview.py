"""The Braille preview for sighted staff (issue 14, point 2): the BRF's cells read back as their
dots, and drawn page for page after the large print's text."""

from __future__ import annotations

import io
import shutil

import pytest
from pypdf import PdfReader

from tayang.accessible import engines
from tayang.accessible.braille_preview import cells, pattern, unicode_lines
from tayang.accessible.documents import large_print
from tayang.accessible.source import Source
from tests.accessible.test_tagged_pdfs import assert_tagged


def test_brf_characters_are_read_back_as_their_dots():
    assert pattern("A") == 0b000001  # dot 1
    assert pattern("a") == pattern("A")
    assert pattern(",") == 0b100000  # dot 6: the capital sign
    assert pattern("=") == 0b111111
    assert pattern(" ") == 0
    brf = ",PENGUMUMAN\r\n\r\n#AF\r\n\f,HAL\r\n"
    assert unicode_lines(brf) == [["⠠⠏⠑⠝⠛⠥⠍⠥⠍⠁⠝", "", "⠼⠁⠋"], ["⠠⠓⠁⠇"]]
    assert cells("X" * 50 + "\r\n")[0][0] == [pattern("X")] * 40  # bounded to one line


@pytest.mark.skipif(shutil.which("lou_translate") is None, reason="liblouis tidak terpasang")
def test_the_large_print_ends_with_the_braille_pages_drawn():
    source = Source("Pasar murah", tuple(
        "Dinas menggelar pasar murah pada 6 Desember 2026 di halaman kantor." for _ in range(30)))
    brf = engines.brf_pages(engines.braille(source.text))
    braille_pages = brf.count("\f") + 1
    plain = PdfReader(io.BytesIO(large_print(source, "Disperindag", None)))
    with_preview = large_print(source, "Disperindag", None, brf)
    reader = PdfReader(io.BytesIO(with_preview))
    assert len(reader.pages) == len(plain.pages) + braille_pages
    first = reader.pages[len(plain.pages)].extract_text()
    assert f"Pratinjau Braille, halaman 1 dari {braille_pages}" in first
    assert "setiap titik hitam adalah titik yang timbul" in " ".join(first.split())
    assert "Pratinjau" not in plain.pages[-1].extract_text()
    assert "/H2" in assert_tagged(with_preview, "Pasar murah")
