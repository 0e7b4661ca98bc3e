"""A field officer hands in from the field, on a phone with a weak signal (issue 15).

Three photos are taken on *Konten baru*'s first screen; the connection is slow (CDP network
conditions) and drops one piece of a photo (a route abort); the upload resumes, the three photos
arrive, their results stay on screen, focus moves to the first empty alt text, a file name as
alt text is refused with advice in an error summary that takes focus, and the hand-in succeeds.
A second officer does the same with the keyboard alone. Screenshots go to
``$TAYANG_SCREENSHOTS`` when it is set (tests/e2e/phones.py).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from PIL import Image
from playwright.sync_api import Page, expect

from tayang.demo.organizations import demo_username
from tayang.engine.actions import HandIn, SendBack
from tayang.items.workflow import create_item, perform
from tayang.media import chunked
from tayang.procedures.models import Procedure

from .pages import (
    expect_handed_in,
    expect_message,
    fill_five_w_one_h,
    sign_in,
    start_new_item,
)
from .phones import PHONE, SHOTS, accessible, shot

SOP_B = "Pengelolaan Website dan Media Sosial"
MEDIA = "Materi peliputan (audio, foto, atau video)"
FIVE_W = "Narasi singkat (5W+1H)"
ANSWERS = {
    "Apa": "Pelatihan las listrik berbasis kompetensi",
    "Siapa": "20 pencari kerja dari Kabupaten Bantul",
    "Kapan": "Senin, 7 Desember 2026",
    "Di mana": "BLK Bantul, Jl. Parangtritis",
    "Mengapa": "Menyiapkan tenaga kerja bersertifikat",
    "Bagaimana": "Praktik 160 jam pelajaran dan uji kompetensi",
}
PIECE = 16 * 1024


def field_photos(folder: Path, count: int) -> list[Path]:
    """Photos that do not compress (noise), so each one takes several pieces."""
    paths = []
    for index in range(count):
        rng = random.Random(index)
        image = Image.new("RGB", (240, 180))
        image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                       for _ in range(240 * 180)])
        path = folder / f"IMG_{2041 + index}.jpg"
        image.save(path, "JPEG", quality=95)
        assert path.stat().st_size > 2 * PIECE
        paths.append(path)
    return paths


def weak_signal(page: Page) -> list[str]:
    """A slow 3G-like link, and the second piece of the second photo lost once."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 150,
        # Bytes a second: 400 kbit/s down, 256 kbit/s up.
        "downloadThroughput": 50 * 1024, "uploadThroughput": 32 * 1024,
    })
    dropped: list[str] = []
    seen_files: list[str] = []

    def flaky(route) -> None:  # type: ignore[no-untyped-def]
        request = route.request
        offset = request.headers.get("upload-offset")
        if request.method == "POST" and offset == "0" and request.url not in seen_files:
            seen_files.append(request.url)
        if (request.method == "POST" and offset == str(PIECE) and len(seen_files) == 2
                and not dropped):
            dropped.append(request.url)
            route.abort("connectionreset")
            return
        route.continue_()

    page.route(re.compile(r".*/berkas/bertahap/[^/]+/$"), flaky)
    return dropped


