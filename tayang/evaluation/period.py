"""The period and unit a dashboard or report is asked for, read from the query string.

Dates are the organization's local days, both included. A wrong value is reported in
Indonesian and the default period is shown instead, never a guess at what was meant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tayang.records.typesetting import long_date

DEFAULT_DAYS = 84  # twelve weeks: enough weeks for a trend, recent enough to act on
LONGEST_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The instants the period spans in ``zone``: [start's midnight, the next day after end)."""
        return (datetime.combine(self.start, time.min, tzinfo=zone),
                datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def before(self) -> Period:
        """The period of the same length just before this one (the default comparison)."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    @property
    def text(self) -> str:
        return f"{long_date(self.start)} s.d. {long_date(self.end)}"

    @property
    def query(self) -> dict[str, str]:
        return {"dari": self.start.isoformat(), "sampai": self.end.isoformat()}


def default_period(today: date) -> Period:
    return Period(today - timedelta(days=DEFAULT_DAYS - 1), today)


def _day(raw: str, label: str, errors: list[str]) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        errors.append(f"{label}: tanggal “{raw[:20]}” tidak dikenali; tulis seperti 2026-03-31.")
        return None


def read_period(query: Mapping[str, str], today: date, *, start_key: str = "dari",
                end_key: str = "sampai", fallback: Period | None = None
                ) -> tuple[Period, list[str]]:
    """The period ``query`` asks for (or ``fallback``/the default), and what was wrong."""
    default = fallback or default_period(today)
    raw_start, raw_end = query.get(start_key, "") or "", query.get(end_key, "") or ""
    if not raw_start and not raw_end:
        return default, []
    errors: list[str] = []
    start = _day(raw_start, "Dari tanggal", errors) if raw_start else default.start
    end = _day(raw_end, "Sampai tanggal", errors) if raw_end else default.end
    if errors or start is None or end is None:
        return default, errors
    if end < start:
        return default, [f"Periode terbalik: “sampai” ({long_date(end)}) lebih awal dari "
                         f"“dari” ({long_date(start)}). Periode bawaan ditampilkan."]
    if (end - start).days + 1 > LONGEST_DAYS:
        return default, ["Periode paling panjang 3 tahun. Periode bawaan ditampilkan."]
    return Period(start, end), []


def read_unit(query: Mapping[str, str], unit_ids: set[int]) -> tuple[int | None, list[str]]:
    """The unit filter: one of the organization's units, or none."""
    raw = (query.get("unit", "") or "").strip()
    if not raw:
        return None, []
    if raw.isdigit() and int(raw) in unit_ids:
        return int(raw), []
    return None, ["Unit kerja tidak dikenal di organisasi ini; semua unit ditampilkan."]
