"""Kelola → SOP → Ubah identitas: an adopted SOP becomes the organization's own.

A bundled SOP adopted by another organization prints, until its identity is edited, the agency
it came from. The admin edits the identity (with a logo) in a form; the result is a new version
of the definition, checked by the loader, and nothing of the original agency remains in the
SOP document, on the web page or in the PDF.
"""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from tayang.media.models import MediaAsset
from tayang.orgs.models import Organization
from tayang.procedures.identity import borrowed_identity
from tayang.procedures.models import ProcedureVersion
from tayang.procedures.services import adopt_bundled
from tayang.sop.bundled import bundled_sops

from .world import SOP_A, SOP_C, make_world, pdf_bytes, uploaded

SLEMAN = {
    "organization": "Dinas Komunikasi dan Informatika Kabupaten Sleman",
    "unit": "Bidang Informasi dan Komunikasi Publik",
    "issued_by": "Sekretariat Daerah Kabupaten Sleman",
    "name": "Alur Unggah Konten Website dan Media Sosial",
    "number": "000.8.3.3/045",
    "revision": "1",
    "made_on": "16 Februari 2026",
    "revised_on": "01-03-2026",
    "effective_on": "2026-03-02",
    "approver_position": "Kepala Dinas Komunikasi dan Informatika",
    "approver_name": "Drs. BAMBANG WIJAYA, M.Si",
    "approver_rank": "Pembina Tk I, IV/b",
    "approver_nip": "19700101 199503 1 001",
    "purpose": "Menjamin informasi kegiatan Dinas tayang tepat waktu dan akurat.",
    "scope": "Seluruh bidang di lingkungan Dinas Komunikasi dan Informatika.",
    "legal_bases": "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik\n"
                   "Peraturan Bupati Sleman Nomor 12 Tahun 2025",
    "qualifications": "Memahami kaidah penulisan berita",
    "related_sops": "",
    "equipment": "Kamera\nKomputer",
    "warnings": "Informasi kepada masyarakat terhambat bila SOP tidak dijalankan",
    "records": "Disimpan dalam bentuk softcopy dan hardcopy",
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def html_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def images_of(html: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(r"<img [^>]+>", html)]


def logo_png() -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (900, 600), (20, 90, 160))
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def world(db):
    return make_world("sleman", "diskominfo-sleman")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world, name: str, key: str = SOP_A) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": world.slug, "procedure": key})


def article(page: str) -> str:
    """The SOP document itself (the ``<article>``), without the page around it."""
    return page[page.index('<article class="sop-doc"'):page.index("</article>") + 10]


def agency_of(key: str) -> tuple[str, ...]:
    """What identifies the agency a seed came from: its name, number and signer."""
    identity = bundled_sops()[key].identity
    signer = identity.approved_by
    words = {"gunungkidul-dpmptsp-upload-konten": "Gunungkidul",
             "dinsos-diy-media-informasi": "Yogyakarta"}
    return tuple(text for text in (
        identity.organization, identity.number, signer.name, signer.position, signer.nip,
        words[key],
    ) if text)


