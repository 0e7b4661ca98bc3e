"""Written Indonesian as it is read aloud: the text a speech engine is given.

A speech engine reads "No. 12/2026", "Kab." or "09.00 WIB" letter by letter or as English;
an announcement read that way is useless to a blind citizen. :func:`spoken` rewrites the text
first, the way a radio announcer would read it:

* numbers as words: "1.500.000" → "satu juta lima ratus ribu", "2,5" → "dua koma lima",
  "ke-3" → "ketiga", "Rp 25.000" → "dua puluh lima ribu rupiah", "10%" → "sepuluh persen";
  long digit strings and numbers written with a leading zero (telephone numbers, NIP) are read
  digit by digit;
* dates: "6 Desember 2026", "6 Des 2026", "06-12-2026", "06/12/2026", "2026-12-06" →
  "enam Desember dua ribu dua puluh enam";
* times: "09.00 WIB" → "pukul sembilan waktu Indonesia barat", "pukul 13.30" → "pukul tiga
  belas lewat tiga puluh menit", ranges "09.00–12.00 WIB" with "sampai";
* abbreviations of Indonesian administration ("Kab.", "No.", "Perda", "Jl.", "dll.") as
  words, acronyms read as such ("PPID" → "pe pe i de") unless spoken as a word ("DIPA").

Pure Python, no Django: it is tested on its own (tests/accessible/test_spoken.py).
"""

from __future__ import annotations

import re

from tayang.sop.dates import MONTHS

_ONES = (
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
)
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (1000, "ribu"))
# Beyond this a figure is not a quantity anybody says as one number (an account, an ID).
_LARGEST = 10**15

_MONTH_NUMBERS = {name.casefold(): number for number, name in enumerate(MONTHS, start=1)} | {
    "jan": 1, "feb": 2, "peb": 2, "pebruari": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "agu": 8, "agt": 8, "ags": 8, "agust": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11,
    "nop": 11, "nopember": 11, "des": 12,
}
_ZONES = {
    "WIB": "waktu Indonesia barat", "WITA": "waktu Indonesia tengah",
    "WIT": "waktu Indonesia timur",
}

# Abbreviations written with a full stop, matched with it (case as written matters: "No."
# is "nomor", "no" is not an abbreviation).
_DOTTED = {
    "Kab.": "Kabupaten", "Kec.": "Kecamatan", "Kel.": "Kelurahan", "Prov.": "Provinsi",
    "No.": "nomor", "Nomor.": "nomor", "Jl.": "Jalan", "Jln.": "Jalan", "Tgl.": "tanggal",
    "tgl.": "tanggal", "Hlm.": "halaman", "hlm.": "halaman", "Bpk.": "Bapak", "Sdr.": "Saudara",
    "Sdri.": "Saudari", "Yth.": "Yang terhormat", "Kp.": "Kampung", "Ds.": "Desa",
    "Telp.": "telepon", "Tel.": "telepon", "Din.": "Dinas", "s.d.": "sampai dengan",
    "s/d": "sampai dengan", "a.n.": "atas nama", "u.p.": "untuk perhatian",
    "dll.": "dan lain-lain", "dsb.": "dan sebagainya", "dst.": "dan seterusnya",
    "Drs.": "doktorandus", "Ir.": "insinyur", "Dr.": "doktor", "Hj.": "hajah",
}
# Abbreviations written as words.
_WORDS = {
    "Perda": "Peraturan Daerah", "Pergub": "Peraturan Gubernur", "Perbup": "Peraturan Bupati",
    "Perwali": "Peraturan Wali Kota", "Permen": "Peraturan Menteri",
    "Kadis": "Kepala Dinas", "Kabid": "Kepala Bidang", "Kasi": "Kepala Seksi",
    "Pemkab": "Pemerintah Kabupaten", "Pemprov": "Pemerintah Provinsi",
    "Pemkot": "Pemerintah Kota", "Pemda": "Pemerintah Daerah",
    "Disperindag": "Dinas Perdagangan dan Perindustrian",
    "Diskominfo": "Dinas Komunikasi dan Informatika",
    "Disnakertrans": "Dinas Tenaga Kerja dan Transmigrasi",
    "Dinsos": "Dinas Sosial", "Kalteng": "Kalimantan Tengah",
    "UU": "Undang-Undang", "Rp": "rupiah", "Sos": "sosial",
}
# How known acronyms are said: most letter by letter, some as a word.
_ACRONYMS = {
    "PPID": "pe pe i de", "DIP": "de i pe", "SK": "es ka", "SOP": "es o pe", "OPD": "o pe de",
    "DIY": "de i ye", "KTP": "ka te pe", "NIK": "nik", "NIP": "nip", "ASN": "a es en",
    "PNS": "pe en es", "DPRD": "de pe er de", "DPR": "de pe er", "UMKM": "u em ka em",
    "APBD": "a pe be de", "APBN": "a pe be en", "BUMN": "be u em en", "BUMD": "be u em de",
    "DIPA": "dipa", "SIPD": "sipd", "SKPD": "es ka pe de", "BAPPEDA": "bapeda",
    "PEMILU": "pemilu", "RI": "er i", "NKRI": "en ka er i", "TNI": "te en i",
    "POLRI": "polri", "UU": "undang-undang",
}
# Two consonants an Indonesian word may start with ("PROGRAM", "STRATEGI", "KLINIK").
_ONSETS = frozenset({
    "BL", "BR", "DR", "FL", "FR", "GL", "GR", "KL", "KR", "PL", "PR", "SK", "SL", "SM", "SN",
    "SP", "ST", "SW", "TR", "NG", "NY", "KH", "SY",
})
_VOWELS = frozenset("AEIOU")
# Short words a title set in capitals has; any other word of two or three capitals is an
# acronym spelled out ("HET", "BPS", "RT").
_SHORT_WORDS = frozenset({
    "DI", "KE", "DAN", "INI", "ITU", "ADA", "YA", "TAK", "API", "AIR", "ATAS", "IBU",
    "BUS", "KAS", "PAK", "BAB", "HAK", "JAM", "TIM", "PASAR", "UANG",
})
_LETTERS = {
    "A": "a", "B": "be", "C": "ce", "D": "de", "E": "e", "F": "ef", "G": "ge", "H": "ha",
    "I": "i", "J": "je", "K": "ka", "L": "el", "M": "em", "N": "en", "O": "o", "P": "pe",
    "Q": "ki", "R": "er", "S": "es", "T": "te", "U": "u", "V": "ve", "W": "we", "X": "eks",
    "Y": "ye", "Z": "zet",
}

