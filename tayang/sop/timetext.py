"""Reading a time standard (*Waktu*) as the agencies write it.

"60 menit", "1-3 jam", "3 hari kerja", "1 x 24 jam", "1 jam 30 menit", "1,5 jam", "setengah
jam", "1 (satu) hari", "dua minggu", "1 bulan", "Hari H", "H+1", "H-1", "Tentatif": each becomes
a :class:`~tayang.sop.model.TimeStandard` in one unit, keeping the agency's wording for the
document. Fractions are turned into a smaller unit ("1,5 jam" is 90 minutes).
"""

from __future__ import annotations

import re
from datetime import timedelta
from fractions import Fraction

from tayang.sop.model import TimeAnchor, TimeKind, TimeStandard
from tayang.sop.numberwords import agreed_figures, number

# Longest first: "hari kerja" before "hari".
_UNITS: dict[str, TimeKind] = {
    "hari kerja": TimeKind.WORKDAYS,
    "menit": TimeKind.MINUTES,
    "jam": TimeKind.HOURS,
    "hari": TimeKind.DAYS,
    "minggu": TimeKind.WEEKS,
    "pekan": TimeKind.WEEKS,
    "bulan": TimeKind.MONTHS,
}
_UNIT = "|".join(re.escape(unit) for unit in _UNITS)
_AMOUNT = r"[0-9]+(?:[.,][0-9]+)?|[a-z]+(?: [a-z]+)*?"
_RANGE = re.compile(
    rf"^(?P<low>{_AMOUNT})\s*(?:(?:-|s\.?\s?d\.?|sampai|hingga)\s*(?P<high>{_AMOUNT}))?\s*"
    rf"(?P<unit>{_UNIT})$"
)
_TIMES = re.compile(
    rf"^(?P<count>{_AMOUNT})\s*(?:x|×|kali)\s*(?P<size>{_AMOUNT})\s*(?P<unit>{_UNIT})$"
)
_HOURS_AND_MINUTES = re.compile(
    rf"^(?P<hours>{_AMOUNT})\s*jam\s*(?P<minutes>{_AMOUNT})\s*menit$"
)
_DAY_OFFSET = re.compile(r"^h\s*(?P<sign>[+-])\s*(?P<days>[0-9]+|[a-z]+(?: [a-z]+)*)$")
# "sehari", "sejam", "seminggu", "sebulan": one of the unit.
_ONE_OF = re.compile(r"\bse(hari|jam|minggu|pekan|bulan)\b")
# A smaller unit for a fraction of a bigger one, and how many of it make one.
_SMALLER = {
    TimeKind.HOURS: (TimeKind.MINUTES, 60),
    TimeKind.DAYS: (TimeKind.HOURS, 24),
    TimeKind.WEEKS: (TimeKind.DAYS, 7),
}
_UNIT_NAMES = {
    TimeKind.MINUTES: "menit", TimeKind.HOURS: "jam", TimeKind.DAYS: "hari",
    TimeKind.WORKDAYS: "hari kerja", TimeKind.WEEKS: "minggu", TimeKind.MONTHS: "bulan",
}

EXPECTED = (
    '"N menit", "N jam", "N hari", "N hari kerja", "N minggu", "N bulan", rentang seperti '
    '"1-3 jam", "1 x 24 jam", "1 jam 30 menit", "Hari H", "H+1", "H-1" atau "Tentatif"'
)


def parse_duration(text: str) -> timedelta:
    """A plain duration ("30 menit", "4 jam", "1 hari", "1 minggu"); ValueError saying what fits.

    Used where a time is added to a moment (a second escalation), so working days and
    months, whose length depends on the calendar, are refused.
    """
    try:
        standard = parse_time_standard(text)
    except ValueError:
        standard = None
    lengths = {
        TimeKind.MINUTES: timedelta(minutes=1), TimeKind.HOURS: timedelta(hours=1),
        TimeKind.DAYS: timedelta(days=1), TimeKind.WEEKS: timedelta(weeks=1),
    }
    if standard is None or standard.kind not in lengths or standard.is_range:
        raise ValueError(
            f'«{text}» bukan lama waktu; yang diharapkan: "N menit", "N jam", "N hari" atau '
            '"N minggu"'
        )
    return lengths[standard.kind] * standard.target