@pytest.mark.parametrize("key", [SOP_A, SOP_C])
def test_an_adopted_seed_edited_in_kelola_keeps_nothing_of_its_agency(db, key):
    world = make_world("sleman", "diskominfo-sleman", key)
    admin = client_of(world.admin)
    before = world.procedure.current
    # Until it is edited, the SOP page says whose identity it still prints.
    page = admin.get(url(world, "manage-procedure", key)).content.decode()
    assert "Identitas masih milik" in page and url(world, "manage-identity", key) in page

    form = admin.get(url(world, "manage-identity", key))
    assert form.status_code == 200
    assert bundled_sops()[key].identity.organization in form.content.decode()
    data = {**SLEMAN, "legal_bases": SLEMAN["legal_bases"]}
    response = admin.post(url(world, "manage-identity", key),
                          {**data, "logo": uploaded("logo-sleman.png", logo_png())})
    assert response.status_code == 302, response.content.decode()[:3000]
    version = world.procedure.current
    assert version.number == before.number + 1
    assert version.logo is not None and version.logo.content_type == "image/png"
    assert max(version.logo.width, version.logo.height) <= 512  # stored small
    # The definition kept the seed's comments (how it was transcribed) and its steps.
    comments = [line for line in before.text.splitlines() if line.startswith("#")]
    assert [line for line in version.text.splitlines() if line.startswith("#")] == comments
    assert [(s.key, s.activity, s.roles) for s in version.sop.steps] == [
        (s.key, s.activity, s.roles) for s in before.sop.steps]
    assert "Identitas masih milik" not in admin.get(
        url(world, "manage-procedure", key)).content.decode()

    html = article(admin.get(url(world, "procedure-document", key)).content.decode())
    pdf = admin.get(url(world, "procedure-document-pdf", key))
    assert pdf["Content-Type"] == "application/pdf"
    pdf_text = squash(" ".join(pdf_pages(pdf.content))).casefold()
    html_flat = squash(html_text(html)).casefold()
    for theirs in agency_of(key):
        assert squash(theirs).casefold() not in pdf_text, theirs
        assert squash(theirs).casefold() not in html_flat, theirs
        assert theirs.casefold() not in html.casefold(), theirs  # nor in any attribute
    for ours in ("DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN SLEMAN", "000.8.3.3/045",
                 "Drs. BAMBANG WIJAYA, M.Si", "Pembina Tk I, IV/b", "NIP. 19700101 199503 1 001",
                 "SEKRETARIAT DAERAH KABUPATEN SLEMAN", "16 Februari 2026", "1 Maret 2026",
                 "2 Maret 2026", "Revisi ke", "Tujuan", "Ruang Lingkup",
                 "Peraturan Bupati Sleman Nomor 12 Tahun 2025"):
        assert squash(ours).casefold() in pdf_text, ours
        assert squash(ours).casefold() in html_flat, ours
    # The logo replaces the placeholder, in the page and in the PDF.
    images = images_of(html)
    assert [image["alt"] for image in images] == [
        "Logo Dinas Komunikasi dan Informatika Kabupaten Sleman"]
    assert images[0]["src"].startswith("data:image/png;base64,")
    assert ">LOGO<" not in html
    first_page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    assert len(first_page.images) == 1
    assert "LOGO" not in (first_page.extract_text() or "")
    # The file name is the SOP's, not the key of the definition it came from.
    assert "alur-unggah-konten-website-dan-media-sosial" in pdf["Content-Disposition"]


def test_refusals_are_shown_at_their_fields_and_nothing_is_saved(world):
    admin = client_of(world.admin)
    versions, assets = ProcedureVersion.objects.count(), MediaAsset.objects.count()
    response = admin.post(url(world, "manage-identity"), {
        **SLEMAN, "made_on": "31 Februari 2026", "revision": "dua",
        "approver_nip": "1970010119950310", "revised_on": "2026-01-01",
        "logo": uploaded("logo.png", pdf_bytes()),  # a PDF named .png
    })
    assert response.status_code == 422
    page = response.content.decode()
    assert "Identitas belum disimpan" in page
    for message in (
        "«31 Februari 2026» bukan tanggal: Februari 2026 hanya sampai tanggal 28",
        "nomor revisi («Revisi ke») harus berupa bilangan bulat ≥ 0, bukan «dua»",
        "NIP «1970010119950310» tidak sah",
        "Logo ditolak: logo harus gambar PNG, JPEG atau WebP (dikenali dari isinya); berkas "
        "ini dokumen PDF",
    ):
        assert message in page, message
    # Each message stands in its field's block.
    made_on = re.search(r'<div class="field has-error">\s*<label for="id_made_on">.*?</div>',
                        page, re.DOTALL)
    assert made_on and "31 Februari 2026" in made_on.group(0)
    assert 'value="31 Februari 2026"' in page  # what was typed is kept
    assert (ProcedureVersion.objects.count(), MediaAsset.objects.count()) == (versions, assets)