_TIME = r"(?<![\d.,])(?P<{h}>[01]?\d|2[0-4])[.:](?P<{m}>[0-5]\d)"
_RANGE_WORD = r"\s*(?:-|–|—|s\.d\.|s/d|sampai(?:\s+dengan)?|hingga)\s*"
_TIMES = re.compile(
    r"(?P<lead>\b(?:[Pp]ukul|[Jj]am)\s+)?"
    + _TIME.format(h="h1", m="m1")
    + r"(?:(?P<sep>" + _RANGE_WORD + r")" + _TIME.format(h="h2", m="m2") + r")?"
    + r"(?P<zone>\s*\b(?:WIB|WITA|WIT)\b)?"
    + r"(?![\d.,]*\d)"
)
_MONTH_NAMES = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_DATE_WORDS = re.compile(
    rf"\b(?P<d>[0-3]?\d)\s+(?P<month>{_MONTH_NAMES})\.?\s+(?P<y>\d{{4}})\b", re.IGNORECASE
)
_DATE_FIGURES = re.compile(
    r"\b(?:(?P<d>[0-3]?\d)(?P<s>[-/.])(?P<m>[01]?\d)(?P=s)(?P<y>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>[01]?\d)-(?P<id>[0-3]?\d))\b"
)
_MONEY = re.compile(r"\bRp\.?\s?(?P<amount>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<cents>\d{2}|-))?")
_ORDINAL = re.compile(r"\bke-?(?P<n>\d+)\b")
_PERCENT = re.compile(r"(?P<n>\d+(?:,\d+)?)\s?%")
# A whole figure: 1.500.000 (thousands grouped with full stops) or 2,5 (decimal comma).
_NUMBER = re.compile(r"(?<![\w.,])(?P<n>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?(?![\w])")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
# A full stop between figures that is not a thousands separator ("12.30" that is no time).
_DOT_BETWEEN_FIGURES = re.compile(r"(?<=\d)\.(?=\d)(?!\d{3}(?!\d))")
_SLASH_FIGURES = re.compile(r"(?<=\d)\s?/\s?(?=\d)")
_SLASH_WORDS = re.compile(r"\b([A-Za-z]+)/([A-Za-z]+)\b")


def terbilang(number: int) -> str:
    """``number`` in Indonesian words: 2026 → "dua ribu dua puluh enam"."""
    if number < 0:
        return "minus " + terbilang(-number)
    if number < 12:
        return _ONES[number]
    if number < 20:
        return f"{_ONES[number - 10]} belas"
    if number < 100:
        tens, ones = divmod(number, 10)
        return _join(f"{_ONES[tens]} puluh", ones)
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
        return _join(head, rest)
    for scale, name in _SCALES:
        if number >= scale:
            count, rest = divmod(number, scale)
            head = "seribu" if scale == 1000 and count == 1 else f"{terbilang(count)} {name}"
            return _join(head, rest)
    raise AssertionError("unreachable")


def _join(head: str, rest: int) -> str:
    return f"{head} {terbilang(rest)}" if rest else head


