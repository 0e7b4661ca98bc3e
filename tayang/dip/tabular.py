"""The DIP as a spreadsheet: import from XLSX/CSV with a row-by-row report, export both ways.

An import is all or nothing: when any row is refused, the report lists every refused row with
its reasons and nothing is saved, so a PPID never ends up with half a list. Rows are matched to
existing entries by their number, so importing the same file twice changes nothing.

Reading is bounded before anything is allocated (docs/security.md, "Berkas dan batas"): the
file's size, the rows and columns really present (never the size a sheet claims), each cell's
length and the time spent; XLSX through :mod:`tayang.dip.xlsx`, CSV through the standard
reader with its field limit. Exports write every value as text a spreadsheet will not run as a
formula (:mod:`tayang.records.cells`).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from django.db import transaction

from tayang.dip.models import Classification, Decree, Entry
from tayang.dip.xlsx import SheetLimits, SheetRefused, first_sheet_rows
from tayang.orgs.models import Organization
from tayang.records.cells import (
    from_spreadsheet_safe,
    readable_sheet,
    spreadsheet_safe,
    text_cell,
)

# (attribute, header) in the order of the SK's table; headers are matched case-insensitively.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "Nomor"),
    ("summary", "Ringkasan isi informasi"),
    ("holder", "Pejabat/unit penguasa informasi"),
    ("responsible", "Penanggung jawab"),
    ("made_when", "Waktu pembuatan"),
    ("made_where", "Tempat pembuatan"),
    ("forms", "Bentuk informasi"),
    ("retention", "Jangka waktu penyimpanan"),
    ("classification", "Klasifikasi"),
)
# Characters per column of the XLSX export (the columns above, then updated and decree).
XLSX_WIDTHS = (10, 48, 30, 26, 18, 20, 20, 22, 16, 20, 24)
REQUIRED = ("number", "summary", "holder", "responsible", "made_when", "retention",
            "classification")
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000  # rows with content, after the header
MAX_COLUMNS = 64
MAX_CELL_CHARS = 32_767  # what one Excel cell can hold
MAX_SHEET_ROWS = 100_000  # rows read at all, empty ones included
SECONDS = 20.0
SHEET_LIMITS = SheetLimits(max_rows=MAX_SHEET_ROWS, max_columns=MAX_COLUMNS,
                           max_cell_chars=MAX_CELL_CHARS, seconds=SECONDS)
_CLASSIFICATIONS = {
    "berkala": Classification.PERIODIC,
    "informasi berkala": Classification.PERIODIC,
    "serta merta": Classification.IMMEDIATE,
    "serta-merta": Classification.IMMEDIATE,
    "informasi serta merta": Classification.IMMEDIATE,
    "setiap saat": Classification.ANYTIME,
    "tersedia setiap saat": Classification.ANYTIME,
    "informasi tersedia setiap saat": Classification.ANYTIME,
    "dikecualikan": Classification.EXEMPT,
    "informasi dikecualikan": Classification.EXEMPT,
}
_LIMITS = {"number": 40, "holder": 300, "responsible": 300, "made_when": 120,
           "made_where": 200, "retention": 120}


class ImportRefused(Exception):
    """The file as a whole cannot be read (wrong type, no header, too many rows)."""


@dataclass
class RowReport:
    row: int  # as numbered in the spreadsheet (the header is row 1)
    number: str
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    refused: list[RowReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


def read_table(name: str, source: bytes | BinaryIO) -> list[tuple[int, dict[str, str]]]:
    """Rows of an uploaded XLSX or CSV file as (row number, {attribute: text})."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    if size > MAX_IMPORT_BYTES:
        raise ImportRefused(
            f"Berkas terlalu besar ({size / 1024 / 1024:.1f} MB); paling besar "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB.".replace(".", ",", 1)
        )
    stream.seek(0)
    head = stream.read(1024)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(stream)
    elif name.lower().endswith((".csv", ".txt")) or b"\x00" not in head:
        rows = _csv_rows(stream)
    else:
        raise ImportRefused("Berkas harus berupa XLSX (Excel) atau CSV.")
    try:
        return _table(rows, skip_titles=head.startswith(b"PK"))
    finally:
        rows.close()  # stops reading: the rest of a refused file is never parsed


