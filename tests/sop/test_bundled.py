"""The five bundled SOPs are faithful to the agencies' own documents (shared/seeds).

Every expected string below was copied from the seed texts (000_…, 002_…, 003_…, 004_…), so a
definition that drops or rewords a step, a requirement, a time standard, an output, a note or an
item of the identity block fails here. The seeds are embedded rather than read at run time
because CI does not have them. The only normalization: the ";" that separates the items of an
identity list is not part of an item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tayang.engine.content import MediaInfo
from tayang.engine.requirements import unmet
from tayang.sop import flow, load_file
from tayang.sop.bundled import bundled_paths, bundled_sops
from tayang.sop.document.content import notes_text, requirement_texts
from tayang.sop.model import (
    CheckKind,
    FieldKind,
    MediaKind,
    Requirement,
    Sop,
    Step,
    StepKind,
    TimeAnchor,
    TimeKind,
)

A = "gunungkidul-dpmptsp-upload-konten"
B = "bantul-disnakertrans-website-medsos"
C = "dinsos-diy-media-informasi"
D = "kalteng-disperindag-pengumuman-informasi"
E = "kalteng-disperindag-upload-medsos"


@dataclass(frozen=True)
class SeedStep:
    """One row of a seed's procedure table."""

    activity: str
    columns: tuple[str, ...]  # executor columns the step is drawn in (lanes)
    actors: tuple[str, ...]  # the columns whose holders act (roles)
    time: str
    output: str
    requirements: tuple[str, ...]
    notes: tuple[str, ...] = ()  # Keterangan, verbatim (may be split where the seed is long)


@dataclass(frozen=True)
class Seed:
    key: str
    file: str
    organization: str
    name: str
    roles: tuple[str, ...]  # executor columns, left to right
    steps: tuple[SeedStep, ...]
    approved_by: tuple[str, str, str, str] = ("", "", "", "")  # name, position, rank, NIP
    number: str = ""
    made_on: date | None = None
    legal_bases: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    related_sops: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    records: tuple[str, ...] = ()


# --- A: 000_… DPMPTSP Kabupaten Gunungkidul --------------------------------------------------

_A_KONTEN = (
    "Dokumentasi minimal 5",
    "Narasi Berita",
    "Caption Kegiatan dengan maksimal 200 karakter",
)
_A_HARI_H = "Hari H Setelah pengumpulan dokumentasi dan konten"
_A_TANGGAPAN = "Tanggapan tertulis dari Tim Pertimbangan"

SEED_A = Seed(
    key=A,
    file="a-gunungkidul-dpmptsp.yaml",
    organization="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Gunungkidul",
    name="Alur Upload Konten Website & Media Sosial",
    roles=(
        "Tim Pelaksanaan",
        "Tim Pertimbangan Pelayanan Informasi",
        "Sekretaris PPID Pembantu",
        "Atasan PPID Pembantu",
        "Admin Medsos",
    ),
    approved_by=(
        "AGUNG DANARTA, S.Sos, MSE",
        "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Gunungkidul",
        "",
        "",
    ),
    legal_bases=(
        "Undang-Undang Republik Indonesia Nomor 14 Tahun 2008 tentang Keterbukaan Informasi "
        "Publik",
        "Undang-Undang Republik Indonesia Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        "Undang-Undang Republik Indonesia Nomor 23 Tahun 2013 tentang Anggaran Pendapatan dan "
        "Belanja Negara Tahun Anggaran 2014",
        "Peraturan Pemerintah Republik Indonesia Nomor 61 Tahun 2010 tentang Pelaksanaan "
        "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
        "Peraturan Komisi Informasi Nomor 1 Tahun 2010 tentang Standar Layanan Informasi Publik",
        "Peraturan Komisi Informasi Nomor 1 Tahun 2013 tentang Prosedur Penyelesaian Sengketa "
        "Informasi Publik",
    ),
    qualifications=(
        "Mengetahui tugas dan fungsi penyusun program",
        "Mengetahui tugas dan fungsi Jabatan",
        "Mengetahui penggunaan perangkat komputer",
        "Mengetahui aplikasi komputer penyusun RKA dan DPA",
    ),
    equipment=(
        "Lembaran kerja dan Rencana Kerja",
        "Ruang rapat internal",
        "Alat tulis kantor",
        "Jaringan Internet",
    ),
    records=("Disimpan dalam bentuk Softcopy dan Hardcopy",),
    steps=(
        SeedStep(
            "Menyerahkan Dokumentasi Kegiatan dan konten berita baik dalam bentuk video dan/atau "
            "foto maupun narasi hasil kegiatan tersebut kepada Tim Pertimbangan Pelayanan "
            "Informasi",
            ("Tim Pelaksanaan",),
            ("Tim Pelaksanaan",),
            "Hari H setelah kegiatan berlangsung",
            "Regrister dokumentasi dan konten",
            _A_KONTEN,
        ),
        SeedStep(
            "Menerima hasil Dokumentasi Kegiatan dan konten berita dari Tim Pelaksana",
            ("Tim Pertimbangan Pelayanan Informasi",),
            ("Tim Pertimbangan Pelayanan Informasi",),
            _A_HARI_H,
            _A_TANGGAPAN,
            ("Hasil dokumentasi",),
        ),
        SeedStep(
            "Mengontrol dan mengkoreksi hasil dokumentasi dan konten yang diterima",
            ("Tim Pertimbangan Pelayanan Informasi",),
            ("Tim Pertimbangan Pelayanan Informasi",),
            _A_HARI_H,
            _A_TANGGAPAN,
            ("Hasil dokumentasi",),
        ),
        SeedStep(
            "Memberikan keputusan dan pertimbangan terhadap dokumentasi dan konten berita yang "
            "akan di upload di website & media sosial",
            ("Sekretaris PPID Pembantu", "Atasan PPID Pembantu"),
            ("Sekretaris PPID Pembantu", "Atasan PPID Pembantu"),
            _A_HARI_H,
            _A_TANGGAPAN,
            ("Hasil dokumentasi",),
        ),
        SeedStep(
            "Mengunggah hasil Verifikasi Dokumentasi dan Persetujuan yang telah di tandatangani "
            "Tim Pertimbangan Pelayanan Informasi dan/atau Ketua PPID Pembantu dan/atau Atasan "
            "PPID Pembantu ke Website & Media Sosial",
            ("Admin Medsos",),
            ("Admin Medsos",),
            _A_HARI_H,
            "Regrister dokumentasi dan konten",
            _A_KONTEN,
        ),
    ),
)

