"""Each seed SOP, A to E, walked end to end in a real browser by the people holding its roles.

Every test signs in as each role in turn (a fresh browser context per sign-in), makes a new item
from the inbox with the form the SOP's fields generate, uploads real photos, is shown what is
still missing before hand-in is allowed, hands in, and then every step is done by the role that
holds it — with one send-back, its correction and the approval again — until the item is
published and found in the register.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tayang.accessible import making
from tayang.items.models import Item, WrittenResponse
from tayang.media.models import MediaAsset

from .pages import (
    act,
    approve,
    correct,
    current_step,
    expect_counter,
    expect_fits_screen,
    expect_handed_in,
    expect_message,
    expect_touch_target,
    fact,
    fill_alt_texts,
    fill_five_w_one_h,
    find_in_register,
    hand_in_checklist,
    hand_in_refusal,
    has_gps,
    make_jpeg,
    make_jpegs,
    make_pdf,
    open_waiting,
    path_step,
    press,
    refusal,
    save_changes,
    save_draft,
    send_back,
    start_new_item,
    upload,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Every SOP requires alt text on every photo, whether it lists it or not; the photos are
# uploaded before their alt text is written, so the first refusal names them too.
NO_ALT_TEXT = re.compile(r"^Teks alternatif belum diisi untuk \d+ gambar: ")


def _today() -> str:
    """Today in the demo organizations' zone (WIB), as a date input takes it."""
    return timezone.localdate(timezone=ZoneInfo("Asia/Jakarta")).isoformat()


def test_seed_a_gunungkidul(demo_site, tmp_path):
    site = demo_site("dpmptsp-gunungkidul")
    title = "Sosialisasi perizinan berusaha bagi pelaku UMKM di Kapanewon Wonosari"
    caption = "Sosialisasi perizinan berusaha bagi UMKM di Wonosari, 24 November 2026."
    media = "Dokumentasi kegiatan (video dan/atau foto)"
    photos = make_jpegs(tmp_path, "sosialisasi", 5, gps_first=True)

    with site.signed_in("tim_pelaksana") as page:
        start_new_item(page, "Alur Upload Konten Website & Media Sosial")
        page.get_by_label("Judul kegiatan").fill(title)
        page.get_by_label("Tanggal kegiatan").fill(_today())
        page.get_by_label("Tempat kegiatan").fill("Aula Kapanewon Wonosari")
        page.get_by_label("Narasi berita").fill(
            "DPMPTSP Gunungkidul menyosialisasikan perizinan berusaha berbasis risiko kepada "
            "pelaku UMKM, dihadiri 80 peserta dari 14 kalurahan."
        )
        expect_counter(page, "Caption kegiatan", 0, 200)
        page.get_by_label("Caption kegiatan").fill("x" * 205)
        expect_counter(page, "Caption kegiatan", 205, 200)
        page.get_by_label("Caption kegiatan").fill(caption)
        expect_counter(page, "Caption kegiatan", len(caption), 200)
        pk = save_draft(page)

        # Three photos of five: the checklist says what is missing, and hand-in is refused.
        upload(page, media, photos[:3], total=3)
        checklist = hand_in_checklist(page)
        expect(checklist).to_contain_text(f"{media}: baru 3 foto/video, paling sedikit 5.")
        checklist.get_by_role("button", name="Serahkan").click()
        # Refused on the edit form itself, where it is corrected.
        alert = hand_in_refusal(page)
        expect(alert).to_contain_text("Belum dapat diserahkan: 2 hal perlu diperbaiki")
        expect(alert.get_by_role("listitem")).to_have_text(
            [f"{media}: baru 3 foto/video, paling sedikit 5.", NO_ALT_TEXT]
        )
        assert Item.objects.get(pk=pk).register_code == ""

        upload(page, media, photos[3:], total=5)
        fill_alt_texts(page, {
            photo.name: f"Peserta sosialisasi perizinan di aula, foto {index}"
            for index, photo in enumerate(photos, start=1)
        })
        save_changes(page, "Teks alternatif foto")
        expect(hand_in_checklist(page)).not_to_contain_text("paling sedikit 5")
        hand_in_checklist(page).get_by_role("button", name="Serahkan").click()
        code = expect_handed_in(page)
        expect(current_step(page)).to_contain_text("Menerima hasil Dokumentasi Kegiatan")

        # The photo with a location in it is served without it.
        href = page.get_by_role(
            "link", name="Peserta sosialisasi perizinan di aula, foto 1"
        ).get_attribute("href")
        assert href is not None
        served = page.request.get(site.base_url + href)
        assert served.ok
        assert has_gps(photos[0].read_bytes())
        assert not has_gps(served.body())
    assert Item.objects.get(pk=pk).register_code == code

    with site.signed_in("tim_pertimbangan") as page:
        open_waiting(page, title)
        # Step 2 produces "Tanggapan tertulis dari Tim Pertimbangan": accepting needs one.
        received = "Dokumentasi lima foto dan narasi diterima lengkap."
        approve(page, "Terima", received)  # step 2: received
        expect(page.get_by_role("region", name="Tanggapan tertulis")).to_contain_text(received)
        expect(current_step(page)).to_contain_text("Mengontrol dan mengkoreksi")
        approve(page, "Terima")  # step 3: checked

    with site.signed_in("sekretaris_ppid") as page:
        open_waiting(page, title)
        expect(current_step(page)).to_contain_text("Memberikan keputusan")
        version = Item.objects.get(pk=pk).version
        send_back(page, "Tidak", "Caption belum menyebut nama kalurahan; mohon dilengkapi.")
        expect(current_step(page)).to_contain_text("Mengontrol dan mengkoreksi")
    # The answers on accepting steps 2 and 3, then the send-back's.
    assert list(WrittenResponse.objects.filter(item_id=pk).values_list("kind", flat=True)) == [
        "accepted", "accepted", "sent_back"]
    assert Item.objects.get(pk=pk).version == version + 1  # the blank try changed nothing

    better_caption = caption.replace("di Wonosari", "di Kalurahan Wonosari")
    with site.signed_in("tim_pertimbangan") as page:
        open_waiting(page, title)
        correct(page, {"Caption kegiatan": better_caption}, "Nama kalurahan ditambahkan")
        approve(page, "Terima")

    with site.signed_in("atasan_ppid") as page:
        open_waiting(page, title)
        approve(page, "Ya")
        expect(current_step(page)).to_contain_text("Mengunggah hasil Verifikasi")

    with site.signed_in("admin_medsos") as page:
        open_waiting(page, title)
        expect(page.get_by_role("region", name="Isi konten")).to_contain_text(better_caption)
        act(page, "Tayangkan", "Konten telah ditayangkan.")
        expect(fact(page, "Status")).to_have_text("Selesai")
        expect(page.get_by_role("region", name="Penayangan")).to_contain_text("Situs web")
        find_in_register(page, site, title, code, "Selesai")

    stored = MediaAsset.objects.get(item_id=pk, original_name=photos[0].name)
    assert not has_gps(stored.file.read())


