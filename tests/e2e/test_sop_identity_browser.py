"""On a phone: an admin adopts another agency's SOP, makes its identity their own, with a logo.

Disnakertrans Bantul runs seed A (Gunungkidul's SOP) from "Jalankan SOP bawaan", is told that it
still prints Gunungkidul's identity, edits it in Kelola on a 390 × 844 screen (uploading a logo
from the phone), and its SOP document, on the page and as PDF, then prints Bantul's identity and
logo and nothing of Gunungkidul.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import expect
from pypdf import PdfReader

from tayang.procedures.models import Procedure

from .pages import expect_fits_screen, expect_message, expect_touch_target

PHONE = {"width": 390, "height": 844}
SEED_A = "gunungkidul-dpmptsp-upload-konten"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def make_logo(folder: Path) -> Path:
    image = Image.new("RGB", (600, 600), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.polygon([(300, 30), (560, 170), (500, 560), (100, 560), (40, 170)], fill=(20, 90, 160))
    draw.ellipse((200, 200, 400, 400), fill=(250, 200, 30))
    path = folder / "logo-bantul.png"
    image.save(path)
    return path


def test_an_adopted_seed_becomes_bantul_s_own_on_a_phone(demo_site, tmp_path):
    site = demo_site("disnakertrans-bantul")
    logo = make_logo(tmp_path)
    with site.signed_in("kelola", viewport=PHONE, mobile=True) as page:
        page.goto(site.url("kelola/sop/"))
        page.get_by_label("SOP bawaan", exact=True).select_option(SEED_A)
        page.get_by_role("button", name="Jalankan").click()
        expect_message(page, "dijalankan")
        notice = page.locator("#borrowed-identity")
        expect(notice).to_contain_text(
            "Identitas masih milik Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu "
            "Kabupaten Gunungkidul"
        )
        notice.get_by_role("link", name="Ubah identitas SOP").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Identitas SOP")
        expect(page.get_by_label("Nama badan publik (pelaksana SOP)")).to_have_value(
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Gunungkidul"
        )
        expect_fits_screen(page)

        fields = {
            "Nama badan publik (pelaksana SOP)":
                "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Bantul",
            "Unit / bidang / balai": "Sekretariat",
            "Nomor SOP": "800/117/2026",
            "Revisi ke": "0",
            "Tanggal pembuatan": "5 Januari 2026",
            "Tanggal efektif": "12-01-2026",
            "Jabatan pengesah": "Kepala Dinas",
            "Nama pengesah": "ISTIRUL WIDILASTUTI, S.IP,MPA",
            "Pangkat/golongan": "Pembina Tk I, IV/b",
            "NIP": "197503251996032003",
        }
        for label, value in fields.items():
            page.get_by_label(label, exact=True).fill(value)
        # A date that does not exist is refused at its field, and nothing is saved...
        page.get_by_label("Tanggal revisi", exact=True).fill("30 Februari 2026")
        page.get_by_label("Logo", exact=True).set_input_files(logo)
        submit = page.get_by_role("button", name="Simpan sebagai versi baru")
        expect_touch_target(submit)
        submit.click()
        problem = page.locator(".field.has-error").filter(has=page.get_by_label("Tanggal revisi"))
        expect(problem).to_contain_text("Februari 2026 hanya sampai tanggal 28")
        expect(page.get_by_label("Nomor SOP", exact=True)).to_have_value("800/117/2026")
        assert Procedure.objects.get(key=SEED_A).versions.count() == 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "identitas-ditolak-ponsel.png"), full_page=True)
        # ...then, corrected (the chosen file is gone with the refused form: chosen again).
        page.get_by_label("Tanggal revisi", exact=True).fill("")
        page.get_by_label("Logo", exact=True).set_input_files(logo)
        page.get_by_role("button", name="Simpan sebagai versi baru").click()
        expect_message(page, "Identitas disimpan sebagai versi 2")
        expect(page.locator("#borrowed-identity")).to_have_count(0)

        page.get_by_role("link", name="Dokumen SOP (tabel dan bagan alir)").click()
        document = page.locator("article.sop-doc")
        identity = document.get_by_role("region", name="Identitas SOP")
        for text in ("Dinas Tenaga Kerja dan Transmigrasi Kabupaten Bantul", "800/117/2026",
                     "5 Januari 2026", "12 Januari 2026", "Revisi ke", "ISTIRUL WIDILASTUTI",
                     "Pembina Tk I, IV/b", "NIP. 197503251996032003"):
            expect(identity).to_contain_text(text)
        expect(document).not_to_contain_text("gunungkidul", ignore_case=True)
        expect(document).not_to_contain_text("agung danarta", ignore_case=True)
        image = identity.get_by_role("img", name="Logo Dinas Tenaga Kerja dan Transmigrasi "
                                                 "Kabupaten Bantul")
        expect(image).to_be_visible()
        size = image.bounding_box()
        assert size is not None and 60 <= size["width"] <= 110  # 64 pt, not the 600 px file
        assert image.evaluate("img => img.naturalWidth") > 0  # the browser decoded it
        page.screenshot(path=str(SCREENSHOTS / "dokumen-sop-logo-ponsel.png"), full_page=True)

        href = page.get_by_role("link", name="Unduh PDF (A4 lanskap)").get_attribute("href")
        assert href is not None
        pdf = page.request.get(site.base_url + href)
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(pdf.body()))
        text = re.sub(r"\s+", "", " ".join(p.extract_text() for p in reader.pages)).casefold()
        assert "gunungkidul" not in text and "agungdanarta" not in text
        assert "pembinatki,iv/b" in text and "800/117/2026" in text
        assert len(reader.pages[0].images) == 1