# --- B: 002_… Disnakertrans Bantul ----------------------------------------------------------

_B_BAHAN = (
    "Bahan release berita website, foto dan video yang akan ditayangkan di media sosial"
)
_B_TERPILIH = "Materi berita, foto dan video yang sudah terpilih"
_B_DISETUJUI = "Materi berita, foto dan video yang sudah disetujui Kepala Dinas"

SEED_B = Seed(
    key=B,
    file="b-bantul-disnakertrans.yaml",
    organization="Dinas Tenaga Kerja dan Transmigrasi Bantul",
    name="Pengelolaan Website dan Media Sosial",
    roles=("Peliput/Petugas Lapangan", "Pengelola Website", "Kepala Dinas"),
    # "Pembina Tk I, IV/b NIR. 197503251996032003": rank and number as the seed prints them.
    approved_by=(
        "ISTIRUL WIDILASTUTI, S.IP,MPA", "Kepala Dinas", "Pembina Tk I, IV/b",
        "197503251996032003",
    ),
    legal_bases=(
        "Undang-Undang No. 14 Tahun 2008 tentang keterbukaan Informasi Publik",
        "Undang-Undang No. 25 Tahun 2009 tentang Pelayanan Publik",
        "PP No. 61 Tahun 2010 tentang Pelaksanaan Undang-Undang No. 14 Tahun 2008 tentang "
        "Keterbukaan Informasi Publik",
        "Permendagri No. 3 Tahun 2017 tentang Pedoman Pengelolaan Pelayanan Informasi dan "
        "Dokumentasi Kementerian Dalam Negeri dan Pemerintahan Daerah",
        "Peraturan Menteri Komunikasi dan Informatika No. 8 Tahun 2019 tentang Penyelenggaraan "
        "Urusan Pemerintah Konkuren Bidang Komunikasi dan Informatika",
        "Peraturan Komisi Informasi No. 1 Tahun 2013 tentang Prosedur Penyelesaian Sengketa "
        "Informasi Publik",
        "Peraturan Komisi Informasi No. 1 Tahun 2021 tentang Standar Layanan Informasi Publik",
        "Peraturan Bupati Bantul No. 42 Tahun 2019 tentang Pedoman Pengelolaan Pelayanan "
        "Informasi dan Dokumentasi di Lingkungan Pemerintah Kabupaten Bantul.",
    ),
    qualifications=(
        "Pendidikan minimal SLTA",
        "Jabatan Fungsional Arsiparis, Pustakawan, Pranata Humas, Pranata Komputer dan Analis",
        "Memiliki kompetensi, ketrampilan dan dapat berkomunikasi dengan baik untuk dapat "
        "menunjang pelaksanaan tugas",
        "Memiliki pengetahuan mengenai UU No. 14 Tahun 2008 tentang keterbukaan Informasi "
        "Publik.",
    ),
    related_sops=(
        "SOP Penetapan dan Pemutakhiran Daftar Informasi Publik",
        "SOP Pendokumentasian Informasi Publik.",
    ),
    equipment=(
        "Kamera",
        "Alat Tulis Kantor",
        "Komputer",
        "Printer",
        "Scanner",
        "Jaringan Internet",
    ),
    warnings=(
        "Apabila website dan media sosial tidak update dan dikelola dengan baik, penyampaian "
        "informasi kepada masyarakat akan terhambat.",
    ),
    records=("Disimpan dalam bentuk softcopy dan hardcopy",),
    steps=(
        SeedStep(
            "Petugas peliputan menyerahkan materi peliputan berupa audio, foto, atau video kepada "
            "pengelola website",
            ("Peliput/Petugas Lapangan",),
            ("Peliput/Petugas Lapangan",),
            "60 menit",
            _B_BAHAN,
            ("Foto dan video diberikan narasi singkat yang memuat 5W +1 H",),
        ),
        SeedStep(
            "Pemilahan bahan liputan yang layak tayang di website dan media sosial",
            ("Pengelola Website",),
            ("Pengelola Website",),
            "30 menit",
            _B_TERPILIH,
            (_B_BAHAN,),
        ),
        SeedStep(
            "Pengelola website mengajukan materi liputan berbentuk release berita, foto atau "
            "video ke Kepala Dinas untuk memperoleh persetujuan tayang",
            ("Pengelola Website", "Kepala Dinas"),
            ("Kepala Dinas",),
            "15 menit",
            _B_DISETUJUI,
            (_B_TERPILIH,),
        ),
        SeedStep(
            "Pengelola Website menayangkan informasi dan hasil peliputan kedalam website dan "
            "media sosial.",
            ("Pengelola Website",),
            ("Pengelola Website",),
            "5 menit",
            "Kegiatan OPD terinput dalam website dan media sosial",
            (_B_DISETUJUI,),
        ),
    ),
)

