"""A person on a phone uploads the files issue 11 warned about and reads why each was refused.

A batch of a good photo, a 7745 × 7745 PNG and a fake video (zeros behind an MP4 header): the
photo is kept, the others are listed with their reasons in Bahasa Indonesia. A file over the
largest file limit is refused by the page itself, before anything is sent.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from bench.samples import FTYP, huge_png

from .pages import make_jpeg, save_draft, start_new_item

PHONE = {"width": 390, "height": 844}
MEDIA = "Dokumentasi kegiatan (video dan/atau foto)"


def test_refused_files_are_named_with_their_reasons_on_a_phone(demo_site, tmp_path: Path):
    site = demo_site("dpmptsp-gunungkidul")
    banner = tmp_path / "spanduk.png"
    banner.write_bytes(huge_png(7745))
    fake = tmp_path / "rekaman.mp4"
    fake.write_bytes(FTYP + b"\x00" * 200_000)
    photo = make_jpeg(tmp_path, "balai desa")

    with site.signed_in("tim_pelaksana", viewport=PHONE, mobile=True) as page:
        start_new_item(page, "Alur Upload Konten Website & Media Sosial")
        page.get_by_label("Judul kegiatan").fill("Pameran UMKM di balai desa")
        save_draft(page)
        region = page.get_by_role("region", name=f"Unggah {MEDIA.lower()}")
        region.get_by_label("Pilih berkas").set_input_files([photo, banner, fake])
        region.get_by_role("button", name="Unggah").click()
        uploaded = page.get_by_role("group", name=f"{MEDIA}: berkas terunggah")
        expect(uploaded.get_by_role("listitem")).to_have_count(1)  # the page reloaded with it
        page.screenshot(path=str(tmp_path / "setelah-unggah.png"), full_page=True)

        region = page.get_by_role("region", name=f"Unggah {MEDIA.lower()}")
        region.get_by_label("Pilih berkas").set_input_files([banner, fake])
        region.get_by_role("button", name="Unggah").click()
        status = region.locator(".upload-status")
        expect(status).to_contain_text("spanduk.png ditolak: gambar PNG 7745 × 7745 piksel "
                                       "(60,0 megapiksel) memerlukan")
        expect(status).to_contain_text("rekaman.mp4 ditolak: video MP4 rusak atau bukan video "
                                       "yang dapat diputar")
        page.screenshot(path=str(tmp_path / "ditolak.png"), full_page=True)
        expect(uploaded.get_by_role("listitem")).to_have_count(1)


def test_a_file_over_the_limit_is_refused_before_it_is_sent(demo_site, tmp_path, settings):
    # Files go up in pieces (tayang/media/chunked.py), so what the page checks before sending
    # is each file against the largest file limit, no longer a batch against the request's.
    settings.TAYANG_UPLOAD_MAX_MB = dict.fromkeys(settings.TAYANG_UPLOAD_MAX_MB, 1)
    site = demo_site("dpmptsp-gunungkidul")
    big = tmp_path / "besar.mp4"
    big.write_bytes(FTYP + b"\x00" * (3 << 20))

    with site.signed_in("tim_pelaksana", viewport=PHONE, mobile=True) as page:
        start_new_item(page, "Alur Upload Konten Website & Media Sosial")
        page.get_by_label("Judul kegiatan").fill("Rekaman sambutan")
        save_draft(page)
        region = page.get_by_role("region", name=f"Unggah {MEDIA.lower()}")
        region.get_by_label("Pilih berkas").set_input_files([big])
        sent: list[str] = []
        page.on("request", lambda request: sent.append(request.url))
        region.get_by_role("button", name="Unggah").click()
        expect(region.locator(".upload-status")).to_have_text(
            "besar.mp4 ditolak: berukuran 3,0 MB, melebihi batas 1,0 MB per berkas; perkecil "
            "atau potong dulu."
        )
        page.screenshot(path=str(tmp_path / "terlalu-besar.png"), full_page=True)
        assert not [url for url in sent if "/berkas/" in url]
