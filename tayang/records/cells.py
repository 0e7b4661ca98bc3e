"""Text that a spreadsheet shows as text: the one guard against formula injection in exports.

A value typed by a person (a title, a DIP summary) can start like a formula: ``=HYPERLINK(…)``,
``+cmd|' /C calc'!A0``, ``@SUM(…)``, ``-2+3``. Opened from a CSV or written as a formula into
an XLSX, the spreadsheet on an auditor's machine would run it (OWASP "CSV injection"). Every
export of Tayang goes through this module:

* CSV: :func:`spreadsheet_safe` puts a single quote before such a value; spreadsheets show the
  text and hide the quote. :func:`from_spreadsheet_safe` undoes exactly that on import, so an
  exported DIP imported again changes nothing.
* XLSX: :func:`text_cell` writes the value as a string cell (``data_type "s"``), which no
  spreadsheet evaluates, so the value stays exactly as typed.

What counts as formula-like: a first character of ``=``, ``+``, ``@``, tab, carriage return or
line feed (and the full-width ``＝ ＋ － ＠`` some spreadsheets accept), or ``-`` followed by
anything but a plain number. A lone ``-`` (the registers' "nothing here") and a negative number
such as ``-5`` or ``-1,5`` stay as they are: a spreadsheet reads them as a dash and a number,
never as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_FORMULA_STARTS = frozenset("=+@\t\r\n＝＋＠－")
_PLAIN_NEGATIVE = re.compile(r"-\d+(?:[.,]\d+)?")


def formula_like(value: str) -> bool:
    """Whether a spreadsheet could take ``value`` for a formula."""
    if not value:
        return False
    if value[0] in _FORMULA_STARTS:
        return True
    return value[0] == "-" and value != "-" and not _PLAIN_NEGATIVE.fullmatch(value)


def spreadsheet_safe(value: str) -> str:
    """``value`` for a CSV cell: formula-like text gets a leading single quote."""
    return f"'{value}" if formula_like(value) else value


def from_spreadsheet_safe(value: str) -> str:
    """The text :func:`spreadsheet_safe` was given (for importing what Tayang exported)."""
    return value[1:] if value.startswith("'") and formula_like(value[1:]) else value


def text_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """An XLSX cell that is text whatever it starts with (openpyxl makes "=..." a formula)."""
    from openpyxl.cell import WriteOnlyCell  # 16 MB, only for an export (docs/performance.md)

    cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
    cell.data_type = "s"
    return cell


def readable_sheet(sheet: WriteOnlyWorksheet, widths: Iterable[float], *, header_row: int,
                   rows: int) -> None:
    """Column widths (in characters), the header row frozen and an autofilter over the table,
    so the file opens readable in LibreOffice and Excel. Call before the first row is
    appended: a write-only sheet writes its columns and panes with the first row."""
    from openpyxl.utils import get_column_letter  # with openpyxl, only for an export

    widths = list(widths)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    last = get_column_letter(len(widths))
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(rows, 1)}"