# --- C: 003_… Dinas Sosial DIY --------------------------------------------------------------

_C_FILTERING = (
    "Melakukan filtering informasi berupa data-data (naskah berita, gambar, dokumen dan video) "
    "sebelum proses updating data-data informasi yang akan ditampilkan"
)
_C_DATA = "data-data (naskah berita, daftar informasi, gambar, dokumen, dan video)"
_C_OUT = "Data-data (naskah berita, daftar informasi, gambar, dokumen, dan video)"
_C_ROUTINE_NOTE = (
    "Informasi yang berupa kegiatan biasa rutin dapat langsung di setuju Sekretaris, Ka. "
    "Bidang, Ka. Balai dan diteruskar ke Admin"
)
_C_IMPORTANT_NOTE = "Informasi yang berupa data penting atau kebijakan harus melalui Kepala Dinas"

SEED_C = Seed(
    key=C,
    file="c-dinsos-diy.yaml",
    organization="Dinas Sosial Daerah Istimewa Yogyakarta",
    name="Pengelolaan Media Informasi Website dan Media Sosial Dinas Sosial DIY",
    roles=(
        "Kontributor (ASN/PPPK)",
        "Admin Sekretariat, Bidang, Balai",
        "Sekretaris, Ka. Bidang, Ka. Balai",
        "Kepala Dinas",
    ),
    approved_by=("ENDANG PATMINTARSIH, SH, M.Si.", "", "", ""),
    number="000.8.3.3/102",
    made_on=date(2024, 1, 3),
    legal_bases=(
        "Undang-Undang Republik Indonesia Nomor 14 Tahun 2008 tentang Keterbukaan Informasi "
        "Publik",
        "Peraturan Komisi Informasi Republik Indonesia Nomor 1 Tahun 2021 Tentang Standar "
        "Layanan Informasi Publik",
        "Peraturan Menteri Dalam Negeri Nomor 52 Tahun 2011 tentang Standar Operasional "
        "Prosedur Di Lingkungan Pemerintah Provinsi Dan kabupaten/Kota",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi No. 35 Tahun "
        "2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintah",
        "Peraturan Daerah Daerah Istimewa Yogyakarta Nomor 4 Tahun 2021 tentang Pengelolaan "
        "Keterbukaan Informasi Publik",
        "Peraturan Daerah Istimewa Daerah Istimewa Yogyakarta Nomor 1 Tahun 2022 tentang "
        "Kelembagaan Pemerintah Daerah Daerah Istimewa Yogyakarta",
        "Peraturan Gubernur DIY Nomor 117 Tahun 2014 tentang Pedoman Penyusunan Standar "
        "Operasional Prosedur Penyelenggaraan Pemerintah Daerah.",
        "Peraturan Gubernur Nomor 106 Tahun 2022 tentang Kedudukan, Susunan Organisasi, Tugas, "
        "Fungsi, dan Tata Kerja Dinas Sosial.",
    ),
    qualifications=(
        "Memiliki kemampuan Pengumpulan data, Bahan dan Referensi",
        "Mengetahui tugas dan fungsi pengelolaan data",
        "Mengetahui tugas dan fungsi Jabatan",
        "Mengetahui penggunaan perangkat computer",
    ),
    related_sops=("SOP Pengelolaan Data dan Informasi",),
    equipment=("Ruangan rapat internal", "Komputer, Printer, ATK", "Jaringan internet"),
    warnings=(
        "Apabila prosedur tidak dilaksanakan dapat menghambat penyampaian informasi publik "
        "kepada masyarakat",
    ),
    records=(
        "Disimpan sebagai dokumen standar layanan informasi dan untuk pedoman pelaksanaan "
        "kegiatan",
    ),
    steps=(
        SeedStep(
            "Secara berkala mengumpulkan dan menyusun data-data (naskah berita, gambar, dokumen "
            "dan video)",
            ("Kontributor (ASN/PPPK)",),
            ("Kontributor (ASN/PPPK)",),
            "1 hari",
            "Data-data berupa naskah berita, daftar informasi, gambar, dokumen, dan video",
            ("Kamera, Laptop/PC",),
        ),
        SeedStep(
            "Menyerahkan data-data (naskah berita, gambar, dokumen dan video) kepada "
            "Administrator",
            ("Kontributor (ASN/PPPK)",),
            ("Kontributor (ASN/PPPK)",),
            "1-3 jam",
            _C_OUT,
            (
                "Kamera, Laptop/PC, data-data (naskah berita, daftar informasi, gambar, dokumen, "
                "video)",
            ),
        ),
        SeedStep(
            "Menginventarisir dan melakukan editing informasi berupa data-data (naskah berita, "
            "gambar, dokumen dan video) sebelum proses updating data-data informasi yang akan "
            "ditampilkan",
            ("Admin Sekretariat, Bidang, Balai",),
            ("Admin Sekretariat, Bidang, Balai",),
            "1-3 jam",
            f"{_C_OUT} hasil editing",
            (
                "Laptop/PC Admin, data-data (naskah berita, daftar informasi, gambar, dokumen, "
                "video)",
            ),
        ),
        SeedStep(
            _C_FILTERING,
            ("Sekretaris, Ka. Bidang, Ka. Balai",),
            ("Sekretaris, Ka. Bidang, Ka. Balai",),
            "2 jam",
            f"{_C_OUT} hasil filtering",
            (f"Laptop/PC, {_C_DATA} hasil editing",),
            (_C_ROUTINE_NOTE,),
        ),
        SeedStep(
            _C_FILTERING,
            ("Kepala Dinas",),
            ("Kepala Dinas",),
            "1 jam",
            f"{_C_OUT} hasil filtering",
            (f"Laptop/PC, {_C_DATA} hasil filtering",),
            (_C_IMPORTANT_NOTE,),
        ),
        SeedStep(
            "Menampilkan informasi berupa data-data (naskah berita, gambar, dokumen dan video) "
            "pada website",
            ("Admin Sekretariat, Bidang, Balai",),
            ("Admin Sekretariat, Bidang, Balai",),
            "30 menit",
            f"{_C_OUT} yang siap dipublikasikan",
            (f"Laptop/PC Admin, {_C_DATA} hasil filtering",),
        ),
        SeedStep(
            "Mendokumentasikan",
            ("Admin Sekretariat, Bidang, Balai",),
            ("Admin Sekretariat, Bidang, Balai",),
            "30 menit",
            "Dokumen / arsip",
            (f"Laptop/PC Admin, {_C_DATA} yang siap dipublikasikan",),
        ),
    ),
)