def shot_of(part, name: str) -> None:  # type: ignore[no-untyped-def]
    """A picture of one part of the page (a full-page shot of a phone can stop short)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        part.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def fill_content(page: Page, title: str) -> None:
    page.get_by_label("Judul berita").fill(title)
    page.get_by_label("Tanggal kegiatan yang diliput").fill("2026-12-07")
    fill_five_w_one_h(page, FIVE_W, ANSWERS)
    page.get_by_label("Bahan release berita website").fill(
        "Disnakertrans Bantul membuka pelatihan las listrik angkatan II bagi pencari kerja.")


def test_three_photos_on_the_first_screen_survive_a_weak_signal(demo_site, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setattr(chunked, "CHUNK_BYTES", PIECE)  # several pieces a photo
    site = demo_site("disnakertrans-bantul")
    photos = field_photos(tmp_path, 3)
    title = "Pelatihan las listrik angkatan II di BLK Bantul"

    with site.signed_in("peliput", viewport=PHONE, mobile=True) as page:
        dropped = weak_signal(page)
        start_new_item(page, SOP_B)
        fill_content(page, title)
        camera = page.get_by_label("Ambil foto atau video dengan kamera")
        expect(camera).to_have_attribute("capture", "environment")
        page.get_by_label(re.compile(r"^Pilih dari galeri atau berkas")).set_input_files(photos)
        accessible(page, "konten-baru-dengan-foto")
        page.get_by_role("button", name="Simpan draf").click()
        # Each photo's own line with its progress, while they go up.
        progress = page.locator(".first-screen-files .upload-files li")
        expect(progress).to_have_count(3)
        expect(progress.first).to_contain_text("IMG_2041.jpg")
        shot_of(page.locator(".first-screen-files"), "kemajuan-per-berkas")
        page.wait_for_url(re.compile(r"/konten/\d+/ubah/$"), timeout=60_000)

        results = page.locator("#upload-results")
        expect(results).to_have_text("3 berkas diterima")
        assert dropped, "the second photo's second piece was to be lost once"
        first_alt = page.get_by_label(f"Teks alternatif untuk {photos[0].name}")
        expect(first_alt).to_be_focused()
        uploaded = page.get_by_role("group", name=f"{MEDIA}: berkas terunggah")
        expect(uploaded.get_by_role("listitem")).to_have_count(3)
        shot(page, "unggahan-diterima")

        # A camera's file name is no description: refused with advice, the summary focused.
        first_alt.fill(photos[0].name)
        for index, photo in enumerate(photos[1:], start=2):
            page.get_by_label(f"Teks alternatif untuk {photo.name}").fill(
                f"Peserta pelatihan mengelas pelat baja di bengkel BLK, foto {index}")
        page.get_by_role("button", name="Simpan perubahan").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text(f"«{photos[0].name}» adalah nama berkasnya, bukan uraian")
        accessible(page, "teks-alternatif-ditolak")
        summary.get_by_role("link").first.click()
        first_alt = page.get_by_label(f"Teks alternatif untuk {photos[0].name}")
        expect(first_alt).to_be_focused()
        first_alt.fill("Instruktur menunjukkan cara menyalakan busur las kepada peserta")
        page.get_by_role("button", name="Simpan perubahan").click()
        expect_message(page, "Perubahan disimpan.")

        page.get_by_role("button", name="Serahkan").click()
        expect_handed_in(page)
        shot(page, "diserahkan")


def tab_to(page: Page, target, limit: int = 120) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until ``target`` has focus, as a keyboard user would."""
    for _ in range(limit):
        if target.evaluate("node => node === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} was not reached with Tab")


def test_a_hand_in_with_the_keyboard_alone(demo_site, tmp_path):
    site = demo_site("disnakertrans-bantul")
    photos = field_photos(tmp_path, 2)
    title = "Bursa kerja di halaman kantor Disnakertrans"

    with site.signed_in("peliput", viewport=PHONE, mobile=True) as page:
        tab_to(page, page.get_by_role("region", name="Buat konten baru").get_by_role(
            "link", name=SOP_B))
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Konten baru")
        for label, text in (("Judul berita", title),
                            ("Bahan release berita website",
                             "Bursa kerja menghadirkan 30 perusahaan bagi pencari kerja.")):
            tab_to(page, page.get_by_label(label))
            page.keyboard.type(text)
        group = page.get_by_role("group", name=FIVE_W)
        for question, answer in ANSWERS.items():
            tab_to(page, group.get_by_label(f"{question}?", exact=True))
            page.keyboard.type(answer)
        tab_to(page, page.get_by_label(re.compile(r"^Pilih dari galeri atau berkas")))
        with page.expect_file_chooser() as chooser:
            page.keyboard.press("Space")
        chooser.value.set_files(photos)
        tab_to(page, page.get_by_role("button", name="Simpan draf"))
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/konten/\d+/ubah/$"), timeout=60_000)
        expect(page.locator("#upload-results")).to_have_text("2 berkas diterima")

        # Handed in before the alt texts: the reasons come first, and lead to the field.
        tab_to(page, page.get_by_role("button", name="Serahkan"))
        page.keyboard.press("Enter")
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Teks alternatif belum diisi untuk 2 gambar")
        accessible(page, "serahkan-ditolak-keyboard")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.get_by_label(f"Teks alternatif untuk {photos[0].name}")).to_be_focused()
        for index, photo in enumerate(photos, start=1):
            tab_to(page, page.get_by_label(f"Teks alternatif untuk {photo.name}"))
            page.keyboard.type(
                f"Pencari kerja antre di meja perusahaan peserta bursa, foto {index}")
        tab_to(page, page.get_by_role("button", name="Simpan perubahan"))
        page.keyboard.press("Enter")
        expect_message(page, "Perubahan disimpan.")
        tab_to(page, page.get_by_role("button", name="Serahkan"))
        page.keyboard.press("Enter")
        expect_handed_in(page)
        shot(page, "diserahkan-keyboard")