def _table(rows: Iterator[tuple[int, list[object]]], *, skip_titles: bool
           ) -> list[tuple[int, dict[str, str]]]:
    header = None
    for _, row in rows:
        # An exported file carries a title line and an empty line above the header.
        if not skip_titles or any(_text(cell) for cell in row[1:]):
            header = [_text(cell).lower() for cell in row]
            break
    if header is None:
        raise ImportRefused("Berkas kosong: baris pertama harus berisi judul kolom.")
    positions = {}
    for attribute, title in COLUMNS:
        if title.lower() in header:
            positions[attribute] = header.index(title.lower())
    missing = [title for attribute, title in COLUMNS
               if attribute in REQUIRED and attribute not in positions]
    if missing:
        raise ImportRefused(
            "Judul kolom tidak lengkap; kolom yang belum ada: " + ", ".join(missing)
            + ". Unduh templat ekspor DIP untuk contoh susunan kolom."
        )
    table = []
    for number, row in rows:
        cells = {attribute: from_spreadsheet_safe(_text(row[index] if index < len(row) else None))
                 for attribute, index in positions.items()}
        if any(cells.values()):
            if len(table) >= MAX_ROWS:
                raise ImportRefused(
                    f"Terlalu banyak baris: lebih dari {MAX_ROWS} baris berisi entri; paling "
                    f"banyak {MAX_ROWS}. Bagi berkas menjadi beberapa impor."
                )
            table.append((number, cells))
    return table