# --- D: 004_… (first part) Disperindag Kalimantan Tengah, pengumuman ------------------------

_D_ORGANIZATION = "Dinas Perdagangan Dan Perindustrian Provinsi Kalimantan Tengah"
_KALTENG_SIGNER = "LENI, S.Sos, M.AP"
_KALTENG_RANK = "Pembina Utama Muda"
_KALTENG_NIP = "19670626 199003 2 009"

SEED_D = Seed(
    key=D,
    file="d-kalteng-disperindag-pengumuman.yaml",
    organization=_D_ORGANIZATION,
    name="Standar Pengumuman Informasi Publik",
    roles=("PPID Pelaksana", "Petugas PPID"),
    # The same Kepala Dinas signs part E, where her name, rank and NIP are legible.
    approved_by=(
        _KALTENG_SIGNER, "Kepala Dinas Perdagangan Dan Perindustrian Kalimantan Tengah",
        _KALTENG_RANK, _KALTENG_NIP,
    ),
    warnings=(
        "Pelayanan Prima tidak akan tercapai Bila Prosedur ini tidak berjalan maka Image "
        "Positif Pemerintah Daerah terhadap masyarakat menjadi Negatif",
    ),
    steps=(
        SeedStep(
            "Mengumumkan Informasi Publik yang ada di bawah wewenang PPID Pelaksana Dinas "
            "Perdagangan Dan Perindustrian Provinsi Kalimantan Tengah",
            ("PPID Pelaksana",),
            ("PPID Pelaksana",),
            "Tentatif",
            "Publikasi Informasi Publik",
            ("Dokumen Informasi Publik sesuai SK Daftar Informasi Publik yang telah disahkan",),
            (
                "Wajib memperhatikan Aksesibilitas bagi Penyandang Disabilitas; Wajib menggunakan "
                "Bahasa Indonesia yang baik dan benar; mudah dipahami; mempertimbangkan "
                "penggunaan bahasa yang digunakan penduduk setempat.",
            ),
        ),
        SeedStep(
            "Menyebarluaskan Informasi Publik",
            ("Petugas PPID",),
            ("Petugas PPID",),
            "Tentatif",
            "Konten Informasi Publik",
            ("Konsep konten Informasi Publik",),
            (
                "Penyebarluasan melalui papan pengumuman; laman resmi (Website) PPID dan/atau "
                "Badan Publik; media sosial PPID dan/atau Badan Publik; di Portal Satu Data "
                "dan/atau; Aplikasi berbasis teknologi informasi Penyebarluasan wajib; "
                "memperhatikan Aksesibilitas bagi Penyandang Disabilitas; paling sedikit "
                "dilengkapi dengan audio, visual, dan/atau Braille.",
            ),
        ),
    ),
)

