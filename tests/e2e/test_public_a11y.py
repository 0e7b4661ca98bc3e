"""Accessibility (WCAG 2.2 AA) of every public page type, in real Chromium, with demo content.

Each page is loaded from the live server and checked with axe-core (vendored, see
``vendor/README.md``): zero violations of any rule axe runs by default (WCAG 2.0–2.2 A and AA
and axe's best practices). Around it, what axe cannot judge: the page is in Indonesian, the
skip link is the first stop of the keyboard and takes focus to the main content, the focus is
visible, everything can be reached with Tab, the layout reflows on a phone, and the browser
reports no Content-Security-Policy violation (the JSON-LD runs under the site's CSP).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tayang.demo import organizations
from tayang.public.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

AXE_VERSION = "4.14.1"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
GALLERY_ORG = "dpmptsp-gunungkidul"  # seed A: five photos per item
CATEGORY_ORG = "dinsos-diy"  # seed C: a category choice, two long texts, a document
FOCUS_INK, FOCUS_YELLOW = "rgb(11, 12, 12)", "rgb(255, 221, 0)"


@pytest.fixture
def public_pages(live_server, settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Demo content of two organizations, its web images made; every page type's address."""
    settings.TASKS = IMMEDIATE_TASKS
    wanted = tuple(org for org in organizations.DEMO_ORGANIZATIONS
                   if org.slug in (GALLERY_ORG, CATEGORY_ORG))
    monkeypatch.setattr(organizations, "DEMO_ORGANIZATIONS", wanted)
    organizations.build()
    base = live_server.url
    article = Article.objects.filter(organization__slug=GALLERY_ORG).first()
    other = Article.objects.filter(organization__slug=CATEGORY_ORG).first()
    assert article is not None and other is not None
    assert article.media_ready and article.cover is not None
    root = f"{base}/situs/{GALLERY_ORG}"
    return {
        "beranda": f"{root}/",
        "berita": f"{root}/berita/",
        "berita (galeri foto)": f"{root}/berita/{article.item_id}/{article.slug}/",
        "berita (dokumen, kategori pilihan)":
            f"{base}/situs/{CATEGORY_ORG}/berita/{other.item_id}/{other.slug}/",
        "kategori": f"{root}/kategori/{article.category_slug}/",
        "kategori (pilihan SOP)": f"{base}/situs/{CATEGORY_ORG}/kategori/{other.category_slug}/",
        "pencarian (kosong)": f"{root}/cari/",
        "pencarian (hasil)": f"{root}/cari/?q=kegiatan",
        "pencarian (tanpa hasil)": f"{root}/cari/?q=tidakadayangcocok",
        "informasi publik": f"{root}/informasi-publik/",
        "tidak ditemukan (404)": f"{root}/berita/999999/",
    }


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """A fresh browser context per page, recording every CSP violation the browser reports."""
    contexts = []

    def opener(url: str, *, viewport: dict[str, int] | None = None) -> Page:
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                      locale="id-ID", timezone_id="Asia/Jakarta")
        contexts.append(context)
        page = context.new_page()
        violations: list[str] = []
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.csp_violations = violations  # type: ignore[attr-defined]
        response = page.goto(url)
        assert response is not None
        return page

    yield opener
    for context in contexts:
        context.close()


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core in the page (evaluated, not injected as a tag: the site's CSP forbids it)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate("() => axe.version") == AXE_VERSION
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )


def test_every_public_page_type_has_no_axe_violations(public_pages, open_page):
    failures = {}
    for name, url in public_pages.items():
        page = open_page(url)
        expect(page.locator("html")).to_have_attribute("lang", "id")
        expect(page.locator("h1")).to_have_count(1)
        if violations := axe_violations(page):
            failures[name] = describe(violations)
        assert not page.csp_violations, (name, page.csp_violations)  # type: ignore[attr-defined]
    assert not failures, "\n\n".join(f"{name}:\n{text}" for name, text in failures.items())


@pytest.mark.parametrize("page_name", ["beranda", "berita (galeri foto)", "pencarian (hasil)"])
def test_pages_reflow_on_a_phone_without_violations(public_pages, open_page, page_name):
    page = open_page(public_pages[page_name], viewport={"width": 320, "height": 640})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{page_name} scrolls sideways on a 320-px screen ({width} px)"
    assert not axe_violations(page), describe(axe_violations(page))


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(
    public_pages, open_page
):
    page = open_page(public_pages["berita (galeri foto)"])
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke isi utama")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown when focused, hidden otherwise
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('main') !== null")
    assert focused, "after the skip link, Tab continues inside the main content"


def test_focus_is_always_visible(public_pages, open_page):
    page = open_page(public_pages["beranda"])
    seen = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                       return {tag: el.tagName, text: el.textContent.trim().slice(0, 40),
                               outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                               shadow: s.boxShadow, color: s.color,
                               background: s.backgroundColor}; }"""
        )
        if style["tag"] == "BODY":
            break
        seen += 1
        visible = (style["outline"] not in ("none", "") and style["width"] >= 2) or (
            style["shadow"] != "none"
        )
        assert visible, f"focus not visible on {style}"
        if style["tag"] == "A":  # a focused link is dark text on the yellow block, anywhere
            assert (style["color"], style["background"]) == (FOCUS_INK, FOCUS_YELLOW), style
    assert seen >= 10  # header, navigation, search, the news cards, categories, footer


def test_search_works_with_the_keyboard_alone(public_pages, open_page):
    page = open_page(public_pages["beranda"])
    search = page.get_by_role("searchbox", name="Kata kunci pencarian")
    search.focus()
    page.keyboard.type("kegiatan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cari/?q=kegiatan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pencarian")
    expect(page.get_by_role("status")).to_contain_text("berita untuk «kegiatan»")
    expect(page.get_by_label("Kata kunci", exact=True)).to_have_value("kegiatan")


def test_gallery_images_carry_their_alt_text_and_responsive_sources(public_pages, open_page):
    page = open_page(public_pages["berita (galeri foto)"])
    images = page.locator("article img")
    count = images.count()
    assert count == 5  # the lead photo and four in the gallery
    for index in range(count):
        image = images.nth(index)
        expect(image).to_have_attribute("alt", re.compile(r"\S"))
        expect(image).to_have_attribute("srcset", re.compile(r"/w480/ 480w"))
    # The browser picked a source and decoded it.
    loaded = page.evaluate("() => document.querySelector('article img').naturalWidth")
    assert loaded > 0
