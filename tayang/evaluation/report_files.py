"""The evaluation report as files: PDF through the records' Typst template (for signature),
and XLSX (one sheet per SOP, a summary sheet first)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from tayang.evaluation.period import Period
from tayang.evaluation.queries import Scope
from tayang.evaluation.report import Report
from tayang.evaluation.steps import SopFigures, StepRow, amount, share
from tayang.orgs.models import Organization
from tayang.records.cells import text_cell
from tayang.records.typesetting import (
    Record,
    Section,
    Signature,
    Table,
    TitledTable,
    Verification,
    letterhead_of,
    long_date,
    place_date,
    render,
)

TITLE = "Laporan Evaluasi Penerapan SOP"
STEP_COLUMNS = ("No", "Langkah", "Pelaksana", "Standar waktu", "Dilakukan", "Median", "P90",
                "Tepat waktu", "Terlambat", "Dikembalikan", "Dilewati", "Diulang")
STEP_WIDTHS = (0.5, 3.0, 1.8, 1.3, 1.0, 1.0, 1.0, 1.2, 1.2, 1.4, 0.9, 0.9)
CHANGE_COLUMN = "Perubahan tepat waktu"
FURTHEST_COLUMNS = ("No. register", "Judul", "SOP", "Langkah terlambat", "Lewat batas")
MEANING = ("Tepat waktu/terlambat: kunjungan langkah yang selesai sebelum/sesudah batas waktu; "
           "yang masih terbuka dan sudah lewat batas dihitung terlambat. Median dan P90: waktu "
           "nyata (jam, atau hari kerja untuk standar hari kerja).")


def step_cells(row: StepRow) -> list[str]:
    f = row.figures
    return [
        str(row.number or "-"), row.activity, row.executor, row.standard, str(f.performed),
        amount(f.median, row.unit), amount(f.p90, row.unit),
        f"{f.on_time} ({share(f.on_time_share)})", f"{f.late} ({share(f.late_share)})",
        f"{f.sent_back} ({share(f.send_back_rate)})", str(f.skipped), str(f.repeated),
    ]


def _rows(report: Report, sop: SopFigures) -> list[list[str]]:
    rows = []
    for row in sop.steps:
        cells = step_cells(row)
        if report.compared is not None:
            change = report.change(sop, row)
            cells.append(change.on_time_text if change else "-")
        rows.append(cells)
    return rows


def _columns(report: Report) -> tuple[list[str], list[float]]:
    columns, widths = list(STEP_COLUMNS), list(STEP_WIDTHS)
    if report.compared is not None:
        columns.append(CHANGE_COLUMN)
        widths.append(1.2)
    return columns, widths


def summary_fields(report: Report, scope: Scope) -> list[tuple[str, str]]:
    fields = [
        ("Periode", report.period.text),
        ("Unit kerja", _unit_name(scope)),
        ("Kepatuhan terhadap standar waktu", share(report.compliance)),
        ("Konten yang dievaluasi", str(sum(sop.items for sop in report.sops))),
    ]
    if report.compared is not None:
        fields.append(("Periode pembanding", report.compared.text))
        fields.append(("Kepatuhan periode pembanding",
                       f"{share(report.compared_compliance)} (perubahan "
                       f"{report.compliance_change})"))
    return fields


def _unit_name(scope: Scope) -> str:
    if scope.unit is None:
        return "Semua unit"
    return scope.organization.units.get(pk=scope.unit).name


def _parts(report: Report, scope: Scope) -> tuple[list[TitledTable], list[Section]]:
    """The report's tables and closing sections: what the PDF prints and what its
    verification hash is computed from."""
    columns, widths = _columns(report)
    tables = [
        TitledTable(f"{sop.sop.identity.name}"
                    + (f" (No. {sop.sop.identity.number})" if sop.sop.identity.number else "")
                    + f" — kepatuhan {share(sop.compliance)}",
                    Table(columns=columns, widths=widths, rows=_rows(report, sop)), MEANING)
        for sop in report.sops
    ]
    if report.furthest:
        tables.append(TitledTable(
            "Konten paling jauh dari standar",
            Table(columns=list(FURTHEST_COLUMNS), widths=[1.2, 4.5, 3.0, 1.4, 1.6],
                  rows=[[f.item.register_code or f"#{f.item.pk}", f.item.title or "-", f.sop,
                         str(f.late_steps), f.overrun] for f in report.furthest]),
        ))
    note = report.note
    closing = [
        Section("Kesimpulan", _paragraphs(note.conclusions if note else "")),
        Section("Rekomendasi", _paragraphs(note.recommendations if note else "")),
    ]
    return tables, closing


def report_content(report: Report, scope: Scope) -> list[object]:
    """What the printed report says, for its verification hash."""
    tables, closing = _parts(report, scope)
    return [summary_fields(report, scope),
            [[titled.title, titled.table.rows] for titled in tables],
            [[section.heading, section.paragraphs] for section in closing]]


def verification_params(scope: Scope, compared: Period | None, now: datetime) -> str:
    """Everything needed to compute the same report again: its period, unit, comparison and
    the moment it was made (open steps are measured against it)."""
    return "|".join([scope.period.start.isoformat(), scope.period.end.isoformat(),
                     str(scope.unit or ""),
                     compared.start.isoformat() if compared else "",
                     compared.end.isoformat() if compared else "",
                     now.astimezone(UTC).isoformat()])


def current_content(organization: Organization, params: str) -> list[object] | None:
    """The report with ``params`` (see :func:`verification_params`) as the data say now."""
    from tayang.evaluation import report as evaluation

    try:
        start, end, unit, compared_start, compared_end, moment = params.split("|")
        scope = Scope(organization, Period(date.fromisoformat(start), date.fromisoformat(end)),
                      int(unit) if unit else None)
        compared = (Period(date.fromisoformat(compared_start), date.fromisoformat(compared_end))
                    if compared_start else None)
        now = datetime.fromisoformat(moment)
    except ValueError:
        return None
    return report_content(evaluation.build(scope, now, compared), scope)


def to_pdf(report: Report, scope: Scope, *, now: datetime,
           verification: Verification | None = None) -> bytes:
    org = scope.organization
    today = long_date(now.astimezone(org.zone).date())
    tables, closing = _parts(report, scope)
    note = report.note
    record = Record(
        title=TITLE.upper(), organization=org.name, address=org.address,
        letterhead=letterhead_of(org), verification=verification,
        subtitle=f"Periode: {report.period.text}", landscape=True,
        footer=f"{TITLE} · {org.name} · dicetak {today}",
        fields=summary_fields(report, scope)[1:], tables=tables, closing=closing,  # period: above
        signature=Signature(place_date=place_date(org.city, now.astimezone(org.zone).date()),
                            position=(note.position if note and note.position else "Evaluator"),
                            name=note.evaluator if note else "", nip=note.nip if note else "",
                            heading="Evaluator,"),
    )
    return render(record, now=now)


def _paragraphs(text: str) -> list[str]:
    found = [part.strip() for part in text.split("\n\n") if part.strip()]
    return found or ["(belum diisi)"]


def to_xlsx(report: Report, scope: Scope) -> bytes:
    from openpyxl import Workbook  # 8 MB: only when a spreadsheet is made

    book = Workbook(write_only=True)
    summary = book.create_sheet("Ringkasan")
    summary.append([f"{TITLE} — {scope.organization.name}"])
    for label, value in summary_fields(report, scope):
        summary.append([label, text_cell(summary, value)])
    summary.append([])
    summary.append(["SOP", "Konten", "Kepatuhan"])
    for sop in report.sops:
        summary.append([text_cell(summary, sop.sop.identity.name), sop.items,
                        share(sop.compliance)])
    if report.furthest:
        summary.append([])
        summary.append(["Konten paling jauh dari standar"])
        summary.append(list(FURTHEST_COLUMNS))
        for f in report.furthest:
            summary.append([text_cell(summary, value) for value in (
                f.item.register_code or f"#{f.item.pk}", f.item.title or "-", f.sop,
                str(f.late_steps), f.overrun)])
    note = report.note
    summary.append([])
    summary.append(["Kesimpulan", text_cell(summary, note.conclusions if note else "")])
    summary.append(["Rekomendasi", text_cell(summary, note.recommendations if note else "")])
    columns, _ = _columns(report)
    for n, sop in enumerate(report.sops, start=1):
        # Sheet names: at most 31 characters, unique, none of []:*?/\ (Excel's rules).
        name = "".join(c for c in sop.procedure.key if c not in "[]:*?/\\")[:27] or "SOP"
        sheet = book.create_sheet(f"{n}-{name}"[:31])
        sheet.append([text_cell(sheet, sop.sop.identity.name)])
        sheet.append([f"Kepatuhan {share(sop.compliance)}", MEANING])
        sheet.append(columns)
        for cells in _rows(report, sop):
            sheet.append([text_cell(sheet, value) for value in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
