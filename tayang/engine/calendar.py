"""Which days an agency works: weekends, Indonesia's national holidays and *cuti bersama*, and
the organization's own closed days. Time standards in working days ("3 hari kerja") count on it.

Pure: a :class:`WorkCalendar` is a value. The national days come from the maintained
``holidays`` library (public holidays and the government's *cuti bersama*), computed per year
on first use and kept; the organization's own closed days are given by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

SATURDAY, SUNDAY = 5, 6
# Working days are never counted further than this, so that a calendar closed by mistake for
# years cannot make a due time arithmetic spin (an SOP's longest standard is months).
_FURTHEST = timedelta(days=3 * 366)


@dataclass(frozen=True)
class WorkCalendar:
    closed: frozenset[date] = frozenset()  # the organization's own closed days
    weekend: frozenset[int] = frozenset({SATURDAY, SUNDAY})
    national: bool = True  # Indonesia's national holidays and cuti bersama are closed

    def is_working_day(self, day: date) -> bool:
        if day.weekday() in self.weekend or day in self.closed:
            return False
        return not (self.national and day in national_closed_days(day.year))

    def working_day_after(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself is not counted)."""
        current = day
        while count > 0:
            current += timedelta(days=1)
            if current - day > _FURTHEST:
                raise ValueError("kalender kerja tertutup terlalu lama untuk menghitung hari kerja")
            if self.is_working_day(current):
                count -= 1
        return current


WEEKENDS_AND_HOLIDAYS = WorkCalendar()


@lru_cache(maxsize=64)
def national_closed_days(year: int) -> frozenset[date]:
    """Indonesia's public holidays and *cuti bersama* of ``year``."""
    import holidays  # imported on first use: most processes never count working days
    from holidays.constants import GOVERNMENT, PUBLIC

    found = holidays.country_holidays("ID", years=year, categories=(PUBLIC, GOVERNMENT))
    return frozenset(found)


def national_day_names(year: int) -> dict[date, str]:
    """The names of the national closed days of ``year``, in Indonesian (for the admin page)."""
    import holidays
    from holidays.constants import GOVERNMENT, PUBLIC

    found = holidays.country_holidays(
        "ID", years=year, categories=(PUBLIC, GOVERNMENT), language="id"
    )
    return dict(sorted(found.items()))
