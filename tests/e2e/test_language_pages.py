"""The spelling findings, the captions form and Kelola › Kata diterima in real Chromium on a
phone (issue 14): axe-core finds nothing, and a reviewer accepts a word with the keyboard."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from bench.samples import mp4
from tayang.engine.actions import Edit
from tayang.items.workflow import perform
from tayang.language import checking
from tayang.language.models import AcceptedWord
from tests.app.world import SOP_C, make_world, new_item, upload

from .phones import PHONE, accessible, watch

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(browser: Browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="id-ID", timezone_id="Asia/Jakarta")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": live_server.url}])
    return context


def test_findings_captions_and_the_word_list_pass_axe(live_server, browser: Browser):
    world = make_world("ejaan", "dinas-ejaan", SOP_C)
    item = new_item(world, "Pasar murah di Palangka Raya",
                    naskah_berita="Pasar murah diadakan di halamn kantor kabupatn.")
    asset = upload(item, "video", item.created_by, "klip.mp4", mp4(seconds=2))
    assert perform(item.pk, item.created_by, Edit({"video": [{"id": asset.pk,
                                                               "alt": "Video"}]})).ok
    checking.check_waiting(item)
    address = f"{live_server.url}/kerja/{world.slug}/konten/{item.pk}/"

    context = signed_in(browser, live_server, item.created_by)
    try:
        page = watch(context.new_page())
        page.goto(address)
        found = page.get_by_role("region", name="Saran bahasa", exact=True)
        expect(found).to_contain_text("«halamn» tidak ada di kamus; mungkin: halaman")
        expect(found.get_by_role("button", name="Terima kata «halamn» untuk organisasi")
               ).to_have_count(0)  # the author alone may not
        captions = page.get_by_role("region", name="Takarir dan transkrip")
        expect(captions.get_by_label("Unggah berkas WebVTT (.vtt, paling besar 256 KB)")
               ).to_be_visible()
        accessible(page, "ejaan-penulis")
    finally:
        context.close()

    context = signed_in(browser, live_server, world.admin)
    try:
        page = watch(context.new_page())
        page.goto(address)
        accept = page.get_by_role("button", name="Terima kata «Palangka» untuk organisasi")
        accept.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("status")).to_contain_text("«Palangka» ditambahkan")
        assert AcceptedWord.objects.filter(key="palangka").exists()
        page.goto(f"{live_server.url}/kerja/{world.slug}/kelola/kata-diterima/")
        expect(page.get_by_role("listitem").filter(has_text="Palangka")).to_have_count(1)
        accessible(page, "kata-diterima")
    finally:
        context.close()
