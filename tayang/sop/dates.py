"""Dates as Indonesian documents write them: "16 Februari 2016", "16-02-2016", "2016-02-16".

An agency copies the dates of its signed SOP into the definition as they stand on the paper;
the loader reads them here and the SOP document prints them back in one form ("16 Februari
2016"). A date that does not exist ("31 Februari 2016") or a misspelt month is refused with
what was expected, never guessed.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from datetime import date

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
# Full names, the old spellings still seen on older documents, and common abbreviations.
_MONTH_NUMBERS = {name.casefold(): number for number, name in enumerate(MONTHS, start=1)} | {
    "pebruari": 2, "nopember": 11,
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8,
    "ags": 8, "agust": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "nop": 11, "des": 12,
}
_IN_WORDS = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

EXPECTED = "yang diharapkan: tanggal seperti «16 Februari 2016», «16-02-2016» atau «2016-02-16»"


@dataclass(frozen=True)
class DateProblem:
    """Why a text is not a date, in Bahasa Indonesia."""

    message: str


def parse_date(text: str) -> date | DateProblem:
    """The date ``text`` names, or why it names none."""
    written = " ".join(text.split())
    if found := _IN_WORDS.match(written):
        day, month_name, year = found.groups()
        month = _MONTH_NUMBERS.get(month_name.casefold())
        if month is None:
            close = difflib.get_close_matches(month_name.capitalize(), MONTHS, n=1, cutoff=0.6)
            hint = f"; mungkin maksudnya «{close[0]}»" if close else ""
            return DateProblem(
                f"bulan «{month_name}» tidak dikenal; yang diharapkan: nama bulan Januari sampai "
                f"Desember{hint}"
            )
        return _checked(int(year), month, int(day), written)
    if found := _DAY_FIRST.match(written):
        day, _, month, year = found.groups()
        return _checked(int(year), int(month), int(day), written)
    if found := _ISO.match(written):
        year, month, day = found.groups()
        return _checked(int(year), int(month), int(day), written)
    return DateProblem(f"«{written}» bukan tanggal; {EXPECTED}")


def _checked(year: int, month: int, day: int, written: str) -> date | DateProblem:
    if not 1 <= month <= 12:
        return DateProblem(
            f"«{written}» bukan tanggal: bulan {month} tidak ada (bulan 1 sampai 12); {EXPECTED}"
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return DateProblem(
            f"«{written}» bukan tanggal: {MONTHS[month - 1]} {year} hanya sampai tanggal {last}"
        )
    return date(year, month, day)


def indonesian(value: date) -> str:
    """``3 Januari 2024``, as the SOP document prints a date."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
