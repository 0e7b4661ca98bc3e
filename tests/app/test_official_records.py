"""Records an agency can sign and file (issue 15): the organization's kop surat, letters with
numbers from its pattern, approval records with the signer's NIP, and the public verification
page that says whether a printed record's content has changed since it was issued."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tayang.engine.actions import Edit, SendBack
from tayang.items.models import Approval, Item, WrittenResponse
from tayang.orgs.models import Membership
from tayang.records.models import IssuedRecord, Letter
from tayang.records.numbering import format_number, pattern_problems
from tayang.records.verification import current_hash, digest

from .world import World, act, drive, make_world, png_bytes, ready_item, uploaded

ORG = "dpmptsp-gunungkidul"
RESPONSE = "Foto kurang tajam dan caption belum menyebut tempat kegiatan, mohon diperbaiki."
NIP = "19700101 200003 2 001"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(content: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def url(name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": ORG, **kwargs})


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def with_profile(world: World) -> World:
    org = world.org
    org.parent_lines = "PEMERINTAH KABUPATEN GUNUNGKIDUL"
    org.address = "Jl. Kesatrian No. 38, Wonosari"
    org.postal_code = "55812"
    org.city = "Wonosari"
    org.telephone = "(0274) 391000"
    org.email = "dinas@contoh.go.id"
    org.letter_unit_code = "DPMPTSP"
    org.head_position = "Kepala Dinas"
    org.head_name = "Ir. BUDI SANTOSO, M.T."
    org.head_rank = "Pembina Utama Muda, IV/c"
    org.head_nip = "19680202 199303 1 004"
    org.save()
    reviewer = Membership.objects.get(organization=org, user=world.holder("tim_pertimbangan"))
    reviewer.position = "Ketua Tim Pertimbangan"
    reviewer.rank = "Pembina Tk. I, IV/b"
    reviewer.nip = NIP
    reviewer.save()
    return world


@pytest.fixture
def world(db) -> World:
    return with_profile(make_world("gunungkidul", ORG))


def sent_back(world: World, title: str = "Sosialisasi perizinan di Wonosari") -> Item:
    item = drive(world, ready_item(world, title), "terima")
    assert act(item, world.holder("tim_pertimbangan"), SendBack(RESPONSE)).ok
    item.refresh_from_db()
    return item


def code_in(text: str) -> str:
    found = re.search(r"/verifikasi/([A-Za-z0-9_-]{22})/", text)
    assert found, text[:2000]
    return found.group(1)


def verification_page(code: str) -> str:
    response = Client().get(reverse("public:verification", kwargs={"org": ORG, "code": code}))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    return page


SAME = "Isi naskah tidak berubah."
CHANGED = "Isi naskah telah berubah sejak diterbitkan."


# --- numbering and hashing ---------------------------------------------------------------------


def test_letter_numbers_follow_the_pattern():
    day = date(2026, 12, 6)
    pattern = "{klasifikasi}/{nomor}/{unit}/{tahun}"
    assert format_number(pattern, sequence=7, classification="000.1", unit="Diskominfo",
                         day=day) == "000.1/7/Diskominfo/2026"
    # An empty classification leaves no doubled or leading separator.
    assert format_number(pattern, sequence=7, classification="", unit="Diskominfo",
                         day=day) == "7/Diskominfo/2026"
    assert format_number("{nomor}/{unit}/{bulan}/{tahun}", sequence=12, classification="",
                         unit="Dinsos", day=day) == "12/Dinsos/XII/2026"
    assert pattern_problems(pattern) == []
    assert any("{nomor}" in p for p in pattern_problems("{klasifikasi}/{tahun}"))
    assert any("{nama}" in p for p in pattern_problems("{nomor}/{nama}"))
    assert pattern_problems("{nomor}/{tahun") != []
    assert pattern_problems("{nomor}" + "x" * 200) != []


def test_the_hash_is_of_a_canonical_serialisation():
    one = {"b": [1, "dua"], "a": "Wonosari", "c": {"y": 1, "x": 2}}
    other = {"c": {"x": 2, "y": 1}, "a": "Wonosari", "b": [1, "dua"]}
    assert digest(one) == digest(other)  # key order does not matter
    assert re.fullmatch(r"[0-9a-f]{64}", digest(one))
    assert digest(one) != digest({**one, "a": "Wonosari "})  # one character does


# --- letters ------------------------------------------------------------------------------------


def test_a_written_response_is_issued_as_a_numbered_letter(world):
    item = sent_back(world)
    response = WrittenResponse.objects.get(item=item)
    reviewer = client_for(world.holder("tim_pertimbangan"))
    letter_url = url("response-official-letter", pk=item.pk, response=response.pk)
    assert letter_url in reviewer.get(url("item", pk=item.pk)).content.decode()

    form = reviewer.get(letter_url).content.decode()
    assert "Terbitkan surat" in form
    assert NIP in form and "Wonosari" in form and "Ketua Tim Pertimbangan" in form

    # Bad input: an NIP that is not 18 digits changes nothing.
    data = {"addressee": "Koordinator Tim Pelaksana\nBidang Pelayanan",
            "subject": "Perbaikan konten sosialisasi", "classification": "000.1",
            "attachment": "", "place": "Wonosari", "dated": "2026-12-06",
            "signer_name": "Dra. SRI LESTARI, M.Si", "signer_position": "Ketua Tim Pertimbangan",
            "signer_rank": "Pembina Tk. I, IV/b", "signer_nip": "1970"}
    refused = reviewer.post(letter_url, data)
    assert refused.status_code == 422 and "NIP terdiri atas 18 angka" in refused.content.decode()
    assert not Letter.objects.exists()

    data["signer_nip"] = "197001012000032001"
    assert reviewer.post(letter_url, data).status_code == 302
    letter = Letter.objects.get()
    assert letter.number == "000.1/1/DPMPTSP/2026" and letter.signer_nip == NIP
    # Asking again does not number it again.
    reviewer.post(letter_url, data)
    assert Letter.objects.get().number == letter.number
    # The item page names the issued letter by its number, linked to its PDF.
    item_page = reviewer.get(url("item", pk=item.pk)).content.decode()
    pdf_url = url("response-official-letter-pdf", pk=item.pk, response=response.pk)
    assert f'Surat nomor <a href="{pdf_url}">000.1/1/DPMPTSP/2026 (PDF)</a>' in item_page
    assert "Cetak sebagai surat" not in item_page

    pdf = reviewer.get(url("response-official-letter-pdf", pk=item.pk, response=response.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    pages = pdf_pages(pdf.content)
    text = "".join(pages)
    for expected in ("PEMERINTAH KABUPATEN GUNUNGKIDUL", world.org.name.upper(),
                     "Jl. Kesatrian No. 38, Wonosari 55812", "Telepon (0274) 391000",
                     "Wonosari, 6 Desember 2026", "Nomor", "000.1/1/DPMPTSP/2026",
                     "Hal", "Perbaikan konten sosialisasi", "Yth.", "Koordinator Tim Pelaksana",
                     item.register_code, RESPONSE, "Dra. SRI LESTARI, M.Si",
                     "Pembina Tk. I, IV/b", f"NIP. {NIP}", "Kode verifikasi"):
        assert squash(expected) in text, expected
    assert pages[0].index(squash("PEMERINTAH KABUPATEN")) < pages[0].index("Nomor")

    # The organization's list of outgoing letters names it.
    listing = reviewer.get(url("letters")).content.decode()
    assert letter.number in listing and "Perbaikan konten sosialisasi" in listing

    # The verification page: unchanged, then changed once the letter's content is.
    code = code_in(text)
    page = verification_page(code)
    assert SAME in page and letter.number in page and NIP in page
    assert "Dra. SRI LESTARI, M.Si" in page and "6 Desember 2026" in page
    WrittenResponse.objects.filter(pk=response.pk).update(text=RESPONSE + " Terima kasih.")
    page = verification_page(code)
    assert CHANGED in page and SAME not in page


def test_only_the_author_or_an_admin_issues_a_letter(world):
    item = sent_back(world)
    response = WrittenResponse.objects.get(item=item)
    letter_url = url("response-official-letter", pk=item.pk, response=response.pk)
    other = client_for(world.holder("tim_pelaksana"))
    page = other.get(letter_url).content.decode()
    assert "Terbitkan surat" not in page
    other.post(letter_url, {"addressee": "x", "subject": "y", "place": "z",
                            "dated": "2026-12-06", "signer_name": "a", "signer_position": "b"})
    assert not Letter.objects.exists()
    assert other.get(url("response-official-letter-pdf", pk=item.pk,
                         response=response.pk)).status_code == 404
    assert "Terbitkan surat" in client_for(world.admin).get(letter_url).content.decode()


# --- approvals ----------------------------------------------------------------------------------


def test_an_approval_record_is_signed_and_verifiable(world):
    item = drive(world, ready_item(world), "koreksi")
    approval = Approval.objects.get(item=item)
    approver = Membership.objects.get(organization=world.org, user=approval.approver)
    approver.position, approver.rank, approver.nip = "Kepala Bidang", "Penata, III/c", NIP
    approver.save()
    client = client_for(world.holder("tim_pelaksana"))
    pdf_url = url("approval-record-pdf", pk=item.pk, approval=approval.pk)
    pages = pdf_pages(client.get(pdf_url).content)
    text = "".join(pages)
    for expected in ("PEMERINTAH KABUPATEN GUNUNGKIDUL", "CATATAN PERSETUJUAN",
                     "Yang menyetujui,", "Kepala Bidang", "Penata, III/c", f"NIP. {NIP}",
                     world.holder(approval.role).first_name, "Wonosari,"):
        assert squash(expected) in text, expected
    code = code_in(text)
    # Printing again with the same content keeps the same code.
    assert code_in("".join(pdf_pages(client.get(pdf_url).content))) == code
    record = IssuedRecord.objects.get(code=code)
    assert record.kind == IssuedRecord.Kind.APPROVAL and record.signer_nip == NIP
    assert current_hash(record) == record.content_hash
    page = verification_page(code)
    assert SAME in page and "Kepala Bidang" in page and record.content_hash in page

    item.refresh_from_db()
    assert act(item, world.holder("tim_pertimbangan"),
               Edit({"caption": "Sosialisasi perizinan di Balai Desa Wonosari"})).ok
    page = verification_page(code)
    assert CHANGED in page
    assert current_hash(record) != record.content_hash
    # The new print has a new code, which is unchanged.
    fresh = code_in("".join(pdf_pages(client.get(pdf_url).content)))
    assert fresh != code and SAME in verification_page(fresh)


# --- the register -------------------------------------------------------------------------------


def test_the_register_pdf_keeps_mengetahui_with_its_last_rows(world):
    client = client_for(world.holder("tim_pelaksana"))
    items = [ready_item(world, f"Kegiatan ke-{n}") for n in range(1, 4)]
    for item in items:
        drive(world, item, "terima")
    Item.objects.filter(pk__in=[i.pk for i in items]).update(register_year=2026)
    # Enough rows that the last page is reached whichever way the table breaks.
    base = Item.objects.get(pk=items[0].pk)
    clones = []
    for n in range(4, 80):
        base.pk = None
        base.title = f"Kegiatan ke-{n}"
        base.register_number = 100 + n
        clones.append(Item.objects.create(**{f.attname: getattr(base, f.attname)
                                            for f in Item._meta.concrete_fields
                                            if f.attname != "id"}))
    response = client.get(url("register-export", fmt="pdf"),
                          {"tahun": 2026, "jabatan": "Kepala Dinas"})
    pages = pdf_pages(response.content)
    assert len(pages) >= 2
    assert squash("PEMERINTAH KABUPATEN GUNUNGKIDUL") in pages[0]
    assert all(squash("PEMERINTAH KABUPATEN") not in page for page in pages[1:])
    last = pages[-1]
    assert "Mengetahui," in last and "KepalaDinas" in last
    for expected in ("Ir. BUDI SANTOSO, M.T.", "Pembina Utama Muda, IV/c",
                     "NIP. 19680202 199303 1 004"):
        assert squash(expected) in last, expected
    # Another official named in the link signs without the head's name.
    other = pdf_pages(client.get(url("register-export", fmt="pdf"),
                                 {"tahun": 2026, "jabatan": "Sekretaris Dinas"}).content)[-1]
    assert "SekretarisDinas" in other and "BUDISANTOSO" not in other
    assert last.index("Wonosari,") < last.index("Mengetahui,")  # place before the date
    # The last rows are printed on the page of the signature (the query orders newest first).
    oldest = Item.objects.filter(register_year=2026).order_by("register_number")[:3]
    for item in oldest:
        assert item.register_code in last, item.register_code
    assert sum("Mengetahui," in page for page in pages) == 1

    code = code_in("".join(pages))
    assert SAME in verification_page(code)
    Item.objects.filter(pk=items[1].pk).update(title="Judul yang diubah sesudah dicetak")
    assert CHANGED in verification_page(code)


# --- the verification page -----------------------------------------------------------------------


def test_unknown_codes_and_other_sites_are_not_found(world):
    item = drive(world, ready_item(world), "koreksi")
    approval = Approval.objects.get(item=item)
    client = client_for(world.holder("tim_pelaksana"))
    text = "".join(pdf_pages(client.get(url("approval-record-pdf", pk=item.pk,
                                            approval=approval.pk)).content))
    code = code_in(text)
    anonymous = Client()
    assert anonymous.get(f"/verifikasi/{code}/").status_code == 200  # Tayang's own root
    assert anonymous.get("/verifikasi/tidakada/").status_code == 404
    assert anonymous.get(f"/verifikasi/{'x' * 40}/").status_code == 404
    make_world("bantul", "disnakertrans-bantul")
    assert anonymous.get(reverse("public:verification", kwargs={
        "org": "disnakertrans-bantul", "code": code})).status_code == 404
    assert anonymous.post(f"/verifikasi/{code}/").status_code == 405


# --- the organization's profile -----------------------------------------------------------------


def test_the_profile_is_edited_in_kelola_and_shown_on_the_site(world):
    admin = client_for(world.admin)
    profile_url = url("manage-profile")
    page = admin.get(profile_url)
    assert page.status_code == 200 and "PEMERINTAH KABUPATEN GUNUNGKIDUL" in page.content.decode()
    data = {"name": world.org.name, "short_name": "DPMPTSP", "parent_lines":
            "PEMERINTAH KABUPATEN GUNUNGKIDUL", "address": "Jl. Kesatrian No. 38",
            "postal_code": "55812", "city": "Wonosari", "telephone": "(0274) 391000",
            "email": "dinas@contoh.go.id", "website": "https://contoh.go.id",
            "letter_number_pattern": "{nomor}/{tahun}", "letter_unit_code": "",
            "letter_classification": "000.1"}
    # A GIF (and anything not PNG/JPEG/WebP by its content) is refused; nothing is saved.
    gif = uploaded("logo.png", b"GIF89a" + b"\0" * 64, "image/png")
    refused = admin.post(profile_url, {**data, "telephone": "0800", "logo_file": gif})
    assert refused.status_code == 422 and "Logo ditolak" in refused.content.decode()
    world.org.refresh_from_db()
    assert world.org.telephone == "(0274) 391000" and world.org.logo is None
    bad = admin.post(profile_url, {**data, "letter_number_pattern": "{tahun}"})
    assert bad.status_code == 422 and "{nomor}" in bad.content.decode()
    too_many = admin.post(profile_url, {**data, "parent_lines": "A\nB\nC\nD"})
    assert too_many.status_code == 422

    logo = uploaded("logo.png", png_bytes((300, 300)), "image/png")
    assert admin.post(profile_url, {**data, "logo_file": logo}).status_code == 302
    world.org.refresh_from_db()
    assert world.org.logo is not None and world.org.letter_number_pattern == "{nomor}/{tahun}"

    site = Client().get(reverse("public:home", kwargs={"org": ORG})).content.decode()
    assert 'class="site-logo"' in site and "PEMERINTAH KABUPATEN GUNUNGKIDUL" in site
    assert 'href="tel:(0274)391000"' in site and "mailto:dinas@contoh.go.id" in site
    logo_response = Client().get(reverse("public:logo", kwargs={"org": ORG}))
    assert logo_response.status_code == 200 and logo_response["Content-Type"] == "image/png"
    # Only admins reach the page.
    assert client_for(world.holder("tim_pelaksana")).get(profile_url).status_code == 404


def test_rank_and_nip_are_kept_by_admin_and_by_the_person(world):
    person = world.holder("tim_pelaksana")
    membership = Membership.objects.get(organization=world.org, user=person)
    own = client_for(person)
    prefix = f"ttd{membership.pk}"
    page = own.get(reverse("accounts:profile")).content.decode()
    assert "Penanda tangan" in page
    refused = own.post(reverse("accounts:profile"), {
        "form": f"signer-{membership.pk}", f"{prefix}-rank": "Penata", f"{prefix}-nip": "12ab"})
    assert refused.status_code == 422
    own.post(reverse("accounts:profile"), {"form": f"signer-{membership.pk}",
                                           f"{prefix}-rank": "Penata Muda, III/a",
                                           f"{prefix}-nip": "198501012010011002"})
    membership.refresh_from_db()
    assert membership.rank == "Penata Muda, III/a" and membership.nip == "19850101 201001 1 002"
    member_url = url("manage-member", pk=membership.pk)
    assert "19850101 201001 1 002" in client_for(world.admin).get(member_url).content.decode()


# --- spreadsheets --------------------------------------------------------------------------------


def test_register_and_dip_spreadsheets_open_readable(world):
    from openpyxl import load_workbook

    from tayang.dip.tabular import XLSX_WIDTHS as DIP_WIDTHS
    from tayang.dip.tabular import export_xlsx
    from tayang.records.register import XLSX_WIDTHS

    drive(world, ready_item(world, "Kegiatan pertama"), "terima")
    client = client_for(world.holder("tim_pelaksana"))
    sheet = load_workbook(io.BytesIO(client.get(url("register-export", fmt="xlsx")).content)
                          ).active
    assert sheet.freeze_panes == "A4"  # title, period, header: the header stays in view
    assert sheet.auto_filter.ref == "A3:I4"
    assert [sheet.column_dimensions[c].width for c in "ABCDEFGHI"] == list(XLSX_WIDTHS)
    assert sheet["A3"].value == "No. register"
    # The product's own "-" (no unit, no time standard) stays "-" in the CSV, not "'-".
    csv_text = client.get(url("register-export", fmt="csv")).content.decode("utf-8-sig")
    row = csv_text.splitlines()[1].split(";")
    assert row[3] == "-" and "'-" not in csv_text

    dip = load_workbook(io.BytesIO(export_xlsx([], "DIP Dinas Contoh"))).active
    assert dip.freeze_panes == "A4" and dip.auto_filter.ref.startswith("A3:K")
    assert dip.column_dimensions["B"].width == DIP_WIDTHS[1]


def test_the_sop_document_prints_the_organizations_logo_without_its_own(world):
    from tayang.procedures.logo import store_logo

    admin = client_for(world.admin)
    document_url = url("procedure-document", procedure=world.procedure.key)
    assert 'aria-hidden="true">LOGO</span>' in admin.get(document_url).content.decode()
    world.org.logo = store_logo(world.org, png_bytes((64, 64)), "logo.png", world.admin)
    world.org.save()
    page = admin.get(document_url).content.decode()
    assert 'class="logo-image"' in page and ">LOGO</span>" not in page


def test_the_dossier_keeps_the_issued_letter_and_verifiable_approvals(world):
    import zipfile

    from tayang.records.official_letters import LetterDraft, issue_letter

    item = sent_back(world)
    response = WrittenResponse.objects.get(item=item)
    letter = issue_letter(response, LetterDraft(
        addressee="Tim Pelaksana", subject="Perbaikan konten", place="Wonosari",
        dated=date(2026, 12, 6), classification="000.1", signer_name="Dra. SRI LESTARI",
        signer_position="Ketua Tim Pertimbangan"), world.holder("tim_pertimbangan"))
    approved = drive(world, ready_item(world, "Konten yang disetujui"), "koreksi")
    client = client_for(world.holder("tim_pelaksana"))
    archive = zipfile.ZipFile(io.BytesIO(client.get(url("item-dossier", pk=item.pk)).content))
    name = f"surat/surat-2026-{letter.sequence:04d}.pdf"
    assert name in archive.namelist()
    text = "".join(pdf_pages(archive.read(name)))
    assert squash(letter.number) in text and "Kodeverifikasi" in text
    summary = "".join(pdf_pages(archive.read("ringkasan.pdf")))
    assert squash(name) in summary

    archive = zipfile.ZipFile(io.BytesIO(client.get(url("item-dossier",
                                                        pk=approved.pk)).content))
    record = "".join(pdf_pages(archive.read("persetujuan/persetujuan-01.pdf")))
    assert SAME not in record and "Kodeverifikasi" in record
    assert SAME in verification_page(code_in(record))
