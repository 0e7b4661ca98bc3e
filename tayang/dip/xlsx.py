"""Reading the first sheet of an XLSX file as a stream, within limits set before anything is read.

An XLSX file is a ZIP of XML parts, and every size in it is the sender's word: a 1.7 KB file can
claim ``<dimension ref="A1:XFD1048576"/>`` (a reader that pads rows to that width allocates
gigabytes), a row can be numbered 1,048,576, a part can inflate a thousandfold, the shared
strings can hold millions of entries. So this reader

* checks the ZIP's directory before inflating anything: how many parts, their inflated sizes,
  their compression ratio, and only the two compression methods Excel writes;
* parses each XML part with expat as it inflates, chunk by chunk, refusing DTDs and entities;
* never looks at the claimed dimension: a row holds the cells it really has, up to
  ``max_columns``, and a gap in row numbers costs nothing;
* counts rows, cells, characters and time as it goes and stops at the first limit, with a
  message for the person in Bahasa Indonesia.

It yields ``(row number, [cell values])``; the caller decides how many rows with content it
takes and closes the generator, which stops the reading there.
"""

from __future__ import annotations

import posixpath
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.parsers import expat

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CHUNK = 64 * 1024
_COLUMN = re.compile(r"([A-Z]{1,3})")
_SMALL_PART = 4 * 1024 * 1024  # workbook.xml, its relationships, styles.xml
_ROW, _CELL, _V, _T = f"{_MAIN} row", f"{_MAIN} c", f"{_MAIN} v", f"{_MAIN} t"
_SI, _PHONETIC = f"{_MAIN} si", f"{_MAIN} rPh"
_END_RECORD_SPAN = 22 + 65535  # the ZIP end record and the longest comment it may carry
_BROKEN = "Berkas XLSX rusak atau bukan berkas Excel."
_TOO_SLOW = "Berkas XLSX terlalu lama dibaca; simpan hanya lembar DIP lalu unggah ulang."


class SheetRefused(Exception):
    """The file cannot be read within the limits; the message is for the person."""


@dataclass(frozen=True)
class SheetLimits:
    max_rows: int = 100_000  # <row> elements, with content or not
    max_columns: int = 64  # cells beyond this column are not kept
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_shared_strings: int = 200_000
    max_shared_chars: int = 16_000_000
    max_parts: int = 500
    max_part_bytes: int = 64 * 1024 * 1024  # inflated size of any one part
    max_total_bytes: int = 128 * 1024 * 1024  # inflated size of all parts together
    max_ratio: int = 500  # inflated / compressed, for parts over 8 MB inflated
    seconds: float = 20.0


def first_sheet_rows(source: BinaryIO, limits: SheetLimits) -> Iterator[tuple[int, list[object]]]:
    """The rows of the workbook's first sheet, as they are read."""
    deadline = time.monotonic() + limits.seconds
    if _declared_parts(source) > limits.max_parts:  # before zipfile lists them all in memory
        raise SheetRefused(_too_many_parts(limits))
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise SheetRefused(_BROKEN) from error
    with archive:
        _check_directory(archive, limits)
        names = set(archive.namelist())
        sheet, date1904 = _first_sheet(archive, names)
        dates = _date_styles(archive, names)
        strings = _shared_strings(archive, names, limits, deadline)
        # openpyxl (16 MB) is imported by the import that needs it, not by every process.
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        reader = _SheetReader(strings, dates, CALENDAR_MAC_1904 if date1904 else
                              CALENDAR_WINDOWS_1900, limits, deadline)
        yield from _parse_stream(archive, sheet, reader, deadline)