def parse_time_standard(
    standard: str, *, text: str = "", anchor: TimeAnchor | None = None
) -> TimeStandard:
    """Turn ``standard`` into a TimeStandard; raise ValueError with the expected forms.

    Durations are counted from the step unless the definition names another anchor; "Hari H"
    and "H±n" must name theirs (activity or hand-in) because the seeds use both.
    """
    text = text or standard.strip()
    cleaned = " ".join(standard.strip().lower().replace("–", "-").replace("—", "-").split())
    cleaned = _ONE_OF.sub(r"1 \1", agreed_figures(cleaned))
    if cleaned in ("tentatif", "tentative"):
        return TimeStandard(TimeKind.TENTATIVE, text, anchor=anchor or TimeAnchor.STEP)
    if cleaned in ("hari h", "h", "h+0", "h-0"):
        return TimeStandard(TimeKind.SAME_DAY, text, 0, 0, anchor=_day_anchor(anchor, standard))
    if match := _DAY_OFFSET.match(cleaned):
        days = _whole(match["days"], standard)
        if match["sign"] == "-":
            if anchor is not TimeAnchor.ACTIVITY:
                raise ValueError(
                    f'waktu "{standard}" (sebelum hari kegiatan) hanya dapat dihitung dari '
                    "kegiatan; yang diharapkan: from: activity"
                )
            days = -days
        return TimeStandard(
            TimeKind.DAY_OFFSET, text, days, days, anchor=_day_anchor(anchor, standard)
        )
    amounts = _amounts(cleaned, standard)
    if amounts is None:
        hint = ""
        if len(cleaned.split()) > 4:
            # Agencies write whole sentences ("Hari H setelah kegiatan berlangsung"); the
            # sentence belongs in ``text`` so that the SOP document still prints it.
            hint = "; kalimat lengkapnya ditulis di «text:», bentuk pendeknya di «standard:»"
        raise ValueError(f'waktu "{standard}" tidak dikenali; yang diharapkan: {EXPECTED}{hint}')
    kind, low, high = amounts
    if high < low:
        raise ValueError(
            f'rentang waktu "{standard}" terbalik: batas atas lebih kecil dari batas bawah; '
            f'yang diharapkan: "{_show(high)}-{_show(low)} {_UNIT_NAMES[kind]}"'
        )
    if low <= 0:
        # A target of zero would make every item late the moment it arrives.
        raise ValueError(
            f'waktu "{standard}" harus lebih dari nol; yang diharapkan mis. '
            f'"1 {_UNIT_NAMES[kind]}"'
        )
    kind, low, high = _in_whole_units(kind, low, high, standard)
    return TimeStandard(kind, text, int(low), int(high), anchor=anchor or TimeAnchor.STEP)


def _amounts(cleaned: str, standard: str) -> tuple[TimeKind, Fraction, Fraction] | None:
    if match := _HOURS_AND_MINUTES.match(cleaned):
        hours, minutes = number(match["hours"]), number(match["minutes"])
        if hours is None or minutes is None:
            return None
        total = hours * 60 + minutes
        return TimeKind.MINUTES, total, total
    if match := _TIMES.match(cleaned):
        count, size = number(match["count"]), number(match["size"])
        if count is None or size is None:
            return None
        return _UNITS[match["unit"]], count * size, count * size
    if match := _RANGE.match(cleaned):
        low = number(match["low"])
        high = number(match["high"]) if match["high"] else low
        if low is None or high is None:
            return None
        return _UNITS[match["unit"]], low, high
    return None


def _in_whole_units(
    kind: TimeKind, low: Fraction, high: Fraction, standard: str
) -> tuple[TimeKind, Fraction, Fraction]:
    """Move a fraction down to a smaller unit ("1,5 jam" is 90 menit) until both are whole."""
    while low.denominator != 1 or high.denominator != 1:
        if kind not in _SMALLER:
            raise ValueError(
                f'waktu "{standard}" memakai pecahan {_UNIT_NAMES[kind]}; yang diharapkan: '
                f'bilangan bulat, mis. "{max(1, round(low))} {_UNIT_NAMES[kind]}"'
            )
        kind, size = _SMALLER[kind]
        low, high = low * size, high * size
    return kind, low, high


def _whole(text: str, standard: str) -> int:
    value = number(text)
    if value is None or value.denominator != 1:
        raise ValueError(f'waktu "{standard}" tidak dikenali; yang diharapkan: {EXPECTED}')
    return int(value)


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(float(value)).replace(".", ",")


def _day_anchor(anchor: TimeAnchor | None, standard: str) -> TimeAnchor:
    if anchor is None or anchor is TimeAnchor.STEP:
        raise ValueError(
            f'waktu "{standard}" harus menyebut dihitung dari mana: '
            'from: activity (hari kegiatan) atau from: handin (hari penyerahan)'
        )
    return anchor


def describe(standard: TimeStandard) -> str:
    """A short Indonesian rendering of the normalized standard, for tables and the CLI."""
    anchors = {
        TimeAnchor.STEP: "sejak tahap dimulai",
        TimeAnchor.HANDIN: "sejak penyerahan",
        TimeAnchor.ACTIVITY: "sejak kegiatan",
    }
    if standard.kind is TimeKind.TENTATIVE:
        return "Tentatif"
    if standard.kind is TimeKind.SAME_DAY:
        return f"Hari H ({anchors[standard.anchor]})"
    if standard.kind is TimeKind.DAY_OFFSET:
        sign = "-" if standard.target < 0 else "+"
        return f"H{sign}{abs(standard.target)} ({anchors[standard.anchor]})"
    amount = (
        f"{standard.target}-{standard.limit}" if standard.is_range else str(standard.target)
    )
    return f"{amount} {_UNIT_NAMES[standard.kind]} ({anchors[standard.anchor]})"
