"""Two SOPs of agencies we have not met, walked in Chromium as their people would.

A court publishes a decision only after the Panitera and the Hakim Juru Bicara both approve
(on a phone), and the chairman exempts it (*Dikecualikan*): it stays in the register with that
status. A regency's website routes an official announcement through its head of division.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tayang.orgs.models import Organization
from tayang.procedures.services import add_definition
from tests.app.world import add_person

from .pages import (
    PASSWORD,
    act,
    approve,
    current_step,
    expect_fits_screen,
    expect_handed_in,
    expect_message,
    fact,
    find_in_register,
    hand_in_checklist,
    make_pdf,
    open_waiting,
    press,
    save_draft,
    start_new_item,
    upload,
)

AGENCIES = Path(__file__).parent.parent / "sop" / "fixtures" / "agencies"
PHONE = {"width": 390, "height": 844}


@dataclass
class AgencySite:
    browser: Browser
    base_url: str
    slug: str

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/kerja/{self.slug}/{path}"

    @contextmanager
    def signed_in(self, username: str, *, phone: bool = False) -> Iterator[Page]:
        context = self.browser.new_context(
            viewport=PHONE if phone else {"width": 1280, "height": 900}, is_mobile=phone,
            has_touch=phone, locale="id-ID", timezone_id="Asia/Jakarta",
        )
        try:
            page = context.new_page()
            page.goto(self.url())
            page.get_by_label("Nama pengguna").fill(username)
            page.get_by_label("Kata sandi").fill(PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(self.url())
            yield page
        finally:
            context.close()


def agency(live_server, browser: Browser, slug: str, definition: str) -> AgencySite:
    org = Organization.objects.create(slug=slug, name=f"Organisasi {slug}")
    procedure, _ = add_definition(org, (AGENCIES / definition).read_text(encoding="utf-8"),
                                  definition, None)
    for role in procedure.current.sop.roles:
        add_person(org, f"{slug}.{role.key}", procedure, (role.key,))
    return AgencySite(browser, live_server.url, slug)


@pytest.mark.django_db(transaction=True)
def test_a_court_decision_needs_both_approvals_and_may_be_exempted(live_server, browser,
                                                                     tmp_path):
    site = agency(live_server, browser, "pn-contoh", "pengadilan-putusan.yaml")
    number = "Nomor 12/Pdt.G/2026/PN Ctoh"
    copy = make_pdf(tmp_path, "putusan-12.pdf", "Salinan putusan yang telah dianonimkan")

    with site.signed_in("pn-contoh.operator", phone=True) as page:
        start_new_item(page, "Publikasi Putusan pada Direktori dan Website")
        page.get_by_label("Nomor perkara").fill(number)
        page.get_by_label("Ringkasan amar putusan").fill("Gugatan penggugat dikabulkan sebagian.")
        save_draft(page)
        upload(page, "Salinan putusan (anonim)", [copy], total=1)
        hand_in_checklist(page).get_by_role("button", name="Serahkan").click()
        code = expect_handed_in(page)
        expect_fits_screen(page)

    with site.signed_in("pn-contoh.panitera", phone=True) as page:
        open_waiting(page, number)
        act(page, "Terima", "masih menunggu persetujuan Hakim Juru Bicara")
        expect(current_step(page)).to_contain_text("Memeriksa anonimisasi")

    with site.signed_in("pn-contoh.hakim_humas", phone=True) as page:
        open_waiting(page, number)
        approve(page, "Terima")
        expect(current_step(page)).to_contain_text("Memutuskan putusan")

    with site.signed_in("pn-contoh.ketua", phone=True) as page:
        open_waiting(page, number)
        actions = page.get_by_role("region", name="Tindakan")
        actions.get_by_label(re.compile(r"^Alasan «Dikecualikan dari publikasi»")).fill(
            "Perkara perceraian: putusan dikecualikan dari publikasi."
        )
        actions.get_by_role("button", name="Dikecualikan dari publikasi").click()
        expect_message(page, "Konten ditolak dan tidak dilanjutkan")
        expect(fact(page, "Status")).to_have_text("Ditolak")
        expect(page.get_by_role("region", name="Tindakan")).to_have_count(0)
        find_in_register(page, site, number, code, "Ditolak")


@pytest.mark.django_db(transaction=True)
def test_a_regency_announcement_goes_through_the_head_of_division(live_server, browser):
    site = agency(live_server, browser, "kominfo-contoh", "kabupaten-website.yaml")
    title = "Pengumuman seleksi calon anggota Komisi Informasi Kabupaten"

    with site.signed_in("kominfo-contoh.admin_opd") as page:
        start_new_item(page, "Pengelolaan Konten Website Pemerintah Kabupaten")
        page.get_by_label("Judul", exact=True).fill(title)
        page.get_by_label("Isi berita").fill("Pendaftaran dibuka sampai 20 Desember 2026.")
        save_draft(page)
        page.get_by_role("link", name="Lihat halaman konten").click()
        # The route chosen in the hand-in form is the one the button hands in with.
        page.get_by_label("Pilih rute: Jenis konten").select_option(label="Pengumuman resmi")
        press(page, "Serahkan")
        expect_handed_in(page)

    with site.signed_in("kominfo-contoh.verifikator") as page:
        open_waiting(page, title)
        approve(page, "Terima")
        expect(current_step(page)).to_contain_text("Menyetujui pengumuman resmi")

    with site.signed_in("kominfo-contoh.kabid_ikp") as page:
        open_waiting(page, title)
        approve(page, "Ya")

    with site.signed_in("kominfo-contoh.verifikator") as page:
        open_waiting(page, title)
        act(page, "Tayangkan", "Konten telah ditayangkan.")
        expect(fact(page, "Status")).to_have_text("Selesai")
