"""An audio file's transcript (issue 14, point 4): typed at hand-in on the item page, shown
under the audio player of the published announcement with its WebVTT to download."""

from __future__ import annotations

import pytest

from bench.samples import wav
from tayang.accessible import making
from tayang.engine.actions import Edit, HandIn, Publish
from tayang.items.workflow import create_item, perform
from tests.accessible.announcements import PLAIN_LANGUAGE, TEXT, TITLE, seed_d_world
from tests.app.world import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def test_the_audio_transcript_is_shown_under_the_player(client):
    world = seed_d_world()
    author = world.holder("ppid_pelaksana")
    item = create_item(world.procedure, author, {
        "title": TITLE, "konten": TEXT, "dip_entry": "DIP-2026-003"}).item
    assert item is not None
    sound = upload(item, "media", author, "siaran.wav", wav(seconds=2))
    document = upload(item, "dokumen", author, "sk-het.pdf", pdf_bytes())
    assert perform(item.pk, author, Edit({
        "media": [{"id": sound.pk, "alt": "Siaran radio pengumuman"}],
        "dokumen": [{"id": document.pk, "alt": "SK HET"}]})).ok
    item.refresh_from_db()

    client.force_login(author)
    page = client.get(f"/kerja/{world.slug}/konten/{item.pk}/").content.decode()
    assert "siaran.wav</strong> (audio" in page and "belum ada transkrip" in page
    client.post(f"/kerja/{world.slug}/konten/{item.pk}/takarir/", {
        "version": item.version, "field": "media", "asset": sound.pk,
        "transkrip": "Harga eceran tertinggi minyak goreng curah Rp15.700 per liter. Terima kasih.",
    })
    item.refresh_from_db()
    assert item.values["media"][0]["captions"].startswith("WEBVTT\n\n00:00:00.000 --> ")
    assert perform(item.pk, author, HandIn(frozenset({PLAIN_LANGUAGE}))).ok
    making.make_waiting(item)
    assert perform(item.pk, world.holder("petugas_ppid"), Publish()).ok

    public = client.get(f"/situs/{world.slug}/berita/{item.pk}/")
    public = client.get(public["Location"]) if public.status_code == 301 else public
    html = public.content.decode()
    assert "<h3>Transkrip audio 1</h3>" in html
    assert "<p>Harga eceran tertinggi minyak goreng curah Rp15.700 per liter.</p>" in html
    assert f"/berita/{item.pk}/takarir/{sound.pk}.vtt\">Unduh transkrip (WebVTT)" in html
