"""The identity agencies print, and the keys that carry a seed as its agency wrote it.

In the style of ``test_loader_errors.py`` (its helpers and its small valid definition): each
test writes one thing into the definition and checks that it is read, or refused with the
file, the line, the field and a message in Bahasa Indonesia.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tayang.sop.loader import load_file
from tayang.sop.model import Sop

from .test_loader_errors import VALID, assert_problem, broken, line_of, only_problem

IDENTITY = """\
identity:
  organization: Dinas Komunikasi dan Informatika
  unit: Bidang Informasi Publik
  issued_by: Sekretariat Daerah Kabupaten Contoh
  name: Alur Publikasi Contoh
  number: 000.8.3.3/017
  revision: 2
  made_on: 16 Februari 2016
  revised_on: 01-07-2024
  effective_on: 2024-07-14
  approved_by:
    name: Dra. SRI LESTARI, M.Si
    position: Sekretaris Daerah
    rank: Pembina Utama Madya, IV/d
    nip: 19700101 199503 2 001
  purpose: Menjamin berita kegiatan ditayangkan tepat waktu dan akurat.
  scope: Seluruh bidang, dari pengumpulan bahan sampai penayangan.
"""


def with_identity(block: str = IDENTITY) -> str:
    start = VALID.index("identity:\n")
    end = VALID.index("roles:\n")
    return VALID[:start] + block + VALID[end:]


def loaded(text: str, tmp_path: Path) -> Sop:
    path = tmp_path / "sop.yaml"
    path.write_text(text, encoding="utf-8")
    return load_file(path)


# --- what is read -------------------------------------------------------------------------------


def test_the_whole_identity_an_agency_prints_is_read(tmp_path):
    identity = loaded(with_identity(), tmp_path).identity
    assert identity.issued_by == "Sekretariat Daerah Kabupaten Contoh"
    assert identity.organization == "Dinas Komunikasi dan Informatika"
    assert identity.revision == 2
    assert (identity.made_on, identity.revised_on, identity.effective_on) == (
        date(2016, 2, 16), date(2024, 7, 1), date(2024, 7, 14)
    )
    official = identity.approved_by
    assert (official.position, official.rank, official.nip) == (
        "Sekretaris Daerah", "Pembina Utama Madya, IV/d", "19700101 199503 2 001"
    )
    assert identity.purpose.startswith("Menjamin berita")
    assert identity.scope.startswith("Seluruh bidang")


@pytest.mark.parametrize(
    "written",
    [
        "16 Februari 2016", "16 februari 2016", "16 Feb 2016", "16 Feb. 2016",
        "16 Pebruari 2016", "16-02-2016", "16/02/2016", "16.02.2016", "16-2-2016",
        "2016-02-16", '"2016-02-16"',
    ],
)
def test_dates_as_agencies_write_them(tmp_path, written):
    text = broken("made_on: 2024-01-03", f"made_on: {written}")
    assert loaded(text, tmp_path).identity.made_on == date(2016, 2, 16)


@pytest.mark.parametrize("written", ['"-"', '""', "null"])
def test_a_revision_number_left_blank(tmp_path, written):
    text = broken("  made_on: 2024-01-03\n", f"  made_on: 2024-01-03\n  revision: {written}\n")
    assert loaded(text, tmp_path).identity.revision is None


def test_the_first_edition_is_revision_0(tmp_path):
    text = broken("  made_on: 2024-01-03\n", "  made_on: 2024-01-03\n  revision: 0\n")
    assert loaded(text, tmp_path).identity.revision == 0


# --- what is refused ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("2024-13-45", ("«2024-13-45» bukan tanggal", "bulan 13 tidak ada")),
        ("31 Februari 2023", ("«31 Februari 2023» bukan tanggal",
                              "Februari 2023 hanya sampai tanggal 28")),
        ("30-02-2024", ("«30-02-2024» bukan tanggal", "Februari 2024 hanya sampai tanggal 29")),
        ("3 Janiari 2024", ("bulan «Janiari» tidak dikenal", "mungkin maksudnya «Januari»")),
        ("kemarin", ("«kemarin» bukan tanggal", "«16 Februari 2016», «16-02-2016»")),
        ("2024", ("«2024» bukan tanggal", "yang diharapkan: tanggal seperti")),
        ("03-01-24", ("«03-01-24» bukan tanggal", "«2016-02-16»")),
    ],
)
def test_a_date_that_is_not_one(tmp_path, written, says):
    text = broken("made_on: 2024-01-03", f"made_on: {written}")
    assert_problem(
        only_problem(text, tmp_path), line=line_of(text, "made_on:"), path="identity.made_on",
        says=says,
    )


def test_a_revision_before_the_document_was_made(tmp_path):
    text = broken(
        "  made_on: 2024-01-03\n", "  made_on: 3 Januari 2024\n  revised_on: 2023-12-31\n"
    )
    assert_problem(
        only_problem(text, tmp_path), line=line_of(text, "revised_on:"),
        path="identity.revised_on",
        says=("tanggal revisi (31 Desember 2023) sebelum tanggal pembuatan (3 Januari 2024)",),
    )


@pytest.mark.parametrize("written", ["dua", "-1", "1.5", "ke-2"])
def test_a_revision_number_that_is_not_one(tmp_path, written):
    text = broken("  made_on: 2024-01-03\n", f"  made_on: 2024-01-03\n  revision: {written}\n")
    assert_problem(
        only_problem(text, tmp_path), line=line_of(text, "revision:"), path="identity.revision",
        says=("nomor revisi («Revisi ke») harus berupa bilangan bulat ≥ 0", f"bukan «{written}»"),
    )


@pytest.mark.parametrize(
    "nip", ["1970010120000320", "NIP. 197001012000032001", "19700101-2000-03-2-001",
            "1970010120000320011"],
)
def test_a_nip_that_is_not_18_digits(tmp_path, nip):
    block = IDENTITY.replace("nip: 19700101 199503 2 001", f'nip: "{nip}"')
    text = with_identity(block)
    assert_problem(
        only_problem(text, tmp_path), line=line_of(text, "nip:"),
        path="identity.approved_by.nip",
        says=(f"NIP «{nip}» tidak sah", "18 angka", "«19670626 199003 2 009»"),
    )


def test_an_unknown_key_of_the_signer_names_the_keys(tmp_path):
    text = with_identity(IDENTITY.replace("    rank:", "    pangkat:"))
    assert_problem(
        only_problem(text, tmp_path), line=line_of(text, "pangkat:"),
        path="identity.approved_by.pangkat",
        says=("kunci tidak dikenal", "name, nip, position, rank"),
    )


def test_an_indonesian_key_for_the_revision_suggests_the_format_s(tmp_path):
    text = with_identity(IDENTITY.replace("  revision: 2", "  revisi: 2"))
    assert_problem(
        only_problem(text, tmp_path), line=line_of(text, "revisi:"), path="identity.revisi",
        says=("kunci tidak dikenal", "mungkin maksudnya «revision»"),
    )


def test_purpose_must_be_text(tmp_path):
    text = with_identity(IDENTITY.replace(
        "  purpose: Menjamin berita kegiatan ditayangkan tepat waktu dan akurat.",
        "  purpose:\n    tujuan: Menjamin berita",
    ))
    assert_problem(
        only_problem(text, tmp_path), line=line_of(text, "tujuan:"), path="identity.purpose",
        says=("harus berupa teks, bukan pemetaan",),
    )


# --- a response on acceptance; a duty written in Keterangan -------------------------------------


def test_accept_response_on_a_review_is_read(tmp_path):
    text = broken("    reject: serahkan\n", "    reject: serahkan\n    accept_response: true\n")
    sop = loaded(text, tmp_path)
    assert sop.step("periksa").accept_response
    assert not sop.step("setujui").accept_response


def test_accept_response_where_nobody_approves(tmp_path):
    text = broken("    roles: [admin]\n    time: 30 menit\n",
                  "    roles: [admin]\n    time: 30 menit\n    accept_response: true\n")
    assert_problem(
        only_problem(text, tmp_path), line=line_of(text, "accept_response:"),
        path="steps[3].accept_response",
        says=("tidak berlaku untuk langkah berjenis publish", "hanya untuk: review, decision",
              "persetujuan yang menghasilkan tanggapan tertulis"),
    )


def test_accept_response_must_be_true_or_false(tmp_path):
    text = broken("    reject: serahkan\n", "    reject: serahkan\n    accept_response: wajib\n")
    assert_problem(
        only_problem(text, tmp_path), line=line_of(text, "accept_response:"),
        path="steps[1].accept_response", says=("harus true atau false, bukan «wajib»",),
    )


def test_a_duty_in_notes_is_read(tmp_path):
    text = broken(
        "    requirements:\n      - text: Dokumentasi minimal 2\n",
        "    notes: Wajib memperhatikan aksesibilitas; caption singkat.\n"
        "    requirements:\n      - text: Wajib memperhatikan Aksesibilitas\n"
        "        confirm: true\n        in_notes: true\n"
        "      - text: Dokumentasi minimal 2\n",
    )
    requirement = loaded(text, tmp_path).step("serahkan").requirements[0]
    assert requirement.in_notes and requirement.confirm


def test_a_duty_in_notes_that_the_notes_do_not_say(tmp_path):
    text = broken(
        "    requirements:\n      - text: Dokumentasi minimal 2\n",
        "    notes: Caption singkat.\n"
        "    requirements:\n      - text: Wajib memperhatikan Aksesibilitas\n"
        "        confirm: true\n        in_notes: true\n"
        "      - text: Dokumentasi minimal 2\n",
    )
    assert_problem(
        only_problem(text, tmp_path), line=line_of(text, "in_notes:"),
        path="steps[0].requirements[0].in_notes",
        says=("tidak tertulis di notes (Keterangan) langkah ini", "tidak tercetak di mana pun",
              "hapus in_notes"),
    )