def test_seed_b_bantul(demo_site, tmp_path):
    site = demo_site("disnakertrans-bantul")
    title = "Pelatihan las listrik berbasis kompetensi bagi pencari kerja Bantul"
    photos = make_jpegs(tmp_path, "pelatihan-las", 2, gps_first=True)
    five_w = "Narasi singkat (5W+1H)"

    with site.signed_in("peliput") as page:
        start_new_item(page, "Pengelolaan Website dan Media Sosial")
        page.get_by_label("Judul berita").fill(title)
        expect_counter(page, "Judul berita", len(title), 200)
        page.get_by_label("Tanggal kegiatan yang diliput").fill(_today())
        fill_five_w_one_h(page, five_w, {
            "Apa": "Pelatihan las listrik berbasis kompetensi",
            "Siapa": "20 pencari kerja dari Kabupaten Bantul",
            "Kapan": "Senin, 24 November 2026",
            "Di mana": "BLK Bantul, Jl. Parangtritis",
        })
        page.get_by_label("Bahan release berita website").fill(
            "Disnakertrans Bantul membuka pelatihan las listrik angkatan II bagi pencari kerja."
        )
        pk = save_draft(page)
        upload(page, "Materi peliputan (audio, foto, atau video)", photos, total=2)

        # Two of the six questions are unanswered: hand-in is refused, naming them.
        missing = f"{five_w}: unsur 5W+1H belum dijawab: Mengapa, Bagaimana."
        expect(hand_in_checklist(page)).to_contain_text(missing)
        hand_in_checklist(page).get_by_role("button", name="Serahkan").click()
        expect(hand_in_refusal(page).get_by_role("listitem")).to_have_text([missing, NO_ALT_TEXT])

        fill_five_w_one_h(page, five_w, {
            "Mengapa": "Menyiapkan tenaga kerja bersertifikat",
            "Bagaimana": "Praktik 160 jam pelajaran dan uji kompetensi",
        })
        fill_alt_texts(page, {p.name: f"Peserta berlatih mengelas, foto {i}"
                              for i, p in enumerate(photos, start=1)})
        save_changes(page)
        hand_in_checklist(page).get_by_role("button", name="Serahkan").click()
        code = expect_handed_in(page)

    with site.signed_in("pengelola_website") as page:
        open_waiting(page, title)
        expect(current_step(page)).to_contain_text("Pemilahan bahan liputan")
        # The sorting is a real choice: fit, unfit (ends as Ditolak), or back to the Peliput.
        for choice in ("Tidak layak tayang", "Kembalikan ke peliput"):
            expect(page.get_by_role("button", name=choice)).to_be_visible()
        approve(page, "Layak tayang")

    with site.signed_in("kepala_dinas") as page:
        open_waiting(page, title)
        send_back(page, "Tidak", "Sebutkan jumlah peserta dan lembaga penguji di release.")
        expect(current_step(page)).to_contain_text("Pemilahan bahan liputan")

    with site.signed_in("pengelola_website") as page:
        open_waiting(page, title)
        correct(page, {"Bahan release berita website": (
            "Disnakertrans Bantul membuka pelatihan las listrik angkatan II bagi 20 pencari "
            "kerja; uji kompetensi oleh LSP Logam Yogyakarta."
        )}, "Jumlah peserta dan penguji")
        approve(page, "Layak tayang")

    with site.signed_in("kepala_dinas") as page:
        open_waiting(page, title)
        expect(page.get_by_role("region", name="Isi konten")).to_contain_text("LSP Logam")
        approve(page, "Ya")

    with site.signed_in("pengelola_website") as page:
        open_waiting(page, title)
        act(page, "Tayangkan", "Konten telah ditayangkan.")
        expect(fact(page, "Status")).to_have_text("Selesai")
        find_in_register(page, site, title, code, "Selesai")
    assert Item.objects.get(pk=pk).published_at is not None


