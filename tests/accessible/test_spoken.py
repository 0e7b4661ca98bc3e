"""The text the speech engine is given: figures, dates, times and abbreviations as words."""

from __future__ import annotations

import pytest

from tayang.accessible.spoken import spoken, terbilang


@pytest.mark.parametrize(("number", "words"), [
    (0, "nol"), (7, "tujuh"), (10, "sepuluh"), (11, "sebelas"), (15, "lima belas"),
    (20, "dua puluh"), (99, "sembilan puluh sembilan"), (100, "seratus"),
    (115, "seratus lima belas"), (999, "sembilan ratus sembilan puluh sembilan"),
    (1000, "seribu"), (1500, "seribu lima ratus"), (2026, "dua ribu dua puluh enam"),
    (21000, "dua puluh satu ribu"), (100000, "seratus ribu"),
    (1_500_000, "satu juta lima ratus ribu"), (2_000_000_000, "dua miliar"),
])
def test_numbers_in_words(number: int, words: str) -> None:
    assert terbilang(number) == words


@pytest.mark.parametrize(("written", "said"), [
    ("6 Desember 2026", "enam Desember dua ribu dua puluh enam"),
    ("6 Des 2026", "enam Desember dua ribu dua puluh enam"),
    ("06-12-2026", "enam Desember dua ribu dua puluh enam"),
    ("06/12/2026", "enam Desember dua ribu dua puluh enam"),
    ("2026-12-06", "enam Desember dua ribu dua puluh enam"),
    ("17 Agustus 1945", "tujuh belas Agustus seribu sembilan ratus empat puluh lima"),
])
def test_dates(written: str, said: str) -> None:
    assert spoken(written) == said


@pytest.mark.parametrize(("written", "said"), [
    ("09.00 WIB", "pukul sembilan waktu Indonesia barat"),
    ("pukul 13.30", "pukul tiga belas lewat tiga puluh menit"),
    ("Pukul 07.05 WITA", "pukul tujuh lewat lima menit waktu Indonesia tengah"),
    ("jam 8.15", "jam delapan lewat lima belas menit"),
    ("09.00–12.00 WIB", "pukul sembilan sampai dua belas waktu Indonesia barat"),
    ("08.00 s.d. 16.00 WIT", "pukul delapan sampai enam belas waktu Indonesia timur"),
])
def test_times(written: str, said: str) -> None:
    assert spoken(written) == said


@pytest.mark.parametrize(("written", "said"), [
    ("Kab. Gunungkidul", "Kabupaten Gunungkidul"),
    ("No. 5", "nomor lima"),
    ("Perda No. 12 Tahun 2023", "Peraturan Daerah nomor dua belas Tahun dua ribu dua puluh tiga"),
    ("PPID Pelaksana", "pe pe i de Pelaksana"),
    ("Din. Sosial", "Dinas Sosial"),
    ("Kadis Disperindag", "Kepala Dinas Dinas Perdagangan dan Perindustrian"),
    ("Jl. Merdeka, dll.", "Jalan Merdeka, dan lain-lain"),
    ("DPMPTSP", "de pe em pe te es pe"),
    ("HET minyak goreng", "ha e te minyak goreng"),
    ("RAPAT DI BALAI", "rapat di balai"),
    ("PENGUMUMAN RAPAT", "pengumuman rapat"),
    ("dokumen dan/atau data", "dokumen dan atau data"),
])
def test_abbreviations(written: str, said: str) -> None:
    assert spoken(written) == said


@pytest.mark.parametrize(("written", "said"), [
    ("Rp 1.500.000,00", "satu juta lima ratus ribu rupiah"),
    ("Rp25.000", "dua puluh lima ribu rupiah"),
    ("10%", "sepuluh persen"),
    ("2,5 persen", "dua koma lima persen"),
    ("tahap ke-3", "tahap ketiga"),
    ("yang ke-1", "yang pertama"),
    ("Nomor 12/2026", "Nomor dua belas garis miring dua ribu dua puluh enam"),
    ("telepon 081234567", "telepon nol delapan satu dua tiga empat lima enam tujuh"),
    ("skor 12.30 saja", "skor dua belas titik tiga puluh saja"),
    ("sebanyak 1.250 orang", "sebanyak seribu dua ratus lima puluh orang"),
])
def test_figures(written: str, said: str) -> None:
    assert spoken(written) == said


def test_an_announcement_keeps_its_words_and_sentences() -> None:
    text = (
        "PPID Kab. Gunungkidul mengundang warga pada 6 Desember 2026 pukul 09.00 WIB "
        "di Balai Desa. Sesuai Perda No. 3 Tahun 2020, pendaftaran gratis."
    )
    assert spoken(text) == (
        "pe pe i de Kabupaten Gunungkidul mengundang warga pada enam Desember dua ribu dua "
        "puluh enam pukul sembilan waktu Indonesia barat di Balai Desa. Sesuai Peraturan "
        "Daerah nomor tiga Tahun dua ribu dua puluh, pendaftaran gratis."
    )
