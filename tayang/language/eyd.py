"""Frequent mistakes of the current spelling rules (EYD edisi V), found as suggestions.

Seed D asks for "Bahasa Indonesia yang baik dan benar" (issue 14, point 6). This module finds
what a careful editor marks first, each with the correction and the rule, never a block:

* non-standard words (*merubah → mengubah*, *praktek → praktik*, *nopember → November*);
* *di* as a preposition written together with a place (*dikantor → di kantor*), and *di* as
  a prefix written apart from its verb (*di laksanakan → dilaksanakan*);
* names of days, months, languages and peoples in small letters (*senin → Senin*);
* capitals of official titles and institutions (*presiden Joko Widodo → Presiden*, *Dinas
  komunikasi dan informatika → Dinas Komunikasi dan Informatika*; :mod:`capitals`);
* figures: a sentence that starts with one (write it in words), *ke 3* (*ke-3*), *Rp.* and
  *Rp 15.700* (*Rp15.700*).

Pure Python, no Django, no dictionary (spelling against Debian's ``hunspell-id`` is
:mod:`tayang.language.spelling`, run in the worker). Tested with known mistakes and correct
sentences in tests/language/test_eyd.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tayang.language.capitals import capital_findings
from tayang.sop.dates import MONTHS


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    found: str
    suggestion: str
    message: str

    def apply(self, text: str) -> str:
        """``text`` with this finding's suggestion put in (the one-click fix)."""
        return text[: self.start] + self.suggestion + text[self.end :]


# Tidak baku → baku (KBBI), the ones agencies' announcements get wrong most.
NON_STANDARD = {
    "merubah": "mengubah", "dirubah": "diubah", "perubah": "pengubah", "praktek": "praktik",
    "nopember": "November", "pebruari": "Februari", "apotik": "apotek", "atlit": "atlet",
    "aktifitas": "aktivitas", "kreatifitas": "kreativitas", "efektifitas": "efektivitas",
    "produktifitas": "produktivitas", "kwalitas": "kualitas", "kwitansi": "kuitansi",
    "kwartal": "kuartal", "resiko": "risiko", "sistim": "sistem", "analisa": "analisis",
    "ijin": "izin", "jadual": "jadwal", "karir": "karier", "hutang": "utang", "himbau": "imbau",
    "himbauan": "imbauan", "silahkan": "silakan", "nafas": "napas", "obyek": "objek",
    "subyek": "subjek", "obyektif": "objektif", "tehnik": "teknik", "tehnis": "teknis",
    "tehnologi": "teknologi", "trampil": "terampil", "ketrampilan": "keterampilan",
    "jaman": "zaman", "sekedar": "sekadar", "antri": "antre", "standarisasi": "standardisasi",
    "legalisir": "legalisasi", "kadaluarsa": "kedaluwarsa", "kadaluwarsa": "kedaluwarsa",
    "propinsi": "provinsi", "mensukseskan": "menyukseskan", "mentaati": "menaati",
    "mempengaruhi": "memengaruhi", "memperkerjakan": "mempekerjakan", "frekwensi": "frekuensi",
    "hakekat": "hakikat", "nasehat": "nasihat", "rejeki": "rezeki", "ramadhan": "Ramadan",
    "sholat": "salat", "pebruary": "Februari", "faham": "paham",
    "fikir": "pikir", "ijasah": "ijazah", "iklas": "ikhlas", "jenasah": "jenazah",
    "komplit": "komplet", "konkrit": "konkret", "managemen": "manajemen",
    "menejemen": "manajemen", "orisinil": "orisinal",
    "sentausa": "sentosa", "seksama": "saksama", "terlanjur": "telanjur", "walikota": "wali kota",
    "pelantikkan": "pelantikan", "dimana": "di mana",
    "kemana": "ke mana", "darimana": "dari mana", "diantara": "di antara",
}

