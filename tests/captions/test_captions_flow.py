"""Captions end to end (issue 14, point 4): an SOP that requires them (``check: captions``)
holds publishing up until every video has them; they are made from a transcript typed at
hand-in or uploaded as WebVTT (an invalid upload refused in Indonesian, nothing changed); the
public page plays them as the video's ``<track kind="captions" srclang="id" default>``."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bench.samples import mp4
from tayang.engine.actions import Edit, Publish
from tayang.items.models import Item
from tayang.items.workflow import perform
from tayang.procedures.services import add_definition
from tayang.sop.bundled import BUNDLED_DIR
from tests.app.world import SOP_C, drive, make_world, new_item, upload

pytestmark = pytest.mark.django_db

REQUIREMENT = """      - text: Video memiliki takarir
        check: captions
        field: video
"""


@pytest.fixture
def world():
    world = make_world("takarir", "dinas-takarir", SOP_C)
    text = (BUNDLED_DIR / "c-dinsos-diy.yaml").read_text(encoding="utf-8")
    marker = "    kind: publish\n    roles: [admin]\n    requirements:\n"
    assert marker in text
    add_definition(world.org, text.replace(marker, marker + REQUIREMENT), "takarir.yaml",
                   world.admin)
    world.procedure.refresh_from_db()
    assert any(r.check and r.check.value == "captions"
               for s in world.sop.steps for r in s.requirements)
    return world


def video_item(world, title: str) -> Item:
    item = new_item(world, title, naskah_berita="Penyaluran bantuan sosial di balai desa.",
                    category=world.sop.field("category").choices[0][0])
    asset = upload(item, "video", item.created_by, "klip.mp4", mp4(seconds=2))
    result = perform(item.pk, item.created_by,
                     Edit({"video": [{"id": asset.pk, "alt": "Video penyaluran bantuan"}]}))
    assert result.ok, result.message
    item.refresh_from_db()
    return item


def captions_url(world, item) -> str:
    return f"/kerja/{world.slug}/konten/{item.pk}/takarir/"


def asset_of(item) -> int:
    return item.values["video"][0]["id"]


def test_publishing_waits_for_captions_made_from_a_transcript_then_the_page_plays_them(
        world, client):
    bare = drive(world, video_item(world, "Tanpa takarir"), "tampilkan")
    refused = perform(bare.pk, world.holder("admin"), Publish())
    assert not refused.ok and "Takarir (WebVTT) belum ada untuk 1 video/audio: klip.mp4" \
        in refused.message

    item = video_item(world, "Dengan takarir")
    client.force_login(item.created_by)
    page = client.get(f"/kerja/{world.slug}/konten/{item.pk}/").content.decode()
    assert "Takarir dan transkrip" in page and "belum ada takarir" in page
    answer = client.post(captions_url(world, item), {
        "version": item.version, "field": "video", "asset": asset_of(item),
        "transkrip": "Selamat pagi. Bantuan disalurkan kepada 120 keluarga.",
    })
    assert answer.status_code == 302
    item.refresh_from_db()
    stored = item.values["video"][0]["captions"]
    assert stored == ("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nSelamat pagi.\n\n"
                      "00:00:01.500 --> 00:00:03.500\nBantuan disalurkan kepada 120 keluarga.\n")
    assert item.values["video"][0]["alt"] == "Video penyaluran bantuan"

    item = drive(world, item, "tampilkan")
    done = perform(item.pk, world.holder("admin"), Publish())
    assert done.ok, done.message
    public = client.get(f"/situs/{world.slug}/berita/{item.pk}/")
    public = client.get(public["Location"]) if public.status_code == 301 else public
    html = public.content.decode()
    track = (f'<track kind="captions" srclang="id" label="Bahasa Indonesia" '
             f'src="/situs/{world.slug}/berita/{item.pk}/takarir/{asset_of(item)}.vtt" default>')
    assert track in html and "Transkrip video 1" in html
    vtt = client.get(f"/situs/{world.slug}/berita/{item.pk}/takarir/{asset_of(item)}.vtt")
    assert vtt.status_code == 200 and vtt["Content-Type"] == "text/vtt; charset=utf-8"
    assert vtt.content.decode() == stored
    assert client.get(f"/situs/{world.slug}/berita/{item.pk}/takarir/999999.vtt"
                      ).status_code == 404
    assert client.get(f"/situs/{world.slug}/berita/{bare.pk}/takarir/{asset_of(bare)}.vtt"
                      ).status_code == 404  # not published


def test_an_uploaded_file_is_checked_and_an_invalid_one_changes_nothing(world, client):
    item = video_item(world, "Unggah takarir")
    client.force_login(item.created_by)
    base = {"version": item.version, "field": "video", "asset": asset_of(item)}
    bad = SimpleUploadedFile("salah.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nHalo\n",
                             "text/vtt")
    answer = client.post(captions_url(world, item), {**base, "berkas": bad}, follow=True)
    assert "Takarir tidak disimpan: Bukan berkas WebVTT" in answer.content.decode()
    assert Item.objects.get(pk=item.pk).version == item.version

    huge = SimpleUploadedFile("besar.vtt", b"WEBVTT\n\n" + b"x" * 300_000, "text/vtt")
    answer = client.post(captions_url(world, item), {**base, "berkas": huge}, follow=True)
    assert Item.objects.get(pk=item.pk).version == item.version
    assert "terlalu besar" in answer.content.decode() or "256" in answer.content.decode()

    good = SimpleUploadedFile("takarir.vtt", b"WEBVTT\n\n00:01.000 --> 00:03.000 align:start\n"
                              b"<v Kepala Dinas>Selamat pagi.\n", "text/vtt")
    client.post(captions_url(world, item), {**base, "berkas": good})
    item.refresh_from_db()
    assert item.values["video"][0]["captions"] == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Kepala Dinas>Selamat pagi.\n")
    # Corrected in place, then removed by emptying it.
    fixed = client.post(captions_url(world, item), {
        **base, "version": item.version,
        "vtt": "WEBVTT\n\n00:00:01.200 --> 00:00:03.000\nSelamat pagi, warga.\n"}, follow=True)
    assert fixed.status_code == 200
    item.refresh_from_db()
    assert "Selamat pagi, warga." in item.values["video"][0]["captions"]
    client.post(captions_url(world, item), {**base, "version": item.version, "vtt": ""})
    item.refresh_from_db()
    assert "captions" not in item.values["video"][0]


def test_only_whoever_may_edit_sets_captions(world, client):
    item = video_item(world, "Hak takarir")
    client.force_login(world.holder("kepala_dinas"))
    client.post(captions_url(world, item), {"version": item.version, "field": "video",
                                            "asset": asset_of(item), "transkrip": "Halo."})
    assert Item.objects.get(pk=item.pk).version == item.version