# -- the ZIP's directory ---------------------------------------------------------------------------
def _check_directory(archive: zipfile.ZipFile, limits: SheetLimits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_parts:
        raise SheetRefused(_too_many_parts(limits))
    total = 0
    for member in members:
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise SheetRefused("Berkas XLSX memakai pemampatan yang tidak dikenal; simpan ulang "
                               "dari Excel atau LibreOffice.")
        if member.flag_bits & 0x1:
            raise SheetRefused("Berkas XLSX terkunci kata sandi; buka kuncinya lalu unggah ulang.")
        ratio = member.file_size / max(member.compress_size, 1)
        if (member.file_size > limits.max_part_bytes
                or (member.file_size > 8 * 1024 * 1024 and ratio > limits.max_ratio)):
            raise SheetRefused(_too_big(member.file_size, limits))
        total += member.file_size
    if total > limits.max_total_bytes:
        raise SheetRefused(_too_big(total, limits))


def _declared_parts(source: BinaryIO) -> int:
    """How many parts the ZIP's end record announces (0 when there is none to be found)."""
    source.seek(0, 2)
    size = source.tell()
    source.seek(max(0, size - _END_RECORD_SPAN))
    tail = source.read()
    source.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    return int.from_bytes(tail[at + 10:at + 12], "little") if at >= 0 else 0


def _too_many_parts(limits: SheetLimits) -> str:
    return f"Berkas XLSX tidak wajar: berisi lebih dari {limits.max_parts} bagian."


def _too_big(size: int, limits: SheetLimits) -> str:
    return (f"Isi berkas XLSX terlalu besar setelah dibuka ({size // 1024 // 1024} MB; paling "
            f"besar {limits.max_part_bytes // 1024 // 1024} MB per bagian, tanpa pemampatan "
            f"lebih dari {limits.max_ratio}×). Sebuah DIP jauh lebih kecil: simpan hanya lembar "
            "DIP dalam berkas baru lalu unggah ulang.")


# -- workbook, relationships, styles -------------------------------------------------------------
def _first_sheet(archive: zipfile.ZipFile, names: set[str]) -> tuple[str, bool]:
    """The part name of the first sheet in the workbook's order, and its date system."""
    found: dict[str, object] = {"sheet": None, "date1904": False}

    def workbook(name: str, attributes: dict[str, str]) -> None:
        if name == f"{_MAIN} sheet" and found["sheet"] is None:
            found["sheet"] = attributes.get(f"{_RELATIONSHIPS} id")
        elif name == f"{_MAIN} workbookPr":
            found["date1904"] = attributes.get("date1904", "") in ("1", "true")

    targets: dict[str, str] = {}

    def relationships(name: str, attributes: dict[str, str]) -> None:
        if name == f"{_PACKAGE_RELATIONSHIPS} Relationship":
            targets[attributes.get("Id", "")] = attributes.get("Target", "")

    if "xl/workbook.xml" in names:
        _parse_small(archive, "xl/workbook.xml", workbook)
    if "xl/_rels/workbook.xml.rels" in names:
        _parse_small(archive, "xl/_rels/workbook.xml.rels", relationships)
    target = targets.get(str(found["sheet"]), "")
    part = (target.lstrip("/") if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))) if target else ""
    if part not in names:
        part = "xl/worksheets/sheet1.xml"
    if part not in names:
        raise SheetRefused("Berkas XLSX tidak berisi lembar kerja.")
    return part, bool(found["date1904"])


def _date_styles(archive: zipfile.ZipFile, names: set[str]) -> frozenset[int]:
    """Indexes of the cell styles that show a number as a date (``s`` attribute of a cell)."""
    if "xl/styles.xml" not in names:
        return frozenset()
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    formats: dict[int, str] = dict(BUILTIN_FORMATS)
    cell_styles: list[int] = []
    inside = {"cellXfs": False}

    def styles(name: str, attributes: dict[str, str]) -> None:
        if name == f"{_MAIN} numFmt":
            number = _int(attributes.get("numFmtId"), -1)
            formats[number] = attributes.get("formatCode", "")
        elif name == f"{_MAIN} cellXfs":
            inside["cellXfs"] = True
        elif name == f"{_MAIN} cellStyleXfs":
            inside["cellXfs"] = False
        elif name == f"{_MAIN} xf" and inside["cellXfs"]:
            cell_styles.append(_int(attributes.get("numFmtId"), 0))

    _parse_small(archive, "xl/styles.xml", styles)
    return frozenset(
        index for index, format_id in enumerate(cell_styles)
        if format_id in formats and is_date_format(formats[format_id])
    )


def _parse_small(archive: zipfile.ZipFile, part: str,
                 start: Callable[[str, dict[str, str]], None]) -> None:
    if archive.getinfo(part).file_size > _SMALL_PART:
        raise SheetRefused(_BROKEN)
    parser = _parser()
    parser.StartElementHandler = start
    try:
        parser.Parse(archive.read(part), True)
    except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError) as error:
        raise SheetRefused(_BROKEN) from error


# -- shared strings ------------------------------------------------------------------------------
class _StringsReader:
    """expat handlers for ``sharedStrings.xml``: one text per ``<si>``, phonetic runs left out."""

    def __init__(self, limits: SheetLimits) -> None:
        self.limits = limits
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.length = 0
        self.total = 0
        self.phonetic = 0
        self.collecting = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _SI:
            self.parts, self.length = [], 0
        elif name == _PHONETIC:
            self.phonetic += 1
        elif name == _T and not self.phonetic:
            self.collecting = True

    def chars(self, data: str) -> None:
        if self.collecting:
            self.length += len(data)
            if self.length > self.limits.max_cell_chars:
                raise SheetRefused(_cell_too_long(self.limits))
            self.parts.append(data)

    def end(self, name: str) -> None:
        if name == _SI:
            self.total += self.length
            if (len(self.strings) >= self.limits.max_shared_strings
                    or self.total > self.limits.max_shared_chars):
                raise SheetRefused("Berkas XLSX berisi teks terlalu banyak untuk sebuah DIP.")
            self.strings.append("".join(self.parts))
        elif name == _PHONETIC:
            self.phonetic -= 1
        elif name == _T:
            self.collecting = False

    @staticmethod
    def take() -> list[tuple[int, list[object]]]:
        return []