# --- E: 004_… (second part) Disperindag Kalimantan Tengah, media sosial ---------------------

_E_KONTEN = (
    "Dokumentasi minimal 4",
    "Narasi berita",
    "Caption Kegiatan dengan maksimal 200 karakter",
)
_E_H1 = "H+1 Setelah pengumpulan dokumentasi dan konten"
_E_TANGGAPAN = "Tanggapan tertulis dari Tim Pertimbangan"

SEED_E = Seed(
    key=E,
    file="e-kalteng-disperindag-medsos.yaml",
    organization=_D_ORGANIZATION,
    name="Alur Upload Konten Media Sosial",
    roles=(
        "Tim Pelaksana",
        "Tim Pertimbangan Pelayanan Informasi",
        "Ketua PPID Pembantu",
        "Atasan PPID Pembantu",
        "Admin Medsos",
    ),
    # "OF LENI, S.Sos, M.AP / Fendina Utama Muda / NR. 13270626 199003 2 009", read as the
    # definition's comments explain.
    approved_by=(
        _KALTENG_SIGNER,
        "Kepala Dinas Perdagangan Dan Perindustrian Provinsi Kalimantan Tengah",
        _KALTENG_RANK, _KALTENG_NIP,
    ),
    records=("Disimpan dalam bentuk softcopy dan hardcopy",),
    steps=(
        SeedStep(
            "Menyerahkan Dokumentasi Kegiatan dan konten berita baik dalam bentuk video dan/atau "
            "foto maupun narasi hasil kegiatan tersebut kepada Tim Pertimbangan Pelayanan "
            "Informasi",
            ("Tim Pelaksana",),
            ("Tim Pelaksana",),
            "Hari H setelah kegiatan berlangsung",
            "Register dokumentasi dan konten",
            _E_KONTEN,
        ),
        SeedStep(
            "Menerima hasil Dokumentasi Kegiatan dan konten berita dari Tim Pelaksana",
            ("Tim Pertimbangan Pelayanan Informasi",),
            ("Tim Pertimbangan Pelayanan Informasi",),
            _E_H1,
            _E_TANGGAPAN,
            ("Hasil dokumentasi",),
        ),
        SeedStep(
            "Mengkontrol dan mengkoreksi hasil dokumentasi dan konten yang diterima",
            ("Tim Pertimbangan Pelayanan Informasi", "Ketua PPID Pembantu"),
            ("Ketua PPID Pembantu",),
            _E_H1,
            _E_TANGGAPAN,
            ("Hasil dokumentasi",),
        ),
        SeedStep(
            "Memberikan keputusan dan pertimbangan terhadap dokumentasi dan konten berita yang "
            "akan di upload di media sosial",
            ("Atasan PPID Pembantu",),
            ("Atasan PPID Pembantu",),
            _E_H1,
            _E_TANGGAPAN,
            ("Hasil dokumentasi",),
        ),
        SeedStep(
            "Mengunggah hasil Verifikasi Dokumentasi dan Persetujuan yang telah ditandatangani "
            "Tim Pertimbangan Pelayanan Informasi dan/atau Ketua PPID Pembantu dan/atau Atasan "
            "PPID Pembantu ke Media Sosial",
            ("Admin Medsos",),
            ("Admin Medsos",),
            "Hari H+1 setelah kegiatan berlangsung",
            "Register dokumentasi dan konten",
            _E_KONTEN,
        ),
    ),
)

SEEDS = (SEED_A, SEED_B, SEED_C, SEED_D, SEED_E)
SEED_STEPS = [
    pytest.param(seed, number, id=f"{seed.key}-{number}")
    for seed in SEEDS
    for number in range(1, len(seed.steps) + 1)
]
# Steps whose executor was read from the wording or the flowchart marks, not from a column.
INFERRED = {(A, 3), (A, 4), (D, 2), (E, 3), (E, 4)}


