"""``tayang document``: the SOP document written to files, without a database or a server."""

import io
from pathlib import Path

from pypdf import PdfReader

from tayang.cli import main
from tayang.sop.bundled import BUNDLED_DIR, bundled_sops

KEY = "dinsos-diy-media-informasi"


def test_writes_the_pdf_and_the_html(tmp_path: Path, capsys):
    pdf, html = tmp_path / "sop.pdf", tmp_path / "sop.html"
    assert main(["document", KEY, "--pdf", str(pdf), "--html", str(html)]) == 0
    output = capsys.readouterr().out
    assert f"{pdf}: dokumen SOP" in output and f"{html}: dokumen SOP" in output
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == 2
    assert "Mendokumentasikan" in reader.pages[1].extract_text()
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert 'class="sop-flow"' in page
    assert bundled_sops()[KEY].identity.name in page


def test_takes_a_definition_file(tmp_path: Path):
    pdf = tmp_path / "b.pdf"
    source = BUNDLED_DIR / "b-bantul-disnakertrans.yaml"
    assert main(["document", str(source), "--pdf", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_asks_for_an_output(capsys):
    assert main(["document", KEY]) == 2
    assert "--pdf" in capsys.readouterr().err


def test_a_folder_that_does_not_exist_is_a_clear_error(tmp_path: Path, capsys):
    assert main(["document", KEY, "--pdf", str(tmp_path / "tidak-ada" / "x.pdf")]) == 2
    assert "tidak dapat menulis" in capsys.readouterr().err
