"""A manual publishing channel, end to end in a real browser.

The field staff hands an item in choosing the organization's WhatsApp channel with a caption of
its own; the reviewers approve it; the social-media admin publishes it (the channel pre-ticked,
the schedule left empty), sees the channel waiting in *Antre* with the text to post, posts it by
hand and records the post's link, after which the row says *Tayang* with that link.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tayang.channels.models import Channel, ChannelChoice
from tayang.items.models import Publication
from tayang.orgs.models import Organization

from .pages import (
    act,
    approve,
    expect_handed_in,
    expect_message,
    fact,
    fill_alt_texts,
    hand_in_checklist,
    make_jpegs,
    open_waiting,
    save_changes,
    save_draft,
    start_new_item,
    upload,
)

pytestmark = pytest.mark.django_db(transaction=True)

VARIANT = "Sosialisasi perizinan UMKM di Wonosari hari ini. Info lengkap di situs Dinas."
PROOF = "https://whatsapp.com/channel/0029VaTayangDemo/42"


def test_a_manual_channel_from_hand_in_to_its_proof(demo_site, tmp_path):
    site = demo_site("dpmptsp-gunungkidul")
    org = Organization.objects.get(slug=site.demo.slug)
    Channel.objects.filter(organization=org).update(enabled=False)  # the demo's own, aside
    Channel.objects.update_or_create(organization=org, key="manual-wa", defaults={
        "kind": "manual", "name": "Saluran WhatsApp", "enabled": True,
        "selected_by_default": False,
        "config": {"instructions": "Unggah ke saluran WhatsApp Dinas, lalu salin tautannya."},
    })
    title = "Sosialisasi perizinan berusaha bagi UMKM di Wonosari"
    media = "Dokumentasi kegiatan (video dan/atau foto)"
    photos = make_jpegs(tmp_path, "umkm", 5)

    with site.signed_in("tim_pelaksana") as page:
        start_new_item(page, "Alur Upload Konten Website & Media Sosial")
        page.get_by_label("Judul kegiatan").fill(title)
        page.get_by_label("Tanggal kegiatan").fill(
            timezone.localdate(timezone=ZoneInfo("Asia/Jakarta")).isoformat())
        page.get_by_label("Tempat kegiatan").fill("Aula Kapanewon Wonosari")
        page.get_by_label("Narasi berita").fill(
            "DPMPTSP Gunungkidul menyosialisasikan perizinan berusaha berbasis risiko kepada "
            "pelaku UMKM di Wonosari."
        )
        page.get_by_label("Caption kegiatan").fill("Sosialisasi perizinan UMKM di Wonosari.")
        channels = page.get_by_role("group", name="Kanal publikasi")
        expect(channels).to_contain_text("Situs web organisasi — selalu ditayangkan")
        whatsapp = channels.get_by_role("checkbox", name="Saluran WhatsApp")
        expect(whatsapp).not_to_be_checked()  # not chosen by default
        whatsapp.check()
        channels.get_by_label("Teks khusus Saluran WhatsApp").fill(VARIANT)
        pk = save_draft(page)

        # The correction form shows the choice, the variant and the default caption's preview.
        channels = page.get_by_role("group", name="Kanal publikasi")
        expect(channels.get_by_role("checkbox", name="Saluran WhatsApp")).to_be_checked()
        expect(channels.get_by_label("Teks khusus Saluran WhatsApp")).to_have_value(VARIANT)
        expect(channels).to_contain_text(f"/berita/{pk}/")
        upload(page, media, photos, total=5)
        fill_alt_texts(page, {photo.name: f"Pelaku UMKM mengikuti sosialisasi, foto {index}"
                              for index, photo in enumerate(photos, start=1)})
        save_changes(page, "Teks alternatif foto")
        expect(page.get_by_role("region", name="Pemeriksaan kanal publikasi")).to_contain_text(
            "Semua kanal yang dipilih dapat menerima konten ini.")
        hand_in_checklist(page).get_by_role("button", name="Serahkan").click()
        expect_handed_in(page)
    assert ChannelChoice.objects.get(item_id=pk).caption == VARIANT

    with site.signed_in("tim_pertimbangan") as page:
        open_waiting(page, title)
        approve(page, "Terima")
        approve(page, "Terima")

    with site.signed_in("atasan_ppid") as page:
        open_waiting(page, title)
        approve(page, "Ya")

    with site.signed_in("admin_medsos") as page:
        open_waiting(page, title)
        actions = page.get_by_role("region", name="Tindakan")
        expect(actions.get_by_role("group", name="Tayangkan di").get_by_role(
            "checkbox", name="Saluran WhatsApp")).to_be_checked()
        expect(actions.get_by_label("Waktu WIB")).to_have_value("")
        act(page, "Tayangkan", "Konten telah ditayangkan.")
        expect(fact(page, "Status")).to_have_text("Selesai")

        table = page.get_by_role("region", name="Penayangan").get_by_role("table")
        website = table.get_by_role("row").filter(has_text="Situs web organisasi")
        expect(website.get_by_role("cell").first).to_contain_text("Tayang")
        row = table.get_by_role("row").filter(has_text="Saluran WhatsApp")
        expect(row.get_by_role("cell").first).to_contain_text("Antre")
        expect(row).to_contain_text("Unggah ke saluran WhatsApp Dinas, lalu salin tautannya.")
        row.get_by_text("Teks untuk diunggah").click()
        expect(row).to_contain_text(VARIANT)

        row.get_by_label("Tautan bukti di Saluran WhatsApp").fill(PROOF)
        row.get_by_role("button", name="Catat tautan bukti").click()
        expect_message(page, "Bukti tayang tersimpan.")
        row = page.get_by_role("region", name="Penayangan").get_by_role("row").filter(
            has_text="Saluran WhatsApp")
        expect(row.get_by_role("cell").first).to_contain_text(re.compile(r"^\s*Tayang"))
        expect(row.get_by_role("link", name=PROOF)).to_have_attribute("href", PROOF)
        expect(row).to_contain_text("Bukti dicatat oleh")
        expect(row.get_by_role("button", name="Catat tautan bukti")).to_have_count(0)

    publication = Publication.objects.get(item_id=pk, channel="manual-wa")
    assert (publication.state, publication.url) == (Publication.State.PUBLISHED, PROOF)
    assert publication.caption == VARIANT
