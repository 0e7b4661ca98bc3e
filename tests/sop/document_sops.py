"""Definitions written for the SOP document tests: one long enough to need several pages.

The long SOP has reviews that send back one row, decisions that send back across a page, a
conditional step with the way around it, and a decision as its last step (so its end is a
terminator of its own). Its texts are long so that its rows are tall and its table breaks.
"""

from __future__ import annotations

from tayang.sop import load_text
from tayang.sop.model import Sop

FILLER = (
    "memeriksa kelengkapan dokumentasi kegiatan, narasi berita dan keterangan foto sebelum "
    "diteruskan kepada pelaksana berikutnya sesuai ketentuan yang berlaku di lingkungan dinas"
)


def long_sop(steps: int = 24) -> Sop:
    """``steps`` rows over four executors; step 12 applies to important items only."""
    rows = [_step(number, steps) for number in range(1, steps + 1)]
    text = f"""\
tayang: 1
key: dinas-contoh-panjang
identity:
  organization: Dinas Contoh Kabupaten Panjang
  name: Alur Panjang untuk Uji Halaman
  number: 000/123/2026
  made_on: 2026-01-05
  approved_by:
    name: NAMA PEJABAT, S.Sos
    position: Kepala Dinas Contoh
    nip: "197001012000031001"
  legal_bases: [Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik]
roles:
  - key: penulis
    name: Penulis
  - key: pemeriksa
    name: Pemeriksa
  - key: kepala_seksi
    name: Kepala Seksi
  - key: kepala_dinas
    name: Kepala Dinas
fields:
  - key: title
    label: Judul
    kind: text
    title: true
  - key: category
    label: Jenis informasi
    kind: choice
    choices:
      biasa: Informasi biasa
      penting: Informasi penting
steps:
{''.join(rows)}"""
    return load_text(text, source="panjang.yaml")


def _step(number: int, count: int) -> str:
    key = f"s{number}"
    activity = f"Kegiatan langkah {number}, {FILLER}"
    common = (
        f"    activity: {activity}\n"
        f"    requirements:\n      - text: Bahan langkah {number}\n"
        f"    time: {number} jam\n"
        f"    output: Hasil langkah {number}\n"
    )
    if number == 1:
        return f"  - key: {key}\n    kind: handin\n    roles: [penulis]\n{common}"
    if number == count:  # the last step decides: the end is a symbol of its own
        return (
            f"  - key: {key}\n    kind: decision\n    roles: [kepala_dinas]\n"
            f"    reject: s{number - 1}\n{common}"
        )
    if number == 12:
        return (
            f"  - key: {key}\n    kind: decision\n    roles: [kepala_dinas]\n"
            "    when:\n      field: category\n      in: [penting]\n"
            "      text: Informasi penting harus melalui Kepala Dinas\n"
            f"    reject: s2\n{common}"
        )
    if number % 5 == 0:  # a decision sending back to the start of the review chain
        return (
            f"  - key: {key}\n    kind: decision\n    roles: [kepala_seksi]\n"
            "    decision: {accept: Terima, reject: Tolak}\n"
            f"    reject: s2\n{common}"
        )
    if number == count - 1:
        return f"  - key: {key}\n    kind: publish\n    roles: [penulis]\n{common}"
    # Never back to the conditional step 12: for ordinary items it does not apply, and the
    # loader refuses a send-back that would then land on the sending step itself.
    back = number - 2 if number - 1 == 12 else number - 1
    return (
        f"  - key: {key}\n    kind: review\n    roles: [pemeriksa]\n"
        f"    reject: s{back}\n{common}"
    )
