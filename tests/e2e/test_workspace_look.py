"""The workspace as people see it (issue 15, points 4, 7 and 8), in real Chromium.

- The main screens of a demo organization, for its field officer, reviewer and admin (and the
  public site beside them), on a phone (390 × 844) and a desktop (1366 × 900): axe-core finds no
  violation, there is one h1, nothing scrolls sideways, no CSP complaint, and each screen is
  photographed. The screenshots are test artifacts under ``var/test-output/screenshots/`` (or
  ``$TAYANG_SCREENSHOTS``), never committed: look at them.
- One visual system: every text field, select and button of a form is one height; the focus
  ring is visible and at least 3:1 against the page; sending back does not look like accepting.
- A unit head approves on a phone with the keyboard alone: Tab to *Ke Tindakan*, into the
  action box, choose the route, tick what must be confirmed, press the SOP's own *Ya*.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tayang.demo.organizations import demo_username
from tayang.items.models import Item
from tayang.orgs.models import Membership
from tayang.public.models import Article

from .pages import Site, expect_message, sign_in
from .phones import watch
from .test_public_a11y import axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("TAYANG_SCREENSHOTS") or ROOT / "var/test-output/screenshots")
VIEWPORTS = {"ponsel": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@contextmanager
def person(site: Site, role: str | None, viewport: str) -> Iterator[Page]:
    phone = viewport == "ponsel"
    context = site.browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=phone,
                                       has_touch=phone, locale="id-ID",
                                       timezone_id="Asia/Jakarta")
    try:
        page = watch(context.new_page())
        if role:
            sign_in(page, site, demo_username(site.demo, role))
        yield page
    finally:
        context.close()


def look_at(page: Page, name: str, viewport: str) -> list[str]:
    """The page's problems (axe, h1, sideways scrolling, CSP); its screenshot written."""
    problems = []
    if page.locator("h1").count() != 1:
        problems.append(f"{page.locator('h1').count()} h1")
    if violations := axe_violations(page):
        problems.append(describe(violations))
    if viewport == "ponsel" and (outside := page.evaluate(_OUTSIDE, 390)):
        problems.append(f"sticks out sideways: {outside[:5]}")
    if page.csp:  # type: ignore[attr-defined]
        problems.append(f"CSP: {page.csp}")  # type: ignore[attr-defined]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{viewport}-{name}.png"), full_page=True)
    return problems


# Nothing sticks out of a phone's screen, except inside a region that scrolls sideways on its
# own (a wide table in its focusable scroller), and the page itself never scrolls sideways.
_OUTSIDE = """(width) => {
  const scrolls = el => { for (let up = el.parentElement; up; up = up.parentElement) {
      const x = getComputedStyle(up).overflowX; if (x === 'auto' || x === 'scroll') return true; }
    return false; };
  const out = [...document.querySelectorAll('body *')].filter(el => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.left < -1 || box.right > width + 1) && !scrolls(el); })
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
         + (el.className && typeof el.className === 'string' ? '.' + el.className : ''));
  const wide = document.documentElement.scrollWidth;
  if (wide > width) out.push('html: ' + wide);
  return out; }"""


def screens(site: Site) -> dict[str | None, dict[str, str]]:
    """``{role: {screen: address}}`` of the main screens of seed A's demo organization."""
    org = site.demo.slug
    items = Item.objects.filter(organization__slug=org)
    returned = items.get(status="returned")
    reviewing = items.get(step="terima")
    finished = items.filter(status="finished").order_by("-pk").first()
    member = Membership.objects.get(organization__slug=org,
                                    user__username=demo_username(site.demo, "tim_pelaksana"))
    article = Article.objects.filter(organization__slug=org).first()
    assert finished is not None and article is not None
    procedure = reviewing.procedure.key
    return {
        "tim_pelaksana": {
            "kotak-masuk": site.url(),
            "konten-baru": site.url(f"konten/baru/{procedure}/"),
            "ubah-dikembalikan": site.url(f"konten/{returned.pk}/ubah/"),
            "konten-dikembalikan": site.url(f"konten/{returned.pk}/"),
        },
        "tim_pertimbangan": {
            "konten-diperiksa": site.url(f"konten/{reviewing.pk}/"),
            "register": site.url("register/"),
        },
        "kelola": {
            "konten-selesai": site.url(f"konten/{finished.pk}/"),
            "kelola": site.url("kelola/"),
            "anggota": site.url("kelola/anggota/"),
            "anggota-peran": site.url(f"kelola/anggota/{member.pk}/"),
            "kanal-baru": site.url("kelola/kanal/baru/telegram/"),
            "dokumen-sop": site.url(f"sop/{procedure}/dokumen/"),
            "dasbor": site.url("dasbor/"),
        },
        None: {
            "situs-beranda": f"{site.base_url}/situs/{org}/",
            "situs-berita": f"{site.base_url}/situs/{org}/berita/{article.item_id}/{article.slug}/",
        },
    }


