"""The DIP as a spreadsheet: import from XLSX/CSV with a row-by-row report, export both ways.

An import is all or nothing: when any row is refused, the report lists every refused row with
its reasons and nothing is saved, so a PPID never ends up with half a list. Rows are matched to
existing entries by their number, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from tayang.dip.models import Classification, Decree, Entry
from tayang.orgs.models import Organization

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
REQUIRED = ("number", "summary", "holder", "responsible", "made_when", "retention",
            "classification")
MAX_ROWS = 5000
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


def read_table(name: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Rows of an uploaded XLSX or CSV file as (row number, {attribute: text})."""
    if data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data)
    elif name.lower().endswith((".csv", ".txt")) or b"\x00" not in data[:1024]:
        rows = _csv_rows(data)
    else:
        raise ImportRefused("Berkas harus berupa XLSX (Excel) atau CSV.")
    if not rows:
        raise ImportRefused("Berkas kosong: baris pertama harus berisi judul kolom.")
    header = [str(cell or "").strip().lower() for cell in rows[0]]
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
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRefused(f"Terlalu banyak baris ({len(rows) - 1}); paling banyak {MAX_ROWS}.")
    table = []
    for offset, row in enumerate(rows[1:], start=2):
        cells = {attribute: _text(row[index] if index < len(row) else None)
                 for attribute, index in positions.items()}
        if any(cells.values()):
            table.append((offset, cells))
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
        writer.writerow(_export_row(entry))
    # With a byte-order mark, so that Excel opens the Indonesian text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(entries: Iterable[Entry], title: str) -> bytes:
    from openpyxl import Workbook  # 8 MB: only for spreadsheets

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "DIP"
    sheet.append([title])
    sheet.append([])
    sheet.append([heading for _, heading in COLUMNS] + ["Terakhir diperbarui", "SK penetapan"])
    for entry in entries:
        sheet.append(_export_row(entry))
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


def _xlsx_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook  # 8 MB: only for spreadsheets

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportRefused("Berkas XLSX rusak atau bukan berkas Excel.") from error
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    # An exported file carries a title line and an empty line above the header.
    while rows and not any(_text(cell) for cell in rows[0][1:]):
        rows.pop(0)
    return rows


def _csv_rows(data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older Excel "CSV" exports
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())