def test_an_unchanged_identity_makes_no_version(world):
    admin = client_of(world.admin)
    form = admin.get(url(world, "manage-identity")).context["form"]
    unchanged = {name: value for name, value in form.initial.items() if value is not None}
    response = admin.post(url(world, "manage-identity"), unchanged, follow=True)
    assert "Tidak ada yang berubah" in response.content.decode()
    assert world.procedure.current.number == 1


def test_the_logo_stays_with_later_versions_until_it_is_removed(world):
    admin = client_of(world.admin)
    admin.post(url(world, "manage-identity"), {**SLEMAN, "logo": uploaded("l.png", logo_png())})
    logo = world.procedure.current.logo
    assert logo is not None
    admin.post(url(world, "manage-identity"), {**SLEMAN, "number": "000.8.3.3/046"})
    assert world.procedure.current.number == 3 and world.procedure.current.logo == logo
    page = admin.get(url(world, "manage-identity")).content.decode()
    assert 'alt="Logo yang sekarang"' in page and "Hapus logo yang sekarang" in page
    admin.post(url(world, "manage-identity"), {**SLEMAN, "number": "000.8.3.3/046",
                                               "remove_logo": "on"})
    current = world.procedure.current
    assert current.number == 4 and current.logo is None
    html = admin.get(url(world, "procedure-document")).content.decode()
    assert '<span class="logo" aria-hidden="true">LOGO</span>' in html
    # Earlier versions still print the logo they had.
    earlier = admin.get(url(world, "procedure-document") + "?versi=3").content.decode()
    assert 'class="logo-image"' in earlier


def test_only_the_organization_s_admins_edit_the_identity(world):
    member = client_of(world.holder("tim_pelaksana"))
    assert member.get(url(world, "manage-identity")).status_code == 404
    assert member.post(url(world, "manage-identity"), SLEMAN).status_code == 404
    stranger = make_world("bantul", "disnakertrans-bantul")
    outsider = client_of(stranger.admin)
    assert outsider.get(url(world, "manage-identity")).status_code == 404
    assert outsider.post(url(world, "manage-identity"), SLEMAN).status_code == 404
    assert world.procedure.current.number == 1


@pytest.mark.parametrize(("data", "says"), [
    (logo_png()[:400], "gambar logo rusak atau tidak lengkap; unggah ulang"),
    (b"GIF89a" + b"\0" * 64, "logo harus gambar PNG, JPEG atau WebP (dikenali dari isinya); "
                             "jenis berkas ini tidak dikenali"),
])
def test_a_logo_is_judged_by_its_content(world, data, says):
    admin = client_of(world.admin)
    response = admin.post(url(world, "manage-identity"),
                          {**SLEMAN, "logo": uploaded("logo.png", data, "image/png")})
    assert response.status_code == 422
    assert f"Logo ditolak: {says}." in response.content.decode()
    assert world.procedure.current.number == 1
    assert not MediaAsset.objects.filter(item=None).exists()


def test_an_agency_running_its_own_seed_is_not_told_to_change_it(db):
    # Written a little differently from the seed ("Kabupaten", "dan"): still the same agency.
    own = Organization.objects.create(
        slug="disnakertrans-bantul", name="Dinas Tenaga Kerja dan Transmigrasi Kabupaten Bantul")
    assert borrowed_identity(adopt_bundled(own, "bantul-disnakertrans-website-medsos")) == ""
    other = Organization.objects.create(slug="diskominfo-sleman", name="Diskominfo Sleman")
    assert borrowed_identity(adopt_bundled(other, "bantul-disnakertrans-website-medsos")) == (
        "Dinas Tenaga Kerja dan Transmigrasi Bantul")
