"""*Periksa bahasa* while writing, in real Chromium on a phone (issue 14, point 6): the author
types a sentence with *merubah* and a misspelt word into the narrative of a new item, the panel
fills after the pause and says the count politely, «Ganti dengan «mengubah»» puts the fix into
the text (the browser's undo takes it back), the caret stays put, axe-core finds nothing, and
the draft is saved with suggestions still open (never a block). A reviewer correcting the text
at their review step gets the same panel. Screenshots go to ``$TAYANG_SCREENSHOTS``."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from tayang.engine.actions import HandIn
from tayang.items.models import Item
from tayang.items.workflow import perform
from tayang.language.models import AcceptedWord
from tayang.language.spelling import DEFAULT_DICTIONARY
from tests.app.world import make_world, ready_item, step_action

from .phones import PHONE, accessible, watch

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(f"{DEFAULT_DICTIONARY}.dic").is_file(),
                       reason="hunspell-id tidak terpasang (scripts/setup.sh memasangnya)"),
]

TYPED = "Panitia merubah jadwal kegiatn pasar murah."


def signed_in(browser: Browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="id-ID", timezone_id="Asia/Jakarta")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": live_server.url}])
    return context


def test_the_author_fixes_merubah_from_the_panel_on_a_phone(live_server, browser: Browser):
    world = make_world("tulis", "dinas-tulis")
    author = world.holder(world.sop.first_step.roles[0])
    context = signed_in(browser, live_server, author)
    try:
        page = watch(context.new_page())
        page.goto(f"{live_server.url}/kerja/{world.slug}/konten/baru/{world.procedure.key}/")
        panel = page.get_by_role("region", name="Periksa bahasa")
        expect(panel).to_be_visible()  # the script shows it; without it, it stays hidden
        page.get_by_label("Judul kegiatan").fill("Pasar murah")
        narrative = page.get_by_label("Narasi berita")
        narrative.press_sequentially(TYPED, delay=15)
        fix = panel.get_by_role("button", name="Ganti dengan «mengubah»")
        expect(fix).to_be_visible()
        expect(panel.locator("#language-live-status")).to_have_text("2 saran bahasa")
        expect(panel).to_contain_text("Narasi berita: «kegiatn» — Tidak ada di kamus")
        expect(panel.get_by_role("button", name="Ganti dengan «kegiatan»")).to_be_visible()
        assert page.evaluate("document.activeElement.id") == "id_narrative"  # never taken
        accessible(page, "periksa-bahasa-saran")

        narrative.evaluate("field => field.setSelectionRange(0, 0)")  # caret before «Panitia»
        fix.click()
        expect(narrative).to_have_value("Panitia mengubah jadwal kegiatn pasar murah.")
        assert narrative.evaluate("field => field.selectionStart") == 0
        expect(panel.get_by_role("button", name="Ganti dengan «mengubah»")).to_have_count(0)
        expect(panel.locator("#language-live-status")).to_have_text("1 saran bahasa")
        # The fix is an ordinary edit of the field: the browser's undo takes it back.
        narrative.focus()
        page.keyboard.press("Control+z")
        expect(narrative).to_have_value(TYPED)
        page.keyboard.press("Control+Shift+z")
        expect(narrative).to_have_value("Panitia mengubah jadwal kegiatn pasar murah.")

        panel.get_by_role("button", name="Ganti dengan «kegiatan»").first.click()
        expect(narrative).to_have_value("Panitia mengubah jadwal kegiatan pasar murah.")
        expect(panel.locator("#language-live-status")).to_have_text("Tidak ada saran bahasa")
        expect(panel).to_contain_text("Tidak ada saran bahasa untuk teks ini.")
        accessible(page, "periksa-bahasa-diperbaiki")

        narrative.press("Control+End")
        narrative.press_sequentially(" Diadakan dikantor desa oleh Dinas komunikasi dan "
                                     "informatika.", delay=10)
        expect(panel.locator("#language-live-status")).to_have_text("2 saran bahasa")
        page.get_by_role("button", name="Simpan draf").click()  # suggestions never block
        page.wait_for_url("**/ubah/")
        item = Item.objects.get(organization=world.org)
        assert item.values["narrative"].endswith("Dinas komunikasi dan informatika.")
        panel = page.get_by_role("region", name="Periksa bahasa")  # the edit form too
        expect(panel.get_by_role("button", name="Ganti dengan «di kantor»")).to_be_visible()
        expect(panel.get_by_role(
            "button", name="Ganti dengan «Komunikasi dan Informatika»")).to_be_visible()
        accessible(page, "periksa-bahasa-ubah")  # a long fix wraps, nothing sideways
    finally:
        context.close()


def test_a_reviewer_correcting_at_the_review_step_sees_the_same_panel(live_server,
                                                                     browser: Browser):
    world = make_world("tinjau", "dinas-tinjau")
    item = ready_item(world, "Sosialisasi perizinan")
    assert perform(item.pk, item.created_by, HandIn()).ok
    reviewer = world.holder("tim_pertimbangan")
    assert perform(item.pk, reviewer, step_action(world.sop, "terima")).ok
    item.refresh_from_db()
    assert item.step == "koreksi"
    corrector = world.holder(world.sop.step("koreksi").roles[0])
    context = signed_in(browser, live_server, corrector)
    try:
        page = watch(context.new_page())
        page.goto(f"{live_server.url}/kerja/{world.slug}/konten/{item.pk}/ubah/")
        panel = page.get_by_role("region", name="Periksa bahasa")
        caption = page.get_by_label("Caption kegiatan")
        caption.fill("Sosialisasi perizinan bulan nopember")
        caption.blur()  # leaving the field checks at once
        expect(panel.get_by_role("button", name="Ganti dengan «November»")).to_be_visible()
        accessible(page, "periksa-bahasa-peninjau")
        # A reviewer may accept a name for the organization, from the keyboard.
        panel.get_by_role("button", name="Terima kata «Wonosari»").focus()
        page.keyboard.press("Enter")
        expect(panel.locator("#language-live-status")).to_contain_text("«Wonosari» ditambahkan")
        expect(panel.get_by_role("button", name="Terima kata «Wonosari»")).to_have_count(0)
        assert AcceptedWord.objects.filter(organization=world.org, key="wonosari").exists()
        assert page.evaluate("document.activeElement.textContent") == "Ganti dengan «November»"
    finally:
        context.close()