def import_entries(
    organization: Organization, decree: Decree | None, table: list[tuple[int, dict[str, str]]],
    today: date,
) -> ImportResult:
    """Check every row, then save all of them in one transaction, or none."""
    result = ImportResult()
    seen: dict[str, int] = {}
    checked: list[dict[str, object]] = []
    for row, cells in table:
        report = RowReport(row, cells.get("number", ""))
        values = _checked_row(cells, report)
        number = cells.get("number", "")
        if number in seen:
            report.problems.append(f"nomor «{number}» sudah dipakai di baris {seen[number]}")
        seen.setdefault(number, row)
        if report.problems:
            result.refused.append(report)
        else:
            checked.append(values)
    if result.refused or not checked:
        return result
    with transaction.atomic():
        existing = {entry.number: entry for entry in
                    Entry.objects.select_for_update().filter(organization=organization)}
        for values in checked:
            entry = existing.get(str(values["number"]))
            if entry is None:
                Entry.objects.create(organization=organization, decree=decree, updated_on=today,
                                     **values)
                result.created += 1
            elif any(getattr(entry, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(entry, key, value)
                entry.decree = decree or entry.decree
                entry.updated_on = today
                entry.save()
                result.updated += 1
    return result


def export_csv(entries: Iterable[Entry]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([title for _, title in COLUMNS] + ["Terakhir diperbarui", "SK penetapan"])
    for entry in entries:
        writer.writerow([spreadsheet_safe(value) for value in _export_row(entry)])
    # With a byte-order mark, so that Excel opens the Indonesian text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(entries: Iterable[Entry], title: str) -> bytes:
    from openpyxl import Workbook  # 8 MB: only for spreadsheets

    entries = list(entries)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("DIP")
    readable_sheet(sheet, XLSX_WIDTHS, header_row=3, rows=len(entries))
    sheet.append([text_cell(sheet, title)])
    sheet.append([])
    sheet.append([heading for _, heading in COLUMNS] + ["Terakhir diperbarui", "SK penetapan"])
    for entry in entries:
        sheet.append([text_cell(sheet, value) for value in _export_row(entry)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export_row(entry: Entry) -> list[str]:
    decree = str(entry.decree) if entry.decree else ""
    return [entry.number, entry.summary, entry.holder, entry.responsible, entry.made_when,
            entry.made_where, entry.forms_label, entry.retention,
            entry.get_classification_display(), entry.updated_on.isoformat(), decree]


def _checked_row(cells: dict[str, str], report: RowReport) -> dict[str, object]:
    for attribute in REQUIRED:
        if not cells.get(attribute):
            title = dict(COLUMNS)[attribute]
            report.problems.append(f"kolom «{title}» kosong")
    for attribute, limit in _LIMITS.items():
        if len(cells.get(attribute, "")) > limit:
            title = dict(COLUMNS)[attribute]
            report.problems.append(f"kolom «{title}» lebih dari {limit} karakter")
    raw_class = " ".join(cells.get("classification", "").lower().split())
    classification = _CLASSIFICATIONS.get(raw_class)
    if raw_class and classification is None:
        report.problems.append(
            f"klasifikasi «{cells['classification']}» tidak dikenal; yang diharapkan: berkala, "
            "serta merta, setiap saat atau dikecualikan"
        )
    forms = cells.get("forms", "softcopy").lower() or "softcopy"
    softcopy, hardcopy = "soft" in forms, "hard" in forms
    if not (softcopy or hardcopy):
        report.problems.append(
            f"bentuk informasi «{cells['forms']}» tidak dikenal; yang diharapkan: softcopy, "
            "hardcopy, atau softcopy dan hardcopy"
        )
    return {
        "number": cells.get("number", ""), "summary": cells.get("summary", ""),
        "holder": cells.get("holder", ""), "responsible": cells.get("responsible", ""),
        "made_when": cells.get("made_when", ""), "made_where": cells.get("made_where", ""),
        "softcopy": softcopy, "hardcopy": hardcopy, "retention": cells.get("retention", ""),
        "classification": classification or "",
    }


def _xlsx_rows(stream: BinaryIO) -> Iterator[tuple[int, list[object]]]:
    try:
        yield from first_sheet_rows(stream, SHEET_LIMITS)
    except SheetRefused as refused:
        raise ImportRefused(str(refused)) from refused


def _csv_rows(stream: BinaryIO) -> Iterator[tuple[int, list[object]]]:
    data = stream.read(MAX_IMPORT_BYTES + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older Excel "CSV" exports
    deadline = time.monotonic() + SECONDS
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    with _field_limit(MAX_CELL_CHARS):
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportRefused(
                    f"Baris {number + 1}: ada sel berisi lebih dari {MAX_CELL_CHARS:,} karakter "
                    "atau tanda kutip yang tidak ditutup.".replace(",", ".")
                ) from error
            number += 1
            if number > MAX_SHEET_ROWS:
                raise ImportRefused(
                    f"Berkas CSV berisi lebih dari {MAX_SHEET_ROWS:,} baris (termasuk baris "
                    "kosong).".replace(",", ".")
                )
            if time.monotonic() > deadline:
                raise ImportRefused("Berkas CSV terlalu lama dibaca; bagi menjadi beberapa impor.")
            yield number, list(row[:MAX_COLUMNS])


def _delimiter(text: str) -> str:
    """The separator the header line uses most: ';' (Excel in an Indonesian locale), ',' or
    tab. The column titles contain none of them, so the header line decides alone."""
    header = text[:4096].split("\n", 1)[0]
    return max(";,\t", key=header.count) if any(c in header for c in ";,\t") else ","


@contextmanager
def _field_limit(characters: int) -> Iterator[None]:
    """The csv module's longest field for the duration of one read (it is process-wide; every
    CSV read in Tayang is a DIP import, which uses this same limit)."""
    previous = csv.field_size_limit(characters)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())
