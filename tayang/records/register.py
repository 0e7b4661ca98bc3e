"""The *Register dokumentasi dan konten* as files: CSV and XLSX (softcopy), PDF (hardcopy).

The rows are the register page's own queryset (same filters, same order), so an export is
exactly what the person saw on screen, all pages of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sized
from dataclasses import astuple, dataclass
from datetime import date, datetime

from django.http import QueryDict

from tayang.items.models import STATUS_LABELS, Item
from tayang.orgs.models import Organization
from tayang.procedures.definitions import sops_by_version
from tayang.records.cells import readable_sheet, spreadsheet_safe, text_cell
from tayang.records.progress import Counter, Progress
from tayang.records.typesetting import (
    Record,
    Signature,
    Table,
    Verification,
    letterhead_of,
    local_time,
    long_date,
    place_date,
    render,
)
from tayang.records.verification import Signer
from tayang.sop.model import Sop

COLUMNS = (
    "No. register", "Tanggal kegiatan", "Diserahkan", "Unit", "Judul", "SOP", "Status",
    "Langkah sekarang", "Standar waktu",
)
WIDTHS = (1.0, 1.2, 1.5, 1.4, 3.6, 2.0, 1.1, 2.6, 1.3)
TITLE = "Register Dokumentasi dan Konten"
XLSX_WIDTHS = (13, 16, 22, 22, 48, 30, 16, 40, 20)  # characters, one per column


@dataclass(frozen=True)
class RegisterRow:
    number: str
    activity_date: str
    handed_in: str
    unit: str
    title: str
    sop: str
    status: str
    step: str
    time_standard: str


def rows(items: Iterable[Item], organization: Organization, *,
         progress: Progress | None = None) -> list[RegisterRow]:
    """One row per item, in the organization's time zone.

    ``items`` must carry the register queryset's ``late_steps``/``timed_steps`` annotations:
    the time-standard result is the same one the register page shows. ``progress`` hears
    ``(rows done, rows in all)``; a queryset is fetched once for its length and then read
    from its cache, so counting costs no second query.
    """
    zone, abbreviation = organization.zone, organization.zone_abbreviation
    total = 0
    if progress is not None:
        items = items if isinstance(items, Sized) else list(items)
        total = len(items)  # type: ignore[arg-type]  # Sized by now
    counter = Counter(progress, total)
    result = []
    sops: dict[int, Sop] = {}
    for item in items:
        if item.procedure_version_id not in sops:  # a few SOPs for any number of rows
            sops.update(sops_by_version({item.procedure_version_id}))
        sop = sops[item.procedure_version_id]
        step = sop.step(item.step) if item.step else None
        late = getattr(item, "late_steps", 0)
        if late:
            timing = f"{late} langkah terlambat"
        elif getattr(item, "timed_steps", 0):
            timing = "Tepat waktu"
        else:
            timing = "-"
        result.append(RegisterRow(
            number=item.register_code,
            activity_date=long_date(item.activity_date) if item.activity_date else "-",
            handed_in=local_time(item.handed_in_at, zone, abbreviation),
            unit=item.unit.name if item.unit else "-",
            title=item.title or "(tanpa judul)",
            sop=sop.identity.name,
            status=str(STATUS_LABELS.get(item.status, item.status)),  # type: ignore[call-overload]
            step=f"{step.number}. {step.activity}" if step else "-",
            time_standard=timing,
        ))
        counter.step()
    return result


def to_csv(register: list[RegisterRow]) -> bytes:
    """UTF-8 with a byte-order mark and ';' between fields: what Excel opens correctly in an
    Indonesian locale (where ',' is the decimal separator)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([spreadsheet_safe(value) for value in astuple(row)] for row in register)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(register: list[RegisterRow], organization: Organization, period: str) -> bytes:
    """One sheet: a title line, the period, then the table (write-only, so a year is quick)."""
    from openpyxl import Workbook  # 8 MB: only when a spreadsheet is made

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    readable_sheet(sheet, XLSX_WIDTHS, header_row=3, rows=len(register))
    sheet.append([f"{TITLE} — {organization.name}"])
    sheet.append([period])
    sheet.append(list(COLUMNS))
    for row in register:
        sheet.append([text_cell(sheet, value) for value in astuple(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


KEPT_ROWS = 3  # the table's last rows that stay on the page of "Mengetahui"


def to_pdf(register: list[RegisterRow], organization: Organization, period: str, *,
           signer: Signer, now: datetime, verification: Verification | None = None) -> bytes:
    """A4 landscape, with a signature block for the hardcopy that is kept as the record: the
    kop surat on the first page, "Mengetahui" on the page of the table's last rows, the place
    before the date, and the QR code of the verification page."""
    today = long_date(now.astimezone(organization.zone).date())
    record = Record(
        title=TITLE.upper(), organization=organization.name, address=organization.address,
        letterhead=letterhead_of(organization), verification=verification,
        keep_last_rows=KEPT_ROWS,
        subtitle=f"Periode: {period} · {len(register)} konten", landscape=True,
        footer=f"{TITLE} · {organization.name} · dicetak {today}",
        table=Table(columns=list(COLUMNS), widths=list(WIDTHS),
                    rows=[list(astuple(row)) for row in register]),
        signature=Signature(place_date=place_date(organization.city,
                                                  now.astimezone(organization.zone).date()),
                            position=signer.position, name=signer.name, rank=signer.rank,
                            nip=signer.nip),
    )
    return render(record, now=now)


def current_rows(organization: Organization, query: QueryDict) -> list[RegisterRow]:
    """The rows a register with these filters has now (for its verification page)."""
    from tayang.workspace.views.register import filtered_for

    items, _ = filtered_for(organization, query)
    return rows(items, organization)


def period_text(year: int | None, start: date | None, end: date | None) -> str:
    """The period the filters select, as printed under the title (year and hand-in dates may
    both be given; the hardcopy must say both)."""
    parts = [f"Tahun {year}"] if year else []
    if start and end:
        parts.append(f"{long_date(start)} s.d. {long_date(end)}")
    elif start:
        parts.append(f"sejak {long_date(start)}")
    elif end:
        parts.append(f"sampai {long_date(end)}")
    return ", diserahkan ".join(parts) if parts else "Semua periode"