@pytest.fixture
def seed_a(demo_site, settings) -> Site:
    settings.TASKS = IMMEDIATE_TASKS  # web sizes and thumbnails made at once: real pictures
    return demo_site("dpmptsp-gunungkidul")


@pytest.mark.parametrize("viewport", ["ponsel", "desktop"])
def test_main_screens_have_no_violations_and_are_photographed(seed_a, viewport):
    failures: dict[str, list[str]] = {}
    shots = 0
    for role, pages in screens(seed_a).items():
        with person(seed_a, role, viewport) as page:
            for name, address in pages.items():
                page.goto(address)
                if problems := look_at(page, name, viewport):
                    failures[f"{role}: {name}"] = problems
                shots += 1
    assert not failures, "\n".join(f"{where}: {found}" for where, found in failures.items())
    assert len(list(SHOTS.glob(f"{viewport}-*.png"))) >= shots == 15


_HEIGHTS = """() => [...document.querySelectorAll(
    'main input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]),'
    + 'main select, main button:not(.link-button)')]
  .filter(el => el.offsetParent !== null && !el.closest('textarea'))
  .map(el => Math.round(el.getBoundingClientRect().height))"""

_RING = """(el) => { const s = getComputedStyle(el);
  return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
          shadow: s.boxShadow}; }"""


def _luminance(rgb: str) -> float:
    channels = [int(value) / 255 for value in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_one_size_of_control_a_visible_focus_ring_and_distinct_send_back(seed_a):
    reviewing = Item.objects.get(organization__slug=seed_a.demo.slug, step="terima")
    with person(seed_a, "tim_pertimbangan", "desktop") as page:
        page.goto(seed_a.url(f"konten/{reviewing.pk}/"))
        heights = set(page.evaluate(_HEIGHTS))
        assert heights and max(heights) - min(heights) <= 2, heights  # one control height
        assert min(heights) >= 44
        actions = page.get_by_role("region", name="Tindakan")
        accept = actions.get_by_role("button", name="Terima", exact=True)
        back = actions.get_by_role("button", name="Kembalikan", exact=True)
        colours = [b.evaluate("el => [getComputedStyle(el).backgroundColor, "
                              "getComputedStyle(el).color]") for b in (accept, back)]
        assert colours[0] != colours[1], colours  # sending back is not styled as accepting
        # Focus from the keyboard: a ring whose outer colour is ≥ 3:1 against the white page.
        page.get_by_label("Catatan (tidak wajib)").focus()
        page.keyboard.press("Tab")
        expect(accept).to_be_focused()
        ring = accept.evaluate(_RING)
        assert ring["outline"] != "none" and ring["width"] >= 2, ring
        outer = re.findall(r"rgba?\([^)]*\)", ring["shadow"])
        assert outer and max(contrast(c, "rgb(255, 255, 255)") for c in outer) >= 3, ring


def test_a_unit_head_chooses_the_route_and_approves_with_the_keyboard_on_a_phone(demo_site):
    site = demo_site("dinsos-diy")
    item = Item.objects.get(organization__slug="dinsos-diy", step="filter_pimpinan_unit")
    with person(site, "pimpinan_unit", "ponsel") as page:
        page.goto(site.url(f"konten/{item.pk}/"))
        expect(page.get_by_role("heading", level=1)).to_have_text(item.title)

        def tab_to(check: str, limit: int = 40) -> None:
            for _ in range(limit):
                page.keyboard.press("Tab")
                if page.evaluate(f"() => {{ const el = document.activeElement; return {check}; }}"):
                    return
            raise AssertionError(f"Tab never reached: {check}")

        # The action box is far down a phone's page: the link under the title leads there.
        tab_to("el.textContent.trim() === 'Ke Tindakan'")
        page.keyboard.press("Enter")
        actions = page.get_by_role("region", name="Tindakan")
        expect(actions).to_be_focused()
        route = actions.get_by_label("Pilih rute: Jenis informasi")
        tab_to("el.id === 'route-category'", limit=5)
        expect(route).to_be_focused()
        for _ in range(6):  # the last choice, as a person would, with the arrow keys
            page.keyboard.press("ArrowDown")
        expect(route).to_have_value("kebijakan")
        # On to the SOP's own button, ticking each confirmation met on the way.
        for _ in range(20):
            page.keyboard.press("Tab")
            focused = page.evaluate("() => [document.activeElement.tagName, "
                                    "document.activeElement.type, "
                                    "document.activeElement.checked, "
                                    "document.activeElement.textContent.trim()]")
            if focused[:3] == ["INPUT", "checkbox", False]:
                page.keyboard.press("Space")
            if focused[0] == "BUTTON" and focused[3] == "Ya":
                break
        else:
            raise AssertionError("Tab never reached «Ya»")
        page.keyboard.press("Enter")
        expect_message(page, "Langkah ini telah disetujui")
        # The chosen route took it to the Kepala Dinas, as the SOP says for policy.
        item.refresh_from_db()
        assert item.values["category"] == "kebijakan"
        assert item.step == "filter_kepala_dinas"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "ponsel-setelah-disetujui-keyboard.png"))