def sop_of(seed: Seed) -> Sop:
    return bundled_sops()[seed.key]


def step_of(seed: Seed, number: int) -> Step:
    step = sop_of(seed).steps[number - 1]
    assert step.number == number
    return step


def role_names(sop: Sop, keys: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sop.role(key).name for key in keys)


def requirement(step: Step, text: str) -> Requirement:
    return next(r for r in step.requirements if r.text == text)


# --- loading --------------------------------------------------------------------------------


def test_the_five_bundled_sops_load_under_their_keys():
    assert set(bundled_sops()) == {A, B, C, D, E}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_each_file_loads_on_its_own(seed: Seed):
    path = next(p for p in bundled_paths() if p.name == seed.file)
    sop = load_file(path)
    assert sop.key == seed.key
    assert sop.timezone == "Asia/Jakarta"


# --- identity block -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_identity_block_is_the_seeds(seed: Seed):
    identity = sop_of(seed).identity
    assert identity.organization == seed.organization
    assert identity.name == seed.name
    assert identity.number == seed.number
    assert identity.made_on == seed.made_on
    official = identity.approved_by
    assert (official.name, official.position, official.rank, official.nip) == seed.approved_by
    assert identity.legal_bases == seed.legal_bases
    assert identity.qualifications == seed.qualifications
    assert identity.related_sops == seed.related_sops
    assert identity.equipment == seed.equipment
    assert identity.warnings == seed.warnings
    assert identity.records == seed.records


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_roles_are_the_executor_columns_in_order(seed: Seed):
    assert tuple(role.name for role in sop_of(seed).roles) == seed.roles


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_one_step_per_row(seed: Seed):
    assert len(sop_of(seed).steps) == len(seed.steps)


# --- the procedure table, row by row --------------------------------------------------------


@pytest.mark.parametrize(("seed", "number"), SEED_STEPS)
def test_step_is_the_seeds_row(seed: Seed, number: int):
    expected = seed.steps[number - 1]
    sop = sop_of(seed)
    step = step_of(seed, number)
    assert step.activity == expected.activity
    assert role_names(sop, step.lanes) == expected.columns
    assert role_names(sop, step.roles) == expected.actors
    assert step.time is not None
    assert step.time.text == expected.time
    assert step.output == expected.output
    texts = [r.text for r in step.requirements]
    for text in expected.requirements:
        assert text in texts
    for note in expected.notes:
        assert note in step.notes


@pytest.mark.parametrize(("seed", "number"), SEED_STEPS)
def test_keterangan_is_the_seeds_own_and_nothing_else(seed: Seed, number: int):
    """How a seed was transcribed is a comment of the definition, never printed as if the
    agency had written it in Keterangan."""
    step = step_of(seed, number)
    assert step.notes.split() == " ".join(seed.steps[number - 1].notes).split()
    printed = " ".join(notes_text(step, sop_of(seed)))
    assert "disimpulkan" not in printed.casefold()


@pytest.mark.parametrize(("seed", "number"), SEED_STEPS)
def test_kelengkapan_prints_the_seeds_own_list(seed: Seed, number: int):
    """Checks the machine needs beyond the seed's list (seed C's route, seed D's duties that
    the seed writes in Keterangan) are never printed as Kelengkapan."""
    assert requirement_texts(step_of(seed, number)) == seed.steps[number - 1].requirements


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_inferred_executors_are_said_in_the_definitions_comments(seed: Seed):
    path = next(p for p in bundled_paths() if p.name == seed.file)
    comments = " ".join(
        line.strip() for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith("#")
    )
    for key, number in INFERRED:
        if key == seed.key:
            assert "inferred" in comments, f"step {number}: say how its executor was read"


@pytest.mark.parametrize(("seed", "number"), SEED_STEPS)
def test_a_step_that_produces_a_written_response_writes_one_on_acceptance(
    seed: Seed, number: int
):
    """Seed A's and E's "Tanggapan tertulis dari Tim Pertimbangan" is written whether the
    content is accepted or sent back."""
    step = step_of(seed, number)
    produces = seed.steps[number - 1].output.startswith("Tanggapan tertulis")
    assert step.accept_response is produces


# --- A: documentation at least 5, caption at most 200 ---------------------------------------


def test_a_documentation_minimum_5_and_caption_200():
    sop = sop_of(SEED_A)
    for number in (1, 5):
        step = step_of(SEED_A, number)
        minimum = requirement(step, "Dokumentasi minimal 5")
        assert minimum.check is CheckKind.MIN_COUNT
        assert sop.field(minimum.field or "").min_count == 5
        caption = requirement(step, "Caption Kegiatan dengan maksimal 200 karakter")
        assert caption.check is CheckKind.MAX_LENGTH
        assert sop.field(caption.field or "").max_length == 200
        assert requirement(step, "Narasi Berita").check is CheckKind.FILLED
    assert step_of(SEED_A, 1).time.anchor is TimeAnchor.ACTIVITY  # type: ignore[union-attr]
    for number in (2, 3, 4, 5):
        time = step_of(SEED_A, number).time
        assert time is not None
        assert (time.kind, time.anchor) == (TimeKind.SAME_DAY, TimeAnchor.HANDIN)