def _shared_strings(archive: zipfile.ZipFile, names: set[str], limits: SheetLimits,
                    deadline: float) -> list[str]:
    if "xl/sharedStrings.xml" not in names:
        return []
    reader = _StringsReader(limits)
    for _ in _parse_stream(archive, "xl/sharedStrings.xml", reader, deadline):
        pass
    return reader.strings


# -- the sheet itself ----------------------------------------------------------------------------
class _SheetReader:
    """expat handlers for a worksheet part; finished rows wait in ``ready``."""

    def __init__(self, strings: list[str], dates: frozenset[int], epoch: object,
                 limits: SheetLimits, deadline: float) -> None:
        self.strings, self.dates, self.epoch = strings, dates, epoch
        self.limits, self.deadline = limits, deadline
        self.ready: list[tuple[int, list[object]]] = []
        self.rows = 0
        self.row_number = 0
        self.cells: dict[int, object] = {}
        self.column = 0
        self.cell: dict[str, str] | None = None  # the attributes of the cell being read
        self.parts: list[str] | None = None  # its value's text, once a <v> or <t> began
        self.length = 0
        self.collecting = False

    def take(self) -> list[tuple[int, list[object]]]:
        ready, self.ready = self.ready, []
        return ready

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _ROW:
            self.rows += 1
            if self.rows > self.limits.max_rows:
                raise SheetRefused(f"Lembar XLSX berisi lebih dari {_dotted(self.limits.max_rows)}"
                                   " baris (termasuk baris kosong).")
            self.row_number = _int(attributes.get("r"), self.row_number + 1)
            self.cells, self.column = {}, 0
        elif name == _CELL:
            self.column = _column(attributes.get("r"), self.column + 1)
            self.cell, self.parts, self.length = attributes, None, 0
        elif name in (_V, _T) and self.cell is not None:
            self.collecting = True
            if self.parts is None:
                self.parts = []

    def chars(self, data: str) -> None:
        if self.collecting and self.parts is not None:
            self.length += len(data)
            if self.length > self.limits.max_cell_chars:
                raise SheetRefused(_cell_too_long(self.limits, self.row_number))
            if self.column <= self.limits.max_columns:
                self.parts.append(data)

    def end(self, name: str) -> None:
        if name in (_V, _T):
            self.collecting = False
        elif name == _CELL and self.cell is not None:
            if self.parts is not None and self.column <= self.limits.max_columns:
                self.cells[self.column] = self._value("".join(self.parts), self.cell)
            self.cell = None
        elif name == _ROW:
            width = max(self.cells, default=0)
            self.ready.append((self.row_number,
                               [self.cells.get(index) for index in range(1, width + 1)]))
            if time.monotonic() > self.deadline:
                raise SheetRefused(_TOO_SLOW)

    def _value(self, raw: str, cell: dict[str, str]) -> object:
        kind = cell.get("t", "n")
        if kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError) as error:
                raise SheetRefused(_BROKEN) from error
        if kind in ("inlineStr", "str", "e", "d"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        try:
            number = float(raw)
        except ValueError:
            return raw
        if _int(cell.get("s"), 0) in self.dates:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                return raw
        return int(number) if number.is_integer() and abs(number) < 1e15 else number


def _parse_stream(archive: zipfile.ZipFile, part: str, reader: _StringsReader | _SheetReader,
                  deadline: float) -> Iterator[tuple[int, list[object]]]:
    """Feed ``part`` to expat in chunks, yielding the rows the reader finished after each."""
    parser = _parser()
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.chars
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
                yield from reader.take()
                if time.monotonic() > deadline:
                    raise SheetRefused(_TOO_SLOW)
            parser.Parse(b"", True)
            yield from reader.take()
    except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise SheetRefused(_BROKEN) from error


def _parser() -> expat.XMLParserType:
    """An expat parser that refuses any DTD: no entity of the sender is ever expanded."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse(*_: object) -> None:
        raise SheetRefused("Berkas XLSX berisi deklarasi DTD yang tidak diizinkan.")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _column(reference: str | None, default: int) -> int:
    match = _COLUMN.match(reference or "")
    if not match:
        return default
    number = 0
    for letter in match.group(1):
        number = number * 26 + ord(letter) - 64
    return number


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _cell_too_long(limits: SheetLimits, row: int | None = None) -> str:
    where = f"Baris {row}: ada" if row else "Ada"
    return f"{where} sel berisi lebih dari {_dotted(limits.max_cell_chars)} karakter."


def _dotted(number: int) -> str:
    """12.345, as numbers are written in Indonesian."""
    return f"{number:,}".replace(",", ".")
