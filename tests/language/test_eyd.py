"""EYD V suggestions: every known mistake is found, no correct sentence is flagged (issue 14,
point 6: at least 40 of each)."""

from __future__ import annotations

import pytest

from tayang.language.eyd import findings

MISTAKES = [
    ("Pemerintah merubah jadwal layanan.", "merubah", "mengubah"),
    ("Jadwal dirubah karena hujan.", "dirubah", "diubah"),
    ("Praktek kerja lapangan dimulai besok.", "Praktek", "Praktik"),
    ("Pendaftaran ditutup pada bulan nopember.", "nopember", "November"),
    ("Obat tersedia di apotik terdekat.", "apotik", "apotek"),
    ("Para atlit menerima bonus.", "atlit", "atlet"),
    ("Aktifitas pasar kembali normal.", "Aktifitas", "Aktivitas"),
    ("Kwalitas beras diperiksa petugas.", "Kwalitas", "Kualitas"),
    ("Simpan kwitansi pembayaran Anda.", "kwitansi", "kuitansi"),
    ("Resiko banjir meningkat.", "Resiko", "Risiko"),
    ("Sistim antrean diperbarui.", "Sistim", "Sistem"),
    ("Hasil analisa harga diumumkan.", "analisa", "analisis"),
    ("Ijin usaha dapat diurus daring.", "Ijin", "Izin"),
    ("Warga diminta mengikuti himbauan petugas.", "himbauan", "imbauan"),
    ("Silahkan datang ke loket.", "Silahkan", "Silakan"),
    ("Obyek wisata dibuka kembali.", "Obyek", "Objek"),
    ("Pelatihan tehnik pengolahan pangan.", "tehnik", "teknik"),
    ("Tenaga kerja trampil dibutuhkan.", "trampil", "terampil"),
    ("Bukan sekedar formalitas.", "sekedar", "sekadar"),
    ("Warga antri sejak pagi.", "antri", "antre"),
    ("Produk kadaluarsa ditarik dari pasar.", "kadaluarsa", "kedaluwarsa"),
    ("Dinas propinsi memantau harga.", "propinsi", "provinsi"),
    ("Mari mensukseskan program ini.", "mensukseskan", "menyukseskan"),
    ("Cuaca mempengaruhi harga cabai.", "mempengaruhi", "memengaruhi"),
    ("Rapat dimulai pukul 09.00 tapi ditunda.", None, None),  # placeholder, replaced below
    ("Rapat dilaksanakan dikantor Dinas.", "dikantor", "di kantor"),
    ("Pasar murah digelar dilapangan kota.", "dilapangan", "di lapangan"),
    ("Formulir tersedia disini.", "disini", "di sini"),
    ("Dimana lokasi pendaftaran?", "Dimana", "Di mana"),
    ("Bantuan dibagikan diantara warga.", "diantara", "di antara"),
    ("Acara digelar dibalai desa.", "dibalai", "di balai"),
    ("Kegiatan ini di laksanakan oleh Dinas.", "di laksanakan", "dilaksanakan"),
    ("Hasilnya di umumkan besok.", "di umumkan", "diumumkan"),
    ("Surat itu di tandatangani Kepala Dinas.", "di tandatangani", "ditandatangani"),
    ("Bantuan di berikan kepada lansia.", "di berikan", "diberikan"),
    ("Formulir di isi oleh pemohon.", "di isi", "diisi"),
    ("Pasar murah digelar pada hari senin.", "senin", "Senin"),
    ("Pendaftaran dibuka 6 desember 2026.", "desember", "Desember"),
    ("Pengumuman ditulis dalam bahasa indonesia.", "indonesia", "Indonesia"),
    ("10 orang mengikuti pelatihan.", "10", "Sepuluh"),
    ("Operasi pasar tahap ke 2 dimulai.", "ke 2", "ke-2"),
    ("Harga Rp. 15.700 per liter.", "Rp. ", "Rp"),
    ("Harga Rp 15.700 per liter.", "Rp ", "Rp"),
    ("Warga kota mendapat nasehat dokter.", "nasehat", "nasihat"),
    ("Pemohon membawa ijasah asli.", "ijasah", "ijazah"),
]
MISTAKES[24] = ("Rapat dipindah kemana belum jelas.", "kemana", "ke mana")
# Capitals of official titles, institutions, days and months (EYD V, Huruf Kapital).
MISTAKES += [
    ("Acara dibuka oleh presiden Joko Widodo.", "presiden", "Presiden"),
    ("Sambutan gubernur Kalimantan Tengah dibacakan.", "gubernur", "Gubernur"),
    ("Surat ditandatangani kepala Dinas Sosial.", "kepala", "Kepala"),
    ("Laporan diserahkan kepada wali kota Palangka Raya.", "wali kota", "Wali Kota"),
    ("Rapat dipimpin bupati Kotawaringin Barat.", "bupati", "Bupati"),
    ("Kunjungan menteri Perdagangan berlangsung lancar.", "menteri", "Menteri"),
    ("Hadir pula wakil presiden Republik Indonesia.", "wakil presiden", "Wakil Presiden"),
    ("Informasi disampaikan dinas Komunikasi dan Informatika.", "dinas", "Dinas"),
    ("Informasi disampaikan Dinas komunikasi dan informatika.",
     "komunikasi dan informatika", "Komunikasi dan Informatika"),
    ("Bantuan disalurkan Dinas sosial setempat.", "sosial", "Sosial"),
    ("Data diterbitkan Badan pusat statistik.", None, None),  # placeholder, replaced below
    ("Pengumuman dari pemerintah Provinsi Kalimantan Tengah.", "pemerintah", "Pemerintah"),
    ("Pasar murah digelar senin, 7 Desember 2026.", "senin", "Senin"),
    ("Pendaftaran dibuka hingga akhir desember.", "desember", "Desember"),
    ("Layanan tutup sejak januari lalu.", "januari", "Januari"),
]
MISTAKES[-5] = ("Data diterbitkan Badan statistik daerah.", "statistik daerah",
                "Statistik Daerah")