def test_seed_c_dinsos_diy_policy_route(demo_site, tmp_path):
    site = demo_site("dinsos-diy")
    title = "Peraturan Gubernur tentang penanganan gelandangan dan pengemis di DIY"
    photos = make_jpegs(tmp_path, "pergub", 2, gps_first=True)
    leaflet = make_pdf(tmp_path, "pergub-ringkasan.pdf", "Ringkasan Pergub penanganan gepeng")
    kepala_dinas_step = 5

    with site.signed_in("kontributor") as page:
        start_new_item(
            page, "Pengelolaan Media Informasi Website dan Media Sosial Dinas Sosial DIY"
        )
        page.get_by_label("Judul informasi").fill(title)
        expect_counter(page, "Judul informasi", len(title), 200)
        page.get_by_label("Tanggal kegiatan").fill(_today())
        page.get_by_label("Naskah berita").fill(
            "Dinas Sosial DIY menyosialisasikan Pergub baru tentang penanganan gelandangan dan "
            "pengemis kepada kabupaten/kota."
        )
        page.get_by_label("Daftar informasi").fill("Pergub; jadwal sosialisasi; kontak layanan")
        # Both routes of the SOP are offered; the help says which one passes the Kepala Dinas.
        category = page.get_by_label("Jenis informasi")
        expect(category.get_by_role("option")).to_have_text(
            ["— pilih —", "Kegiatan biasa rutin", "Data penting", "Kebijakan"]
        )
        expect(category).to_have_accessible_description(
            re.compile(r"data penting atau kebijakan harus melalui Kepala Dinas")
        )
        category.select_option(label="Kegiatan biasa rutin")
        pk = save_draft(page)

        upload(page, "Gambar", photos, total=2)
        upload(page, "Dokumen", [leaflet], total=1)
        fill_alt_texts(page, {
            photos[0].name: "Kepala Dinas Sosial DIY membuka sosialisasi Pergub",
            photos[1].name: "Peserta sosialisasi dari dinas sosial kabupaten dan kota",
        })
        save_changes(page)
        page.get_by_role("link", name="Lihat halaman konten").click()
        # Routine news skips the Kepala Dinas.
        expect(path_step(page, kepala_dinas_step)).to_contain_text("dilewati")
        approve(page, "Selesai")  # step 1: material collected
        expect(current_step(page)).to_contain_text("Menyerahkan data-data")
        press(page, "Serahkan")
        code = expect_handed_in(page)

    with site.signed_in("admin") as page:
        open_waiting(page, title)
        expect(current_step(page)).to_contain_text("Menginventarisir dan melakukan editing")
        approve(page, "Terima")

    with site.signed_in("pimpinan_unit") as page:
        open_waiting(page, title)
        route = page.get_by_label("Pilih rute: Jenis informasi")
        expect(route.get_by_role("option")).to_have_text(
            ["Kegiatan biasa rutin", "Data penting", "Kebijakan"]
        )
        expect(route).to_have_value("kegiatan_rutin")
        route.select_option(label="Kebijakan")
        page.get_by_role("button", name="Simpan rute").click()
        expect_message(page, "Rute telah dipilih.")
        expect(path_step(page, kepala_dinas_step)).not_to_contain_text("dilewati")
        approve(page, "Ya")
        expect(current_step(page)).to_contain_text("Melakukan filtering")
        expect(current_step(page)).to_contain_text("Kepala Dinas")

    with site.signed_in("kepala_dinas") as page:
        open_waiting(page, title)
        send_back(page, "Tidak", "Cantumkan nomor dan tanggal Pergub pada naskah berita.")
        expect(current_step(page)).to_contain_text("Menginventarisir dan melakukan editing")

    with site.signed_in("admin") as page:
        open_waiting(page, title)
        correct(page, {"Naskah berita": (
            "Dinas Sosial DIY menyosialisasikan Pergub DIY Nomor 12 Tahun 2026 tanggal 3 "
            "November 2026 tentang penanganan gelandangan dan pengemis."
        )}, "Nomor dan tanggal Pergub")
        approve(page, "Terima")

    with site.signed_in("pimpinan_unit") as page:
        open_waiting(page, title)
        expect(page.get_by_label("Pilih rute: Jenis informasi")).to_have_value("kebijakan")
        approve(page, "Ya")

    with site.signed_in("kepala_dinas") as page:
        open_waiting(page, title)
        expect(page.get_by_role("region", name="Isi konten")).to_contain_text("Nomor 12 Tahun")
        approve(page, "Ya")

    with site.signed_in("admin") as page:
        open_waiting(page, title)
        act(page, "Tayangkan", "Konten telah ditayangkan.")
        expect(current_step(page)).to_contain_text("Mendokumentasikan")
        act(page, "Arsipkan", "Konten telah diarsipkan.")
        expect(fact(page, "Status")).to_have_text("Diarsipkan")
        find_in_register(page, site, title, code, "Diarsipkan")
    item = Item.objects.get(pk=pk)
    assert item.values["category"] == "kebijakan"
    assert "filter_kepala_dinas" in item.passed


