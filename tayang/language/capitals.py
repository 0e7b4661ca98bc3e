"""Capital letters of official titles, institutions, days and months (EYD edisi V).

The rules an agency's announcement breaks most (EYD V, *Pemakaian Huruf Kapital*):

* a title or office is capitalised when it is followed by the name of a person, an office or a
  place it belongs to (*Presiden Joko Widodo*, *Gubernur Kalimantan Tengah*, *Kepala Dinas
  Sosial*), and written small when it is generic (*ditetapkan oleh gubernur*): only a title
  directly before a capitalised word is flagged;
* the name of an institution is capitalised word by word except its conjunctions (*Dinas
  Komunikasi dan Informatika*): a capitalised head (*Dinas*, *Badan*, *Kementerian* …)
  followed by a field of government in small letters is flagged; a head in small letters before
  a capitalised name (*dinas Sosial*) too;
* a day's name before a date (*senin, 6 Desember*) and a month's name after *sejak*, *hingga*,
  *sampai*, *akhir*, *awal* (*akhir desember*).

Pure Python, each finding a (start, end, found, suggestion, message) like :mod:`eyd`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tayang.sop.dates import MONTHS

# Longest first: the alternation takes the first that matches.
TITLES = (
    "wakil presiden", "presiden", "wakil gubernur", "gubernur", "wakil bupati", "bupati",
    "wakil wali kota", "wali kota", "sekretaris daerah", "sekretaris jenderal", "sekretaris",
    "menteri", "kepala", "camat", "lurah", "direktur jenderal", "direktur", "ketua",
    "kapolda", "kapolres", "pangdam", "rektor", "inspektur",
)
HEADS = ("dinas", "badan", "kementerian", "biro", "inspektorat", "sekretariat", "dewan",
         "komisi", "pemerintah")
# Fields of government that follow an institution's head in its name.
FIELDS = (
    "sosial", "kesehatan", "pendidikan", "kebudayaan", "komunikasi", "informatika",
    "perdagangan", "perindustrian", "pertanian", "perikanan", "kelautan", "perhubungan",
    "pariwisata", "lingkungan", "hidup", "kehutanan", "pekerjaan", "umum", "penataan", "ruang",
    "kependudukan", "pencatatan", "sipil", "ketenagakerjaan", "tenaga", "kerja", "koperasi",
    "usaha", "kecil", "menengah", "perumahan", "permukiman", "kawasan", "pemuda", "olahraga",
    "perpustakaan", "kearsipan", "ketahanan", "pangan", "peternakan", "perkebunan",
    "statistik", "persandian", "keuangan", "pendapatan", "daerah", "perencanaan",
    "pembangunan", "penanggulangan", "bencana", "pemberdayaan", "masyarakat", "desa",
    "perempuan", "perlindungan", "anak", "energi", "sumber", "daya", "mineral", "pemadam",
    "kebakaran", "penanaman", "modal", "pelayanan", "terpadu", "satu", "pintu",
    "perwakilan", "rakyat", "pengawas", "pemilihan",
)
_JOINERS = ("dan", "serta")
_DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")

_TITLE_BEFORE_NAME = re.compile(rf"\b({'|'.join(TITLES)})(?= [A-Z])")
_SMALL_HEAD = re.compile(rf"\b({'|'.join(HEADS)})(?= [A-Z][a-z])")
_DAY_BEFORE_DATE = re.compile(rf"\b({'|'.join(_DAYS)}),? (?=\d{{1,2}} )")
_MONTH_AFTER = re.compile(
    rf"\b(?:sejak|hingga|sampai|akhir|awal|pertengahan) "
    rf"({'|'.join(month.lower() for month in MONTHS)})\b"
)
_FIELD_WORD = re.compile(r"[A-Za-z]+")

Found = tuple[int, int, str, str, str]


def capital_findings(text: str) -> Iterator[Found]:
    """Every capitalisation suggestion in ``text`` (unordered; overlaps are the caller's)."""
    for match in _TITLE_BEFORE_NAME.finditer(text):
        word = match.group(1)
        yield (match.start(1), match.end(1), word, _title_case(word),
               "Jabatan diawali huruf kapital bila diikuti nama orang, instansi atau tempat.")
    for match in _SMALL_HEAD.finditer(text):
        word = match.group(1)
        yield (match.start(1), match.end(1), word, word.capitalize(),
               "Nama instansi diawali huruf kapital pada setiap unsurnya.")
    yield from _institution_names(text)
    for match in _DAY_BEFORE_DATE.finditer(text):
        word = match.group(1)
        yield (match.start(1), match.end(1), word, word.capitalize(),
               "Nama hari diawali huruf kapital.")
    for match in _MONTH_AFTER.finditer(text):
        word = match.group(1)
        yield (match.start(1), match.end(1), word, word.capitalize(),
               "Nama bulan diawali huruf kapital.")


_HEAD_CAPITAL = re.compile(rf"\b(?:{'|'.join(head.capitalize() for head in HEADS)}) ")


def _institution_names(text: str) -> Iterator[Found]:
    """*Dinas komunikasi dan informatika* → *Dinas Komunikasi dan Informatika*: the words of
    the name after a capitalised head, while they are fields of government or joiners."""
    for head in _HEAD_CAPITAL.finditer(text):
        position = head.end()
        words: list[tuple[int, int, str]] = []
        while True:
            match = _FIELD_WORD.match(text, position)
            if match is None or match.group().casefold() not in (*FIELDS, *_JOINERS):
                break
            words.append((match.start(), match.end(), match.group()))
            if text[match.end():match.end() + 1] != " ":
                break
            position = match.end() + 1
        while words and words[-1][2].casefold() in _JOINERS:
            words.pop()
        small = [word for word in words if word[2] not in _JOINERS and word[2][0].islower()]
        if not small:
            continue
        start, end = words[0][0], words[-1][1]
        written = text[start:end]
        right = " ".join(word if word in _JOINERS else word.capitalize()
                         for word in written.split(" "))
        yield (start, end, written, right,
               "Nama instansi diawali huruf kapital pada setiap unsurnya, kecuali kata "
               "penghubung.")


def _title_case(words: str) -> str:
    return " ".join(word.capitalize() for word in words.split(" "))
