"""Accessible formats as a publisher and a citizen use them, on a phone (issue 14).

The PPID's publisher opens an announcement waiting to be published: the audio, Braille and
large print are still being made, so *Tayangkan* is refused with what is missing; once the
worker has made them the page shows each as *siap*, the audio plays in the page, and the
announcement is published. The public page then offers the player, the downloads and the
plain-text version, passes axe-core on a 390-px phone and is usable with the keyboard.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tayang.accessible import making
from tayang.accessible.models import AccessibleFormat
from tayang.items.models import Item

from .pages import act, refusal
from .phones import PHONE, accessible, shot

pytestmark = pytest.mark.django_db(transaction=True)
SEED_D = "kalteng-disperindag-pengumuman-informasi"


def _audio_seconds(page, selector: str) -> float:
    """Load the audio's metadata in Chromium (it decodes Ogg Opus) and read its duration."""
    return page.evaluate(
        """(selector) => new Promise((resolve, reject) => {
            const audio = document.querySelector(selector);
            audio.preload = "metadata";
            audio.addEventListener("loadedmetadata", () => resolve(audio.duration));
            audio.addEventListener("error", () => reject(audio.error && audio.error.code));
            audio.load();
        })""",
        selector,
    )


def test_the_publisher_listens_then_publishes_and_the_public_page_offers_everything(
    demo_site,
):
    site = demo_site("disperindag-kalteng")
    waiting = Item.objects.filter(procedure__key=SEED_D, step="sebarluaskan").first()
    assert waiting is not None, "the demo leaves an announcement at the publish step"
    assert {row.shown_state for row in AccessibleFormat.objects.filter(item=waiting)} == {
        "menunggu"}

    with site.signed_in("petugas_ppid", viewport=PHONE, mobile=True) as page:
        page.goto(site.url(f"konten/{waiting.pk}/"))
        formats = page.get_by_role("region", name="Format aksesibel")
        expect(formats.get_by_text("menunggu")).to_have_count(3)
        page.get_by_role("region", name="Tindakan").get_by_role(
            "button", name="Tayangkan", exact=True).click()
        expect(refusal(page)).to_contain_text(
            "Format aksesibel masih dibuat: audio, Braille, cetak besar")

        assert set(making.make_waiting(waiting).values()) == {"ready"}  # the worker's job
        page.goto(site.url(f"konten/{waiting.pk}/"))
        formats = page.get_by_role("region", name="Format aksesibel")
        expect(formats.get_by_text("siap", exact=True)).to_have_count(3)
        seconds = _audio_seconds(page, ".accessible-formats audio")
        assert seconds > 3, seconds
        expect(formats.get_by_role("link", name="Unduh berkas Braille (BRF)")).to_be_visible()
        with page.expect_download() as braille:
            formats.get_by_role("link", name="Unduh berkas Braille (BRF)").click()
        assert braille.value.suggested_filename.endswith("-braille.brf")
        shot(page, "format-aksesibel-item")
        act(page, "Tayangkan", "Konten telah ditayangkan.")

    waiting.refresh_from_db()
    article_url = f"{site.base_url}/situs/{site.demo.slug}/berita/{waiting.pk}/"
    context = site.browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                       locale="id-ID", timezone_id="Asia/Jakarta")
    try:
        page = context.new_page()
        page.goto(article_url)
        section = page.get_by_role("region", name="Versi aksesibel")
        expect(section.locator("audio[controls]")).to_have_count(1)
        assert _audio_seconds(page, ".accessible-formats audio") > 3
        for name in ("Unduh audio", "Unduh berkas Braille", "Unduh versi cetak besar",
                     "Versi teks biasa"):
            expect(section.get_by_role("link", name=name)).to_be_visible()
        accessible(page, "format-aksesibel-publik")
        # Keyboard only: Tab reaches the Braille download.
        page.keyboard.press("Tab")
        for _ in range(60):
            focused = page.evaluate("() => document.activeElement.textContent.trim()")
            if focused == "Unduh berkas Braille":
                break
            page.keyboard.press("Tab")
        assert focused == "Unduh berkas Braille"
        href = section.get_by_role("link", name="Versi teks biasa").get_attribute("href")
        text = page.request.get(f"{site.base_url}{href}")
        assert text.headers["content-type"] == "text/plain; charset=utf-8"
        assert re.search(re.escape(waiting.title), text.text())
    finally:
        context.close()


def test_the_author_applies_a_spelling_suggestion_with_the_keyboard(demo_site):
    from tayang.engine.actions import Edit
    from tayang.items.workflow import perform

    site = demo_site("disperindag-kalteng")
    draft = Item.objects.filter(procedure__key=SEED_D, status="draft").first()
    assert draft is not None, "the demo has a draft announcement"
    done = perform(draft.pk, draft.created_by, Edit(
        {"konten": "Pasar murah di laksanakan dikantor Dinas pada hari senin."}))
    assert done.ok, done.message

    with site.signed_in("ppid_pelaksana", viewport=PHONE, mobile=True) as page:
        page.goto(site.url(f"konten/{draft.pk}/"))
        suggestions = page.get_by_role("region", name="Saran bahasa", exact=True)
        expect(suggestions).to_contain_text("«dikantor» → «di kantor»")
        expect(suggestions.get_by_role("button", name="Terapkan")).to_have_count(3)
        accessible(page, "saran-bahasa")
        apply = suggestions.get_by_role(
            "button", name="Terapkan «di kantor» pada Konsep konten Informasi Publik")
        apply.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("status")).to_contain_text(
            "Diterapkan: «dikantor» menjadi «di kantor».")
        expect(page.get_by_role("region", name="Saran bahasa", exact=True).get_by_role(
            "button", name="Terapkan")).to_have_count(2)
    draft.refresh_from_db()
    assert draft.values["konten"] == "Pasar murah di laksanakan di kantor Dinas pada hari senin."