def test_seed_d_kalteng_announcement(demo_site, tmp_path):
    site = demo_site("disperindag-kalteng")
    title = "Pengumuman harga eceran tertinggi minyak goreng Kalimantan Tengah 2026"
    photo = make_jpeg(tmp_path, "infografis-het.jpg", gps=True)
    document = make_pdf(tmp_path, "sk-het-2026.pdf", "SK HET minyak goreng 2026")
    dip = "Entri Daftar Informasi Publik (SK DIP yang telah disahkan)"
    plain_language = "Wajib menggunakan Bahasa Indonesia yang baik dan benar"
    accessible = "paling sedikit dilengkapi dengan audio, visual, dan/atau Braille."

    with site.signed_in("ppid_pelaksana") as page:
        start_new_item(page, "Standar Pengumuman Informasi Publik")
        page.get_by_label("Judul pengumuman").fill(title)
        expect_counter(page, "Judul pengumuman", len(title), 200)
        konten = page.get_by_label("Konsep konten Informasi Publik")
        expect(konten).to_have_accessible_description(re.compile(r"teks siap Braille"))
        konten.fill("Harga eceran tertinggi minyak goreng curah Rp15.700 per liter.")
        pk = save_draft(page)
        upload(page, "Konten audio dan visual (gambar, video, audio)", [photo], total=1)

        # No DIP entry, no document, a photo without alt text, nothing confirmed.
        hand_in_checklist(page).get_by_role("button", name="Serahkan").click()
        unmet = hand_in_refusal(page).get_by_role("listitem")
        expect(unmet).to_have_count(4)
        expect(unmet.nth(0)).to_have_text(
            f"{dip}: belum ditautkan ke entri Daftar Informasi Publik (DIP)."
        )
        expect(unmet.nth(1)).to_have_text(
            "Dokumen Informasi Publik: baru 0 berkas, paling sedikit 1."
        )
        expect(unmet.nth(2)).to_contain_text("Teks alternatif belum diisi untuk 1 gambar")
        expect(unmet.nth(3)).to_contain_text(f"Belum dikonfirmasi: {plain_language}")

        page.get_by_label(dip).select_option("DIP-2026-003")
        upload(page, "Dokumen Informasi Publik", [document], total=1)
        expect(page.get_by_label(dip)).to_have_value("DIP-2026-003")
        fill_alt_texts(page, {
            photo.name: "Infografis: HET minyak goreng curah Rp15.700 per liter",
            document.name: "SK Gubernur tentang HET minyak goreng",
        })
        save_changes(page)
        checklist = hand_in_checklist(page)
        checklist.get_by_label(plain_language).check()
        checklist.get_by_role("button", name="Serahkan").click()
        code = expect_handed_in(page)

    with site.signed_in("petugas_ppid") as page:
        open_waiting(page, title)
        expect(current_step(page)).to_contain_text("Menyebarluaskan Informasi Publik")
        send_back(page, "Kembalikan", "Tambahkan versi teks siap Braille dan kontak layanan.")
        expect(current_step(page)).to_contain_text("Mengumumkan Informasi Publik")

    with site.signed_in("ppid_pelaksana") as page:
        open_waiting(page, title)
        correct(page, {"Konsep konten Informasi Publik": (
            "Harga eceran tertinggi minyak goreng curah Rp15.700 per liter. Teks siap Braille "
            "tersedia. Pengaduan: 0811-5200-2026."
        )}, "Teks Braille dan kontak")
        actions = page.get_by_role("region", name="Tindakan")
        actions.get_by_label(plain_language).check()
        act(page, "Serahkan", f"Konten telah diserahkan kembali; nomor register tetap {code}.")
        expect(fact(page, "No. register")).to_have_text(code)

    with site.signed_in("petugas_ppid") as page:
        open_waiting(page, title)
        actions = page.get_by_role("region", name="Tindakan")
        # "dilengkapi dengan audio, visual, dan/atau Braille": no box to tick, the files
        # themselves must be ready (issue 14).
        expect(actions.get_by_label(accessible)).to_have_count(0)
        actions.get_by_role("button", name="Tayangkan").click()
        expect(refusal(page)).to_contain_text("Format aksesibel masih dibuat")
        expect(fact(page, "Status")).to_have_text("Dalam proses")
        making.make_waiting(Item.objects.get(pk=pk))  # what the worker does
        page.goto(site.url(f"konten/{pk}/"))
        expect(page.get_by_role("region", name="Format aksesibel").get_by_text(
            "siap", exact=True)).to_have_count(3)
        act(page, "Tayangkan", "Konten telah ditayangkan.")
        expect(fact(page, "Status")).to_have_text("Selesai")
        find_in_register(page, site, title, code, "Selesai")
    assert Item.objects.get(pk=pk).values["dip_entry"] == "DIP-2026-003"