# --- B: 5W+1H at hand-in, the Kepala Dinas decides, minutes from the step -------------------


def test_b_narrative_is_checked_for_5w1h_at_handin():
    sop = sop_of(SEED_B)
    step = step_of(SEED_B, 1)
    assert step.kind is StepKind.HANDIN
    check = requirement(step, "Foto dan video diberikan narasi singkat yang memuat 5W +1 H")
    assert check.check is CheckKind.FIVE_W_ONE_H
    item_field = sop.field(check.field or "")
    assert item_field.kind is FieldKind.FIVE_W_ONE_H
    failures = unmet(sop, step.requirements, {item_field.key: {"apa": "Pelatihan kerja"}})
    assert [f.requirement for f in failures] == [check]


def test_b_kepala_dinas_approves_and_tidak_returns_to_selection():
    step = step_of(SEED_B, 3)
    assert step.kind is StepKind.DECISION
    assert step.roles == ("kepala_dinas",)
    assert step.reject == step_of(SEED_B, 2).key
    assert step_of(SEED_B, 2).roles == ("pengelola_website",)
    assert step_of(SEED_B, 4).kind is StepKind.PUBLISH


def test_b_times_are_minutes_from_the_step():
    for number, minutes in zip((1, 2, 3, 4), (60, 30, 15, 5), strict=True):
        time = step_of(SEED_B, number).time
        assert time is not None
        assert (time.kind, time.target, time.limit) == (TimeKind.MINUTES, minutes, minutes)
        assert time.anchor is TimeAnchor.STEP


# --- C: routine news skips the Kepala Dinas, important data and policy pass it --------------


def test_c_route_is_chosen_at_the_first_filter_and_decides_the_second():
    sop = sop_of(SEED_C)
    first, second = step_of(SEED_C, 4), step_of(SEED_C, 5)
    assert first.kind is second.kind is StepKind.DECISION
    assert first.chooses == ("category",)
    category = sop.field("category")
    assert category.kind is FieldKind.CHOICE
    assert first.condition is None
    assert second.condition is not None
    assert second.condition.field == "category"
    assert second.condition.text == _C_IMPORTANT_NOTE
    routine = [value for value, label in category.choices if "rutin" in label.lower()]
    important = [value for value, _ in category.choices if value not in routine]
    assert len(routine) == 1
    assert second.condition.values == frozenset(important)
    assert {label for _, label in category.choices} >= {"Data penting", "Kebijakan"}


def test_c_routine_goes_straight_to_the_admin_and_important_passes_the_kepala_dinas():
    sop = sop_of(SEED_C)
    kepala = step_of(SEED_C, 5).key
    for value, label in sop.field("category").choices:
        path = [step.key for step in flow.path(sop, {"category": value})]
        assert (kepala in path) == ("rutin" not in label.lower()), label
        assert len(path) == (6 if "rutin" in label.lower() else 7)


def test_c_tidak_returns_to_editing_and_the_route_must_be_chosen():
    sop = sop_of(SEED_C)
    editing = step_of(SEED_C, 3)
    assert editing.kind is StepKind.REVIEW
    assert editing.roles == ("admin",)
    assert editing.editable
    assert "category" not in editing.editable
    for number in (4, 5):
        step = step_of(SEED_C, number)
        assert step.decision is not None
        assert (step.decision.accept_label, step.decision.reject_label) == ("Ya", "Tidak")
        assert step.reject == editing.key
    unchosen = unmet(sop, step_of(SEED_C, 4).requirements, {})
    assert [f.requirement.field for f in unchosen] == ["category"]


def test_c_kinds_and_time_ranges():
    kinds = [step.kind for step in sop_of(SEED_C).steps]
    assert kinds == [
        StepKind.WORK, StepKind.HANDIN, StepKind.REVIEW, StepKind.DECISION, StepKind.DECISION,
        StepKind.PUBLISH, StepKind.ARCHIVE,
    ]
    expected = [
        (TimeKind.DAYS, 1, 1), (TimeKind.HOURS, 1, 3), (TimeKind.HOURS, 1, 3),
        (TimeKind.HOURS, 2, 2), (TimeKind.HOURS, 1, 1), (TimeKind.MINUTES, 30, 30),
        (TimeKind.MINUTES, 30, 30),
    ]
    for step, (kind, target, limit) in zip(sop_of(SEED_C).steps, expected, strict=True):
        assert step.time is not None
        assert (step.time.kind, step.time.target, step.time.limit) == (kind, target, limit)
        assert step.time.anchor is TimeAnchor.STEP