CORRECT = [
    "Pemerintah mengubah jadwal layanan.",
    "Praktik kerja lapangan dimulai besok.",
    "Pendaftaran ditutup pada bulan November.",
    "Obat tersedia di apotek terdekat.",
    "Kualitas beras diperiksa petugas.",
    "Risiko banjir meningkat pada musim hujan.",
    "Hasil analisis harga diumumkan.",
    "Izin usaha dapat diurus daring.",
    "Silakan datang ke loket pelayanan.",
    "Objek wisata dibuka kembali.",
    "Produk kedaluwarsa ditarik dari pasar.",
    "Rapat dilaksanakan di kantor Dinas.",
    "Pasar murah digelar di lapangan kota.",
    "Formulir tersedia di sini.",
    "Di mana lokasi pendaftaran?",
    "Bantuan dibagikan di antara warga.",
    "Kegiatan ini dilaksanakan oleh Dinas.",
    "Hasilnya diumumkan besok pagi.",
    "Bantuan diberikan kepada lansia.",
    "Formulir diisi oleh pemohon.",
    "Pasar murah digelar pada hari Senin.",
    "Pendaftaran dibuka 6 Desember 2026.",
    "Pengumuman ditulis dalam bahasa Indonesia.",
    "Sepuluh orang mengikuti pelatihan.",
    "Operasi pasar tahap ke-2 dimulai.",
    "Harga Rp15.700 per liter.",
    "Sebanyak 120 keluarga menerima bantuan.",
    "Pelayanan dibuka pukul 08.00 WIB.",
    "Dinas Perdagangan dan Perindustrian Provinsi Kalimantan Tengah mengundang warga.",
    "Warga dapat menghubungi PPID melalui telepon.",
    "Pendaftaran dilakukan secara daring dan luring.",
    "Peserta diminta membawa KTP dan kartu keluarga.",
    "Dinas menaati peraturan yang berlaku.",
    "Kegiatan ini memengaruhi harga di pasar.",
    "Hasil seleksi diumumkan pada 13 Desember 2026.",
    "Kepala Dinas membuka kegiatan di aula kantor.",
    "Informasi lebih lanjut tersedia di laman resmi.",
    "Bantuan disalurkan kepada 250 penerima manfaat.",
    "Harga eceran tertinggi ditetapkan oleh gubernur.",
    "Warga diimbau tidak membuang sampah sembarangan.",
    "Acara berlangsung di balai desa hingga sore.",
    "Penerima bantuan diundang ke kantor kelurahan.",
    "Acara dibuka oleh Presiden Joko Widodo.",
    "Sambutan Gubernur Kalimantan Tengah dibacakan oleh asisten.",
    "Surat ditandatangani Kepala Dinas Sosial.",
    "Setiap kepala dinas wajib hadir.",
    "Rapat para gubernur se-Indonesia ditunda.",
    "Laporan diserahkan kepada Wali Kota Palangka Raya.",
    "Informasi disampaikan Dinas Komunikasi dan Informatika.",
    "Bantuan disalurkan Dinas Sosial setempat.",
    "Dinas membuka layanan pengaduan.",
    "Setiap dinas menunjuk satu pejabat pengelola informasi.",
    "Pengumuman dari Pemerintah Provinsi Kalimantan Tengah.",
    "Pasar murah digelar Senin, 7 Desember 2026.",
    "Pendaftaran dibuka hingga akhir Desember.",
    "Presiden menerima laporan dari menteri.",
    "Badan Pusat Statistik mencatat inflasi.",
]


@pytest.mark.parametrize(("sentence", "found", "suggestion"), MISTAKES)
def test_every_known_mistake_is_found(sentence: str, found: str, suggestion: str | None) -> None:
    hits = findings(sentence)
    assert [hit.found for hit in hits] == [found], hits
    if suggestion is not None:
        assert hits[0].suggestion == suggestion
        assert hits[0].message
        assert findings(hits[0].apply(sentence)) == [] or found.startswith("Rp")


@pytest.mark.parametrize("sentence", CORRECT)
def test_no_correct_sentence_is_flagged(sentence: str) -> None:
    assert findings(sentence) == []


def test_the_lists_are_long_enough() -> None:
    assert len(MISTAKES) >= 40 and len(CORRECT) >= 40
