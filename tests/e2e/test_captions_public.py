"""A captioned video on the public page, in real Chromium on a phone (issue 14, point 4): the
player carries ``<track kind="captions" srclang="id" default>``, the browser loads the WebVTT
and shows its cues, the transcript is on the page, and the page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tayang.engine.actions import Publish
from tayang.items.workflow import perform
from tests.app.world import drive
from tests.captions.test_captions_flow import asset_of, captions_url, video_item
from tests.captions.test_captions_flow import world as captioned_world  # noqa: F401

from .phones import PHONE, accessible, watch

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_public_page_plays_the_captions_and_passes_axe(
    live_server, browser: Browser, captioned_world, client,  # noqa: F811
):
    world = captioned_world
    item = video_item(world, "Penyaluran bantuan dengan takarir")
    client.force_login(item.created_by)
    client.post(captions_url(world, item), {
        "version": item.version, "field": "video", "asset": asset_of(item),
        "transkrip": "Selamat pagi. Bantuan disalurkan kepada 120 keluarga.",
    })
    item = drive(world, item, "tampilkan")
    assert perform(item.pk, world.holder("admin"), Publish()).ok

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="id-ID", timezone_id="Asia/Jakarta")
    try:
        page = watch(context.new_page())
        page.goto(f"{live_server.url}/situs/{world.slug}/berita/{item.pk}/")
        track = page.locator('video track[kind="captions"]')
        expect(track).to_have_attribute("srclang", "id")
        expect(track).to_have_attribute("default", "")
        cues = page.evaluate("""() => new Promise((resolve) => {
            const track = document.querySelector('video track');
            const done = () => resolve(Array.from(track.track.cues || []).map(c => c.text));
            if (track.readyState === 2) { done(); return; }
            track.addEventListener('load', done);
            track.addEventListener('error', () => resolve(['gagal']));
            track.track.mode = 'showing';
        })""")
        assert cues == ["Selamat pagi.", "Bantuan disalurkan kepada 120 keluarga."]
        page.get_by_text("Transkrip video 1").click()
        expect(page.get_by_text("Bantuan disalurkan kepada 120 keluarga.")).to_be_visible()
        accessible(page, "takarir-publik")
    finally:
        context.close()