# --- D: the DIP link, the document, alt text, channels and Braille --------------------------


def test_d_handin_links_the_dip_entry_and_the_document():
    sop = sop_of(SEED_D)
    step = step_of(SEED_D, 1)
    assert step.kind is StepKind.HANDIN
    dip = requirement(
        step, "Dokumen Informasi Publik sesuai SK Daftar Informasi Publik yang telah disahkan"
    )
    assert dip.check is CheckKind.DIP_LINK
    assert sop.field(dip.field or "").kind is FieldKind.DIP_ENTRY
    documents = [
        sop.field(r.field) for r in step.requirements
        if r.field and sop.field(r.field).kind is FieldKind.DOCUMENT
    ]
    assert documents
    assert documents[0].min_count == 1


def test_d_images_need_alt_text():
    sop = sop_of(SEED_D)
    step = step_of(SEED_D, 1)
    alt = [r for r in step.requirements if r.check is CheckKind.ALT_TEXT]
    assert len(alt) == 1
    assert alt[0].text == "Wajib memperhatikan Aksesibilitas bagi Penyandang Disabilitas"
    media = sop.field(alt[0].field or "")
    assert MediaKind.PHOTO in media.media_kinds
    photo = MediaInfo(kind=MediaKind.PHOTO, name="pengumuman.jpg", alt_text="")
    failures = unmet(sop, alt, {media.key: (photo,)})
    assert len(failures) == 1
    described = MediaInfo(kind=MediaKind.PHOTO, name="pengumuman.jpg", alt_text="Jadwal pasar")
    assert not unmet(sop, alt, {media.key: (described,)})


def test_d_dissemination_is_accessible_and_names_every_channel():
    step = step_of(SEED_D, 2)
    assert step.kind is StepKind.PUBLISH
    assert requirement(step, "Konsep konten Informasi Publik").check is CheckKind.FILLED
    braille = requirement(
        step, "paling sedikit dilengkapi dengan audio, visual, dan/atau Braille."
    )
    # Met by the files Tayang makes (audio, Braille, large print), not by a tick.
    assert braille.check is CheckKind.ACCESSIBLE_FORMATS and braille.field == "konten"
    assert not braille.is_checklist and not braille.confirm and braille.in_notes
    for channel in (
        "papan pengumuman", "laman resmi (Website)", "media sosial", "Portal Satu Data",
        "Aplikasi berbasis teknologi informasi",
    ):
        assert channel in step.notes
    assert "audio, visual, dan/atau Braille" in step.notes


def test_d_times_are_tentative():
    for step in sop_of(SEED_D).steps:
        assert step.time is not None
        assert step.time.is_tentative


# --- E: Terima/Tolak, documentation at least 4, H+1 ----------------------------------------


def test_e_decisions_are_labelled_terima_tolak():
    sop = sop_of(SEED_E)
    for number in (3, 4):
        step = step_of(SEED_E, number)
        assert step.kind is StepKind.DECISION
        assert (step.accept_label, step.reject_label) == ("Terima", "Tolak")
        assert step.reject is not None
        assert sop.steps.index(sop.step(step.reject)) < number - 1
    assert role_names(sop, step_of(SEED_E, 3).roles) == ("Ketua PPID Pembantu",)
    assert role_names(sop, step_of(SEED_E, 4).roles) == ("Atasan PPID Pembantu",)
    assert step_of(SEED_E, 4).next == step_of(SEED_E, 5).key  # TERIMA leads to the upload
    assert step_of(SEED_E, 5).next == "end"  # SELESAI


def test_e_documentation_minimum_4_and_caption_200():
    sop = sop_of(SEED_E)
    for number in (1, 5):
        step = step_of(SEED_E, number)
        minimum = requirement(step, "Dokumentasi minimal 4")
        assert minimum.check is CheckKind.MIN_COUNT
        assert sop.field(minimum.field or "").min_count == 4
        caption = requirement(step, "Caption Kegiatan dengan maksimal 200 karakter")
        assert caption.check is CheckKind.MAX_LENGTH
        assert sop.field(caption.field or "").max_length == 200


def test_e_hand_in_on_day_h_review_h_plus_1_upload_h_plus_1_after_the_activity():
    times = [step.time for step in sop_of(SEED_E).steps]
    assert all(time is not None for time in times)
    kinds = [(t.kind, t.target, t.anchor) for t in times if t is not None]
    assert kinds == [
        (TimeKind.SAME_DAY, 0, TimeAnchor.ACTIVITY),
        (TimeKind.DAY_OFFSET, 1, TimeAnchor.HANDIN),
        (TimeKind.DAY_OFFSET, 1, TimeAnchor.HANDIN),
        (TimeKind.DAY_OFFSET, 1, TimeAnchor.HANDIN),
        (TimeKind.DAY_OFFSET, 1, TimeAnchor.ACTIVITY),
    ]
