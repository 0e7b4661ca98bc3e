"""Printing a record as a PDF through Typst, with the fonts shipped with Tayang only.

All records share one fixed template (``record.typ``) that receives the record as JSON in
``sys.inputs``: agency text is never parsed as Typst markup, and because Typst sees only the
shipped Liberation Sans, a record prints the same on every machine.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tayang import apart
from tayang.sop.document.content import MONTHS
from tayang.sop.document.metrics import FONT_DIR
from tayang.sop.document.tagged import PDF_STANDARD

if TYPE_CHECKING:
    from tayang.orgs.models import Organization
    from tayang.records.models import IssuedRecord

TEMPLATE = Path(__file__).with_name("record.typ")


class RecordError(RuntimeError):
    """Typst refused a record (a bug in Tayang, never the user's doing)."""


@dataclass(frozen=True)
class Table:
    columns: list[str]
    widths: list[float]  # shares of the text width, one per column
    rows: list[list[str]]


@dataclass(frozen=True)
class Signature:
    place_date: str
    position: str
    name: str = ""  # printed under the line when known (else "(nama dan tanda tangan)")
    nip: str = ""
    heading: str = "Mengetahui,"  # who signs in what capacity ("Evaluator," on an evaluation)
    rank: str = ""  # pangkat/golongan, between the name and the NIP


@dataclass(frozen=True)
class Letterhead:
    """The kop surat: logo, hierarchy lines, name, address and contacts (``kop.typ``)."""

    name: str
    lines: list[str] = field(default_factory=list)
    address: str = ""
    contact: str = ""
    logo: list[int] | None = None  # PNG bytes as numbers: Typst reads no files


@dataclass(frozen=True)
class Verification:
    """The QR code and words that send a reader of the paper to ``/verifikasi/<code>/``."""

    url: str
    code: str
    qr: str  # SVG text
    content_hash: str


@dataclass(frozen=True)
class TitledTable:
    """One of several tables of a record (the evaluation report has one per SOP)."""

    title: str
    table: Table
    note: str = ""  # a line under the table (what the figures mean)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Record:
    """What one printed record says; ``record.typ`` only lays it out."""

    title: str
    organization: str
    footer: str
    address: str = ""
    subtitle: str = ""
    landscape: bool = False
    warning: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    table: Table | None = None
    table_title: str = ""
    tables: list[TitledTable] = field(default_factory=list)  # after ``table``
    closing: list[Section] = field(default_factory=list)  # after the tables
    signature: Signature | None = None
    letterhead: Letterhead | None = None
    verification: Verification | None = None
    keep_last_rows: int = 0  # the table's last rows printed on the signature's page


def letterhead_of(organization: Organization) -> Letterhead:
    """The organization's kop surat as every record prints it."""
    logo = None
    if organization.logo_id:
        try:
            with organization.logo.file.open("rb") as stored:
                logo = list(stored.read())
        except (OSError, ValueError):
            logo = None  # a missing file leaves the kop without a logo rather than failing it
    return Letterhead(
        name=organization.name, lines=organization.hierarchy,
        address=organization.full_address, contact=organization.contact_line, logo=logo,
    )


def verification_of(issued: IssuedRecord) -> Verification:
    from tayang.records.verification import qr_svg, verification_url

    url = verification_url(issued)
    digest = issued.content_hash  # in groups of eight: it wraps, and is compared group-wise
    return Verification(url=url, code=issued.code, qr=qr_svg(url),
                        content_hash=" ".join(digest[i:i + 8] for i in range(0, len(digest), 8)))


def render(record: Record, *, now: datetime | None = None) -> bytes:
    """The record as PDF bytes; ``now`` is the creation date written into the file."""
    return compile_template(TEMPLATE, asdict(record), now=now)


def compile_template(template: Path, data: object, *, now: datetime | None = None) -> bytes:
    """Any of Tayang's fixed Typst templates with ``data`` as JSON in ``sys.inputs``: the
    shipped fonts only, agency text never parsed as markup (records, large print)."""
    encoded = json.dumps(data, ensure_ascii=False)
    try:  # Typst in a child process: no process keeps it (tayang/apart.py)
        return apart.typeset(
            template, font_dir=FONT_DIR, sys_inputs={"data": encoded},
            pdf_standards=PDF_STANDARD,
            timestamp=(now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0),
        )
    except apart.Refused as error:
        raise RecordError(f"Dokumen gagal disusun: {error.message}") from error


def long_date(value: date) -> str:
    """``2 Maret 2026``: dates on records are written out, as on official letters."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def place_date(place: str, day: date) -> str:
    """``Wonosari, 2 Maret 2026``: the place before the date, as on official letters."""
    return f"{place}, {long_date(day)}" if place else long_date(day)


def local_time(moment: datetime | None, zone: ZoneInfo, abbreviation: str = "") -> str:
    """``2 Maret 2026 09.15 WIB``: a moment in the organization's own zone."""
    if moment is None:
        return "-"
    local = moment.astimezone(zone)
    suffix = f" {abbreviation}" if abbreviation else ""
    return f"{long_date(local.date())} {local:%H.%M}{suffix}"