def test_seed_e_kalteng_social_media(demo_site, tmp_path):
    site = demo_site("disperindag-kalteng")
    title = "Pasar murah Ramadan di Kota Palangka Raya"
    media = "Dokumentasi kegiatan (video dan/atau foto)"
    photos = make_jpegs(tmp_path, "pasar-murah", 4, gps_first=True)
    long_caption = " ".join(["Pasar murah Disperindag Kalteng di Palangka Raya."] * 5)
    caption = "Pasar murah Disperindag Kalteng di Palangka Raya: 2.000 paket sembako murah."

    with site.signed_in("tim_pelaksana") as page:
        start_new_item(page, "Alur Upload Konten Media Sosial")
        page.get_by_label("Judul kegiatan").fill(title)
        page.get_by_label("Tanggal kegiatan").fill(_today())
        page.get_by_label("Tempat kegiatan").fill("Halaman Kantor Disperindag Kalteng")
        page.get_by_label("Narasi berita").fill(
            "Disperindag Kalteng menggelar pasar murah untuk menjaga daya beli masyarakat."
        )
        page.get_by_label("Caption kegiatan").fill(long_caption)
        expect_counter(page, "Caption kegiatan", len(long_caption), 200)
        pk = save_draft(page)  # an over-long caption is kept as a draft, not lost

        upload(page, media, photos[:3], total=3)
        hand_in_checklist(page).get_by_role("button", name="Serahkan").click()
        expect(hand_in_refusal(page).get_by_role("listitem")).to_have_text([
            f"{media}: baru 3 foto/video, paling sedikit 4.",
            f"Caption kegiatan terlalu panjang: {len(long_caption)} karakter, paling banyak 200.",
            NO_ALT_TEXT,
        ])

        expect_counter(page, "Caption kegiatan", len(long_caption), 200)
        page.get_by_label("Caption kegiatan").fill(caption)
        expect_counter(page, "Caption kegiatan", len(caption), 200)
        upload(page, media, photos[3:], total=4)  # the typed caption is saved with it
        fill_alt_texts(page, {p.name: f"Warga antre paket sembako murah, foto {i}"
                              for i, p in enumerate(photos, start=1)})
        save_changes(page)
        expect(page.get_by_label("Caption kegiatan")).to_have_value(caption)
        hand_in_checklist(page).get_by_role("button", name="Serahkan").click()
        code = expect_handed_in(page)

    with site.signed_in("tim_pertimbangan") as page:
        open_waiting(page, title)
        approve(page, "Terima")
        expect(current_step(page)).to_contain_text("Mengkontrol dan mengkoreksi")

    with site.signed_in("ketua_ppid") as page:
        open_waiting(page, title)
        send_back(page, "Tolak", "Narasi belum menyebut jumlah paket dan harga per paket.")
        expect(current_step(page)).to_contain_text("Menerima hasil Dokumentasi")

    with site.signed_in("tim_pertimbangan") as page:
        open_waiting(page, title)
        correct(page, {"Narasi berita": (
            "Disperindag Kalteng menggelar pasar murah: 2.000 paket sembako seharga Rp50.000 "
            "per paket untuk menjaga daya beli masyarakat."
        )}, "Jumlah dan harga paket")
        approve(page, "Terima")

    with site.signed_in("ketua_ppid") as page:
        open_waiting(page, title)
        approve(page, "Terima")

    with site.signed_in("atasan_ppid") as page:
        open_waiting(page, title)
        approve(page, "Terima")

    with site.signed_in("admin_medsos") as page:
        open_waiting(page, title)
        act(page, "Tayangkan", "Konten telah ditayangkan.")
        expect(fact(page, "Status")).to_have_text("Selesai")
        find_in_register(page, site, title, code, "Selesai")
    assert Item.objects.get(pk=pk).values["caption"] == caption