def digits(figure: str) -> str:
    """Each digit on its own: "0812" → "nol delapan satu dua"."""
    return " ".join(_ONES[int(digit)] for digit in figure if digit.isdigit())


def spoken_number(figure: str, fraction: str = "") -> str:
    """A written figure ("1.500.000", "2" with fraction "5") as it is said."""
    plain = figure.replace(".", "")
    if (len(plain) > 1 and plain.startswith("0")) or int(plain) >= _LARGEST:
        said = digits(plain)
    else:
        said = terbilang(int(plain))
    if fraction:
        said += " koma " + digits(fraction)
    return said


def spoken_date(day: int, month: int, year: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{terbilang(day)} {MONTHS[month - 1]} {terbilang(year)}"


def spoken_time(hours: str, minutes: str) -> str:
    said = terbilang(int(hours))
    return said if int(minutes) == 0 else f"{said} lewat {terbilang(int(minutes))} menit"


def spoken(text: str) -> str:
    """``text`` with every figure, date, time and abbreviation written as it is read."""
    text = _DATE_WORDS.sub(_date_in_words, text)
    text = _DATE_FIGURES.sub(_date_in_figures, text)
    text = _TIMES.sub(_times, text)
    text = _MONEY.sub(_money, text)
    text = _ORDINAL.sub(lambda m: "ke" + terbilang(int(m["n"])) if m["n"] != "1"
                        else "pertama", text)
    text = _PERCENT.sub(lambda m: _figure_with_comma(m["n"]) + " persen", text)
    text = _abbreviations(text)
    text = _SLASH_FIGURES.sub(" garis miring ", text)
    text = _DOT_BETWEEN_FIGURES.sub(" titik ", text)
    text = _NUMBER.sub(lambda m: spoken_number(m["n"], m["frac"] or ""), text)
    text = _SLASH_WORDS.sub(_or_words, text)
    return " ".join(text.split())


def _figure_with_comma(figure: str) -> str:
    whole, _, fraction = figure.partition(",")
    return spoken_number(whole, fraction)


def _date_in_words(match: re.Match[str]) -> str:
    month = _MONTH_NUMBERS[match["month"].casefold()]
    return spoken_date(int(match["d"]), month, int(match["y"])) or match[0]


def _date_in_figures(match: re.Match[str]) -> str:
    if match["iy"]:
        day, month, year = int(match["id"]), int(match["im"]), int(match["iy"])
    else:
        day, month, year = int(match["d"]), int(match["m"]), int(match["y"])
    return spoken_date(day, month, year) or match[0]


def _times(match: re.Match[str]) -> str:
    lead, zone, second = match["lead"], match["zone"], match["h2"]
    if not (lead or zone or second):
        return match[0]  # "2.50" or "12.30" alone may be any figure: read as a number
    said = ("pukul " if not lead else lead.strip().lower() + " ")
    said += spoken_time(match["h1"], match["m1"])
    if second:
        said += " sampai " + spoken_time(second, match["m2"])
    if zone:
        said += " " + _ZONES[zone.strip()]
    return said


def _money(match: re.Match[str]) -> str:
    said = terbilang(int(match["amount"].replace(".", ""))) + " rupiah"
    cents = match["cents"]
    if cents and cents not in ("-", "00"):
        said += f" {terbilang(int(cents))} sen"
    return said


def _abbreviations(text: str) -> str:
    for written, said in _DOTTED.items():
        text = re.sub(rf"(?<![\w.]){re.escape(written)}", said, text)
    for written, said in _WORDS.items():
        text = re.sub(rf"\b{re.escape(written)}\b", said, text)
    return _ACRONYM.sub(_acronym, text)


def _acronym(match: re.Match[str]) -> str:
    """A word in capitals: a known acronym, letters to spell, or a word set in capitals."""
    word = match[0]
    if word in _ZONES:
        return _ZONES[word]
    if word in _ACRONYMS:
        return _ACRONYMS[word]
    if (len(word) <= 3 and word not in _SHORT_WORDS) or _unpronounceable(word):
        return " ".join(_LETTERS[letter] for letter in word)
    return word.lower()  # "PENGUMUMAN", "RAPAT" in a title set in capitals


def _unpronounceable(word: str) -> bool:
    """No vowel, a start no Indonesian word has ("DPMPTSP"), or three consonants in a row."""
    if not _VOWELS.intersection(word):
        return True
    if word[0] not in _VOWELS and word[1] not in _VOWELS and word[:2] not in _ONSETS:
        return True
    run = 0
    for letter in word:
        run = 0 if letter in _VOWELS else run + 1
        if run >= 3:
            return True
    return False


def _or_words(match: re.Match[str]) -> str:
    first, second = match[1], match[2]
    return f"{first} atau" if second.lower() == "atau" else f"{first} atau {second}"
