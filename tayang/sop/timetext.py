"""Reading a time standard (*Waktu*) as the agencies write it: "60 menit", "1-3 jam", "Hari H"."""

from __future__ import annotations

import re
from datetime import timedelta

from tayang.sop.model import TimeAnchor, TimeKind, TimeStandard

_UNITS = {
    "menit": TimeKind.MINUTES,
    "jam": TimeKind.HOURS,
    "hari": TimeKind.DAYS,
}
_DURATION = re.compile(
    r"^(?P<low>\d+)\s*(?:(?:-|–|—|s\.?d\.?|sampai)\s*(?P<high>\d+))?\s*(?P<unit>menit|jam|hari)$"
)
_DAY_OFFSET = re.compile(r"^h\s*\+\s*(?P<days>\d+)$")

EXPECTED = (
    '"N menit", "N jam", "N hari", rentang seperti "1-3 jam", "Hari H", "H+1" atau "Tentatif"'
)


_PLAIN_DURATION = re.compile(r"^(?P<amount>\d+)\s*(?P<unit>menit|jam|hari)$")
_UNIT_LENGTHS = {
    "menit": timedelta(minutes=1),
    "jam": timedelta(hours=1),
    "hari": timedelta(days=1),
}


def parse_duration(text: str) -> timedelta:
    """A plain duration ("30 menit", "4 jam", "1 hari"); raise ValueError saying what fits."""
    cleaned = " ".join(text.strip().lower().split())
    match = _PLAIN_DURATION.match(cleaned)
    if match is None:
        raise ValueError(
            f'«{text}» bukan lama waktu; yang diharapkan: "N menit", "N jam" atau "N hari"'
        )
    amount = int(match["amount"])
    if amount == 0:
        raise ValueError(f'lama waktu «{text}» harus lebih dari nol; mis. "1 {match["unit"]}"')
    return _UNIT_LENGTHS[match["unit"]] * amount


def parse_time_standard(
    standard: str, *, text: str = "", anchor: TimeAnchor | None = None
) -> TimeStandard:
    """Turn ``standard`` into a TimeStandard; raise ValueError with the expected forms.

    Durations are counted from the step unless the definition names another anchor; "Hari H"
    and "H+n" must name theirs (activity or hand-in) because the seeds use both.
    """
    cleaned = " ".join(standard.strip().lower().split())
    text = text or standard.strip()
    if cleaned in ("tentatif", "tentative"):
        return TimeStandard(TimeKind.TENTATIVE, text, anchor=anchor or TimeAnchor.STEP)
    if cleaned in ("hari h", "h", "h+0"):
        return TimeStandard(
            TimeKind.SAME_DAY, text, 0, 0, anchor=_day_anchor(anchor, standard)
        )
    if match := _DAY_OFFSET.match(cleaned):
        days = int(match["days"])
        return TimeStandard(
            TimeKind.DAY_OFFSET, text, days, days, anchor=_day_anchor(anchor, standard)
        )
    if match := _DURATION.match(cleaned):
        low = int(match["low"])
        high = int(match["high"]) if match["high"] else low
        unit = match["unit"]
        if high < low:
            raise ValueError(
                f'rentang waktu "{standard}" terbalik: batas atas lebih kecil dari batas bawah; '
                f'yang diharapkan: "{high}-{low} {unit}"'
            )
        if low == 0:
            # A target of zero would make every item late the moment it arrives.
            raise ValueError(
                f'waktu "{standard}" harus lebih dari nol; yang diharapkan mis. "1 {unit}"'
            )
        return TimeStandard(
            _UNITS[match["unit"]], text, low, high, anchor=anchor or TimeAnchor.STEP
        )
    hint = ""
    if len(cleaned.split()) > 3:
        # Agencies write whole sentences ("Hari H setelah kegiatan berlangsung"); the sentence
        # belongs in ``text`` so that the SOP document still prints it.
        hint = "; kalimat lengkapnya ditulis di «text:», bentuk pendeknya di «standard:»"
    raise ValueError(f'waktu "{standard}" tidak dikenali; yang diharapkan: {EXPECTED}{hint}')


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
    unit = {TimeKind.MINUTES: "menit", TimeKind.HOURS: "jam", TimeKind.DAYS: "hari"}
    if standard.kind is TimeKind.TENTATIVE:
        return "Tentatif"
    if standard.kind is TimeKind.SAME_DAY:
        return f"Hari H ({anchors[standard.anchor]})"
    if standard.kind is TimeKind.DAY_OFFSET:
        return f"H+{standard.target} ({anchors[standard.anchor]})"
    amount = (
        f"{standard.target}-{standard.limit}" if standard.is_range else str(standard.target)
    )
    return f"{amount} {unit[standard.kind]} ({anchors[standard.anchor]})"