# Places: after the preposition *di* they are written apart.
_PLACES = (
    "sini", "sana", "situ", "atas", "bawah", "dalam", "luar", "depan", "belakang",
    "samping", "sekitar", "sebelah", "tengah", "kantor", "rumah", "kota", "desa", "balai",
    "aula", "jalan", "gedung", "lapangan", "pasar", "sekolah", "halaman", "wilayah",
    "kabupaten", "kecamatan", "kelurahan", "provinsi", "ruang", "masjid", "kampus", "pendopo",
    "kapanewon", "kalurahan", "lokasi", "tempat", "sana-sini",
)
# Verb stems that take the prefix di- (and any word ending in -kan after a separate "di").
_VERBS = (
    "buat", "ambil", "tulis", "baca", "terima", "kirim", "ubah", "minta", "mohon", "jual",
    "beli", "tunda", "hadiri", "ikuti", "bagi", "gelar", "buka", "tutup", "isi", "lihat",
    "pakai", "bayar", "catat", "cetak", "daftar", "sahkan", "tetapkan", "tandatangani",
    "setujui", "sepakati", "datangi", "kunjungi", "awasi", "lengkapi", "penuhi", "patuhi",
    "taati", "akhiri", "mulai", "umumkan",
)
_DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
_PEOPLES = ("indonesia", "inggris", "jawa", "dayak", "banjar", "melayu", "arab", "sunda")

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?")
_PLACE_TOGETHER = re.compile(rf"\bdi({'|'.join(_PLACES)})\b", re.IGNORECASE)
_VERB_APART = re.compile(
    rf"\b(di) ((?:{'|'.join(_VERBS)})\b|[a-z]{{3,}}kan\b)", re.IGNORECASE
)
_MONTH_SMALL = re.compile(
    rf"(?<=\d )({'|'.join(month.lower() for month in MONTHS)})\b"
    rf"|\b(?:bulan|tanggal \d{{1,2}}) ({'|'.join(month.lower() for month in MONTHS)})\b"
)
_DAY_SMALL = re.compile(rf"\b(?:hari|pada|setiap) ({'|'.join(_DAYS)})\b|^({'|'.join(_DAYS)}),",
                        re.MULTILINE)
_PEOPLE_SMALL = re.compile(rf"\b(?:bahasa|suku|bangsa) ({'|'.join(_PEOPLES)})\b")
_SENTENCE_FIGURE = re.compile(r"(?:^|(?<=[.!?]\s))(\d+)(?= [a-z])", re.MULTILINE)
_KE_FIGURE = re.compile(r"\bke (\d+)\b")
_RUPIAH = re.compile(r"\bRp\.\s?(?=\d)|\bRp\s(?=\d)")


def findings(text: str) -> list[Finding]:
    """Every suggestion for ``text``, in order; overlapping ones keep the first."""
    found: list[Finding] = []
    for match in _WORD.finditer(text):
        word = match.group()
        right = NON_STANDARD.get(word.casefold())
        if right:
            found.append(Finding(match.start(), match.end(), word, _same_case(word, right),
                                 f"Kata baku: «{right}», bukan «{word.casefold()}»."))
    for match in _PLACE_TOGETHER.finditer(text):
        word = match.group()
        if word.casefold() in NON_STANDARD:
            continue
        found.append(Finding(match.start(), match.end(), word, f"{word[:2]} {word[2:]}",
                             "«di» sebagai kata depan ditulis terpisah dari tempat."))
    for match in _VERB_APART.finditer(text):
        found.append(Finding(match.start(), match.end(), match.group(),
                             f"{match.group(1)}{match.group(2)}",
                             "«di-» sebagai awalan kata kerja ditulis serangkai."))
    for pattern, what in ((_MONTH_SMALL, "Nama bulan"), (_DAY_SMALL, "Nama hari"),
                          (_PEOPLE_SMALL, "Nama bahasa dan suku bangsa")):
        for match in pattern.finditer(text):
            group = 1 if match.group(1) else 2
            word = match.group(group)
            found.append(Finding(match.start(group), match.end(group), word,
                                 word.capitalize(), f"{what} diawali huruf kapital."))
    for start, end, word, right, message in capital_findings(text):
        found.append(Finding(start, end, word, right, message))
    for match in _SENTENCE_FIGURE.finditer(text):
        found.append(Finding(match.start(1), match.end(1), match.group(1), _spelled(match[1]),
                             "Kalimat tidak diawali angka; tulis bilangannya dengan huruf."))
    for match in _KE_FIGURE.finditer(text):
        found.append(Finding(match.start(), match.end(), match.group(), f"ke-{match.group(1)}",
                             "Bilangan tingkat ditulis «ke-» dan angka dengan tanda hubung."))
    for match in _RUPIAH.finditer(text):
        found.append(Finding(match.start(), match.end(), match.group(), "Rp",
                             "«Rp» ditulis tanpa titik dan tanpa spasi sebelum angka."))
    found.sort(key=lambda finding: (finding.start, -finding.end))
    kept: list[Finding] = []
    for finding in found:
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept


def _same_case(written: str, right: str) -> str:
    if right[0].isupper():
        return right
    return right.capitalize() if written[0].isupper() else right


def _spelled(figure: str) -> str:
    from tayang.accessible.spoken import terbilang

    return terbilang(int(figure)).capitalize() if len(figure) < 7 else figure