def test_the_character_counter_speaks_only_near_and_over_the_limit(seed_a):
    procedure = Item.objects.filter(organization__slug=seed_a.demo.slug).first().procedure.key
    with person(seed_a, "tim_pelaksana", "ponsel") as page:
        page.goto(seed_a.url(f"konten/baru/{procedure}/"))
        caption = page.get_by_label("Caption kegiatan", exact=True)
        counter = page.locator(f"#{caption.get_attribute('id')}_counter")
        # The visible count is not itself live: it would be read on every keystroke.
        expect(counter).not_to_have_attribute("aria-live", re.compile("."))
        spoken = counter.locator("xpath=following-sibling::*[@aria-live='polite'][1]")
        caption.fill("Pelatihan kerja berbasis kompetensi")
        expect(counter).to_have_text("35 / 200 karakter")
        expect(spoken).to_have_text("")
        caption.fill("x" * 195)
        expect(spoken).to_have_text("Sisa 5 karakter.")
        caption.fill("x" * 197)  # still near: nothing new to say
        expect(counter).to_have_text("197 / 200 karakter")
        expect(spoken).to_have_text("Sisa 5 karakter.")
        caption.fill("x" * 205)
        expect(spoken).to_have_text("Kelebihan 5 karakter dari batas 200.")
        expect(caption).to_have_attribute("aria-invalid", "true")
        caption.fill("x" * 20)
        expect(spoken).to_have_text("Kembali dalam batas 200 karakter.")


_REGISTER_ROWS = """() => [...document.querySelectorAll('table.register tbody tr')].map(tr => ({
  right: Math.round(tr.getBoundingClientRect().right),
  labels: [...tr.querySelectorAll('td')].map(
      td => getComputedStyle(td, '::before').content.replace(/^"|"$/g, '')),
}))"""


@pytest.mark.parametrize("viewport", ["ponsel", "desktop"])
def test_the_register_is_read_without_scrolling_sideways_on_a_phone(seed_a, viewport):
    # On a phone every row is a card whose lines name their column (nothing to scroll
    # sideways to find an item's status or its lateness); on a desktop it stays a table.
    with person(seed_a, "tim_pertimbangan", viewport) as page:
        page.goto(seed_a.url("register/"))
        rows = page.evaluate(_REGISTER_ROWS)
        scroller = page.locator(".table-scroll").evaluate(
            "el => [el.scrollWidth, el.clientWidth]")
    assert rows
    if viewport == "ponsel":
        assert scroller[0] <= scroller[1]
        assert all(row["right"] <= 390 for row in rows)
        assert rows[0]["labels"][:2] == ["No. register: ", "Judul: "]
        assert rows[0]["labels"][-1] == "Standar waktu: "
    else:
        assert all(label in ("none", "normal") for label in rows[0]["labels"])