def test_a_missing_workspace_page_is_indonesian_with_a_way_back(demo_site):
    site = demo_site("disnakertrans-bantul")
    with site.signed_in("peliput", viewport=PHONE, mobile=True) as page:
        response = page.goto(site.url("konten/999999/"))
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
        expect(page.locator("html")).to_have_attribute("lang", "id")
        accessible(page, "404-ruang-kerja")
        page.get_by_role("link", name=re.compile(r"^Kembali ke kotak masuk")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kotak masuk")


def test_a_sent_back_item_says_why_in_the_inbox_and_on_top_of_its_form(demo_site):
    site = demo_site("disnakertrans-bantul")
    users = get_user_model().objects
    officer = users.get(username=demo_username(site.demo, "peliput"))
    sorter = users.get(username=demo_username(site.demo, "pengelola_website"))
    procedure = Procedure.objects.get(organization__slug=site.demo.slug)
    title = "Job fair Disnakertrans di Pasar Seni Gabusan"
    created = create_item(procedure, officer, {
        "title": title, "activity_date": "2026-12-05",
        "narasi_5w1h": {key: "Dijawab lengkap oleh peliput" for key in (
            "apa", "siapa", "kapan", "di_mana", "mengapa", "bagaimana")},
    })
    assert created.ok and created.item is not None
    assert perform(created.item.pk, officer, HandIn()).ok
    why = "Judul belum menyebut jumlah perusahaan; tambahkan dan lampirkan foto suasana."
    assert perform(created.item.pk, sorter, SendBack(why)).ok

    with site.signed_in("peliput", viewport=PHONE, mobile=True) as page:
        row = page.get_by_role("listitem").filter(has_text=title).first
        expect(row).to_contain_text(f"Dikembalikan: «{why}»")
        accessible(page, "kotak-masuk-dikembalikan")
        page.goto(site.url(f"konten/{created.item.pk}/ubah/"))
        notice = page.get_by_role("region", name="Dikembalikan untuk diperbaiki")
        expect(notice).to_contain_text(why)
        accessible(page, "koreksi-dikembalikan")


def test_the_first_screen_works_without_the_script(demo_site, browser, tmp_path):
    site = demo_site("disnakertrans-bantul")
    photos = field_photos(tmp_path, 3)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="id-ID", timezone_id="Asia/Jakarta",
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, site, demo_username(site.demo, "peliput"))
        start_new_item(page, SOP_B)
        page.get_by_label("Judul berita").fill("Sosialisasi K3 di kawasan industri Sewon")
        page.get_by_label(re.compile(r"^Pilih dari galeri atau berkas")).set_input_files(photos)
        page.get_by_role("button", name="Simpan draf").click()
        page.wait_for_url(re.compile(r"/konten/\d+/ubah/$"))
        expect_message(page, "3 berkas diterima: IMG_2041.jpg, IMG_2042.jpg, IMG_2043.jpg.")
        uploaded = page.get_by_role("group", name=f"{MEDIA}: berkas terunggah")
        expect(uploaded.get_by_role("listitem")).to_have_count(3)
        shot(page, "tanpa-skrip-diterima")
    finally:
        context.close()
