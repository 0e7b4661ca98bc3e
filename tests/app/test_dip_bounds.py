"""Issue 11, finding 1: the DIP import is bounded before it allocates.

The issue's inputs: a 1.7 KB XLSX claiming ``<dimension ref="A1:XFD1048576"/>`` (2.8 GB, then a
500), two million identical rows (220 s and 1.6 GB before the refusal). Each test bounds the
process's peak memory while the same kind of file is read; the ceiling turns a reader without
bounds into a MemoryError instead of taking the machine.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from bench.samples import (
    dimension_bomb_xlsx,
    many_rows_csv,
    many_rows_xlsx,
    sheet,
    xlsx,
    zip_bomb_xlsx,
)
from tayang.dip import tabular
from tayang.dip.models import Entry

from .dip_world import dip_organization, signed_in_ppid
from .memory import peak_growth

pytestmark = pytest.mark.django_db

HEADER = [title for _, title in tabular.COLUMNS]
GOOD = ["DIP-01", "Profil badan publik", "Sekretariat", "PPID", "2026", "Palangka Raya",
        "softcopy dan hardcopy", "5 tahun", "berkala"]


@pytest.fixture
def org():
    return dip_organization()


@pytest.fixture
def ppid(org, client):
    return signed_in_ppid(org, client)


def refused(name: str, data: bytes) -> str:
    with pytest.raises(tabular.ImportRefused) as caught:
        tabular.read_table(name, data)
    return str(caught.value)


def test_a_sheet_claiming_every_cell_of_excel_is_read_as_what_it_holds(org, ppid, client):
    data = dimension_bomb_xlsx([HEADER, GOOD, ["DIP-02", *GOOD[1:]]])
    assert len(data) < 2048  # 1.7 KB, like the issue's
    with peak_growth() as peak:
        response = client.post("/kerja/disperindag/dip/impor/",
                               {"file": SimpleUploadedFile("dip.xlsx", data)})
    assert response.status_code == 302  # today: 2.8 GB, then a 500
    assert peak.growth_mb < 30, peak.growth_mb
    assert sorted(Entry.objects.values_list("number", flat=True)) == ["DIP-01", "DIP-02"]


def test_a_row_numbered_a_million_costs_nothing(org):
    rows = sheet([HEADER, GOOD]).replace('<row r="2">', '<row r="1048576">')
    with peak_growth() as peak:
        table = tabular.read_table("dip.xlsx", xlsx(rows))
    assert [number for number, _ in table] == [1048576]  # the row as numbered in the sheet
    assert peak.growth_mb < 30, peak.growth_mb


def test_two_million_identical_rows_are_refused_at_once(org):
    data = many_rows_xlsx(HEADER, ["1"], 2_000_000)
    assert len(data) < tabular.MAX_IMPORT_BYTES
    started = time.monotonic()
    with peak_growth() as peak:
        message = refused("dip.xlsx", data)
    assert time.monotonic() - started < 10  # today: 220 s
    assert peak.growth_mb < 60, peak.growth_mb  # today: 1.6 GB
    assert message.startswith("Isi berkas XLSX terlalu besar setelah dibuka")


def test_rows_past_the_limit_stop_the_reading_there(org):
    data = many_rows_xlsx(HEADER, GOOD, 6000)
    with peak_growth() as peak:
        message = refused("dip.xlsx", data)
    assert message == ("Terlalu banyak baris: lebih dari 5000 baris berisi entri; paling banyak "
                       "5000. Bagi berkas menjadi beberapa impor.")
    assert peak.growth_mb < 60, peak.growth_mb


def test_two_million_rows_of_csv_are_refused_within_bounds(org):
    data = many_rows_csv(HEADER, ["1"], 2_000_000)
    assert len(data) < tabular.MAX_IMPORT_BYTES
    with peak_growth() as peak:
        message = refused("dip.csv", data)
    assert message.startswith("Terlalu banyak baris: lebih dari 5000 baris berisi entri")
    assert peak.growth_mb < 60, peak.growth_mb  # today: every row in a list first


def test_a_zip_bomb_is_refused_before_it_is_inflated(org):
    data = zip_bomb_xlsx()
    assert len(data) < tabular.MAX_IMPORT_BYTES
    with peak_growth() as peak:
        message = refused("dip.xlsx", data)
    assert message.startswith("Isi berkas XLSX terlalu besar setelah dibuka")
    assert peak.growth_mb < 30, peak.growth_mb


def test_a_row_of_a_hundred_thousand_cells_keeps_only_the_first_columns(org):
    wide = sheet([HEADER + ["x"] * 100_000, GOOD])
    with peak_growth() as peak:
        table = tabular.read_table("dip.xlsx", xlsx(wide))
    assert table[0][1]["number"] == "DIP-01"
    assert peak.growth_mb < 60, peak.growth_mb


def test_a_cell_longer_than_excel_allows_is_refused(org):
    message = refused("dip.xlsx", xlsx(sheet([HEADER, ["A" * 40_000, *GOOD[1:]]])))
    assert message == "Baris 2: ada sel berisi lebih dari 32.767 karakter."
    long_field = _csv([HEADER, ["A" * 40_000, *GOOD[1:]]])
    assert refused("dip.csv", long_field).startswith("Baris 2: ada sel berisi lebih dari 32.767")


def test_shared_strings_are_bounded(org, settings):
    strings = "".join(f"<si><t>{n}</t></si>" for n in range(200_001))
    workbook = xlsx(sheet([HEADER, GOOD]), extra={"xl/sharedStrings.xml": (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{strings}</sst>")})
    assert refused("dip.xlsx", workbook) == ("Berkas XLSX berisi teks terlalu banyak untuk "
                                             "sebuah DIP.")


def test_entities_are_never_expanded(org):
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              + sheet([HEADER, ["&lol2;", *GOOD[1:]]]).split("?>", 1)[1])
    assert refused("dip.xlsx", xlsx(laughs)) == ("Berkas XLSX berisi deklarasi DTD yang tidak "
                                                 "diizinkan.")


def test_a_workbook_of_thousands_of_parts_is_refused_before_listing_them(org):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(600):
            archive.writestr(f"x/{n}.xml", "")
    assert refused("dip.xlsx", buffer.getvalue()) == ("Berkas XLSX tidak wajar: berisi lebih "
                                                      "dari 500 bagian.")


def test_an_excel_workbook_with_shared_strings_and_dates_reads_as_before(org):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append([GOOD[0], GOOD[1], GOOD[2], GOOD[3], datetime(2026, 1, 5),
                            *GOOD[5:]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = tabular.read_table("dip.xlsx", buffer.getvalue())
    assert table == [(2, {**dict(zip((a for a, _ in tabular.COLUMNS), GOOD, strict=True)),
                          "made_when": "2026-01-05 00:00:00"})]


def test_an_oversized_import_is_refused_before_it_is_read(org, ppid, client):
    data = b"Nomor;" + b"x" * (tabular.MAX_IMPORT_BYTES + 10)
    response = client.post("/kerja/disperindag/dip/impor/",
                           {"file": SimpleUploadedFile("dip.csv", data)})
    assert response.status_code == 413
    page = response.content.decode()
    assert "berkas impor DIP lebih besar dari batas 5 MB" in page
    assert not Entry.objects.exists()


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return buffer.getvalue().encode()
