"""Letter numbers (*nomor surat*) from the organization's pattern, allocated without gaps.

The pattern is the organization's (``Organization.letter_number_pattern``), e.g.
``{klasifikasi}/{nomor}/{unit}/{tahun}`` → ``000.1/7/Diskominfo/2026``. The sequence restarts
every year and is taken inside the transaction that writes the letter (:func:`next_sequence`):
the counter row's write lock makes concurrent letters wait for each other, on SQLite (whose
transactions are IMMEDIATE in Tayang) as on PostgreSQL, so no number is given twice and a
rolled-back letter gives its number back.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from tayang.orgs.models import Organization
from tayang.records.models import LetterCounter

PLACEHOLDERS = ("klasifikasi", "nomor", "unit", "tahun", "bulan")
_FIELD = re.compile(r"\{([^{}]*)\}")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MAX_PATTERN = 120


def pattern_problems(pattern: str) -> list[str]:
    """Why ``pattern`` cannot number letters (Indonesian), or nothing."""
    problems = []
    if len(pattern) > MAX_PATTERN:
        problems.append(f"Pola nomor surat paling panjang {MAX_PATTERN} karakter.")
    names = _FIELD.findall(pattern)
    unknown = sorted({name for name in names if name not in PLACEHOLDERS})
    if unknown:
        allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        problems.append(f"Unsur tidak dikenal: {', '.join('{' + n + '}' for n in unknown)}. "
                        f"Yang tersedia: {allowed}.")
    if "nomor" not in names:
        problems.append("Pola nomor surat harus memuat {nomor} (nomor urut surat).")
    if _FIELD.sub("", pattern).count("{") or _FIELD.sub("", pattern).count("}"):
        problems.append("Kurung kurawal pada pola nomor surat tidak berpasangan.")
    return problems


def format_number(pattern: str, *, sequence: int, classification: str, unit: str,
                  day: date) -> str:
    """The letter's number; an empty element leaves no doubled or dangling separator."""
    values = {"klasifikasi": classification.strip(), "nomor": str(sequence),
              "unit": unit.strip(), "tahun": str(day.year),
              "bulan": ROMAN_MONTHS[day.month - 1]}
    text = _FIELD.sub(lambda match: values.get(match.group(1), ""), pattern)
    text = re.sub(r"([/.\-])(?:\s*[/.\-])+", r"\1", text)  # "000.1//2026" → "000.1/2026"
    return text.strip(" /.-")


def unit_code(organization: Organization) -> str:
    return organization.letter_unit_code or organization.short_name or organization.slug


def next_sequence(organization: Organization, year: int) -> int:
    """The next letter number of ``organization`` in ``year``; call inside the transaction
    that writes the letter."""
    if not transaction.get_connection().in_atomic_block:
        raise AssertionError("a letter number needs a transaction")
    counters = LetterCounter.objects.filter(organization=organization, year=year)
    if not counters.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():  # a savepoint: another letter may create the row first
                LetterCounter.objects.create(organization=organization, year=year,
                                             last_number=1)
            return 1
        except IntegrityError:
            counters.update(last_number=F("last_number") + 1)
    return counters.values_list("last_number", flat=True).get()