PHONE = {"width": 390, "height": 844}


def test_seed_a_hand_in_on_a_phone(demo_site, tmp_path):
    """The hand-in form of seed A on a 390 × 844 phone screen, from the field."""
    site = demo_site("dpmptsp-gunungkidul")
    title = "Pelayanan perizinan keliling di Kapanewon Playen"
    media = "Dokumentasi kegiatan (video dan/atau foto)"
    photos = make_jpegs(tmp_path, "keliling", 5, gps_first=True)

    with site.signed_in("tim_pelaksana", viewport=PHONE, mobile=True) as page:
        expect_fits_screen(page)
        start_new_item(page, "Alur Upload Konten Website & Media Sosial")
        expect_fits_screen(page)
        page.get_by_label("Judul kegiatan").fill(title)
        page.get_by_label("Tanggal kegiatan").fill(_today())
        page.get_by_label("Tempat kegiatan").fill("Balai Kalurahan Playen")
        page.get_by_label("Narasi berita").fill(
            "Layanan perizinan keliling DPMPTSP melayani 35 pemohon NIB di Playen."
        )
        caption = page.get_by_label("Caption kegiatan")
        caption.tap()
        caption.press_sequentially("Perizinan keliling di Playen")
        expect_counter(page, "Caption kegiatan", len("Perizinan keliling di Playen"), 200)
        save = page.get_by_role("button", name="Simpan draf")
        expect_touch_target(save)
        save.tap()
        page.wait_for_url(re.compile(r"/konten/\d+/ubah/$"))
        expect_message(page, "Draf tersimpan")

        upload(page, media, photos, total=5)
        expect_fits_screen(page)
        for index, photo in enumerate(photos, start=1):
            alt = page.get_by_label(f"Teks alternatif untuk {photo.name}")
            alt.scroll_into_view_if_needed()
            alt.fill(f"Petugas melayani pemohon NIB di balai kalurahan, foto {index}")
        save_changes(page)
        expect(hand_in_checklist(page)).not_to_contain_text("paling sedikit 5")
        hand_in = hand_in_checklist(page).get_by_role("button", name="Serahkan")
        hand_in.scroll_into_view_if_needed()
        expect(hand_in).to_be_in_viewport()
        expect_touch_target(hand_in)
        hand_in.tap()
        expect_handed_in(page)
        expect_fits_screen(page)
