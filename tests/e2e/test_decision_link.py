"""The Kepala Dinas of seed C decides from a link on a phone (issue 10, point 3).

Real Chromium on a 390 × 844 phone screen against the live server with the demo of Dinas
Sosial DIY, whose sample item waits at step 5 (``filter_kepala_dinas``, the "kebijakan" route).
The Kepala Dinas sets a PIN on the profile page, opens the link, types the PIN, reads the
content and presses "Ya". Then every misuse is refused with a clear page and changes nothing:
the same link again, a link for the item after it moved on, a wrong PIN five times (then the
admin unlocks under Kelola), and a link forwarded to a colleague who is signed in.

The link comes from :func:`decision_link` — the one place to change when the link is taken
from the e-mail the notifications send (caught by a local SMTP server) instead.
Screenshots go to ``$TAYANG_SCREENSHOTS`` when it is set (tests/e2e/phones.py).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tayang.decisions.links import issue_link
from tayang.decisions.pins import set_pin
from tayang.engine.actions import Approve, ChooseRoute
from tayang.items.models import Item, LogEntry
from tayang.items.workflow import perform

from .pages import expect_touch_target
from .phones import accessible, phone

pytestmark = pytest.mark.django_db(transaction=True)

ORG = "dinsos-diy"
KEPALA = "diy.kepala_dinas"
STEP = "filter_kepala_dinas"
PIN = "472913"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The link page's rate limits count per address, and every request here is 127.0.0.1."""
    cache.clear()
    yield
    cache.clear()


def decision_link(username: str, item: Item, step: str) -> str:
    """The decision link the person received for ``item`` at ``step``.

    Today straight from ``issue_link``, as the notifications will call it; at merge, the link
    read from the e-mail the local SMTP server caught.
    """
    user = get_user_model().objects.get(username=username)
    url = issue_link(user, item, step)
    assert url is not None, f"no decision link for {username} at {step}"
    return url


def refused(page: Page, title: str, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(text)
    expect(alert).to_contain_text("Tidak ada yang diubah.")


def state(item: Item) -> tuple[object, ...]:
    item.refresh_from_db()
    return (item.version, item.step, item.status, item.log.count(), item.approvals.count())


def test_the_kepala_dinas_decides_from_a_link_on_a_phone(demo_site, browser, settings):
    site = demo_site(ORG)
    settings.TAYANG_PUBLIC_BASE_URL = site.base_url
    item = Item.objects.get(organization__slug=ORG, step=STEP)
    assert item.values["category"] == "kebijakan"

    # Before the first decision through a link: the PIN, on the person's own page.
    with phone(browser, site, KEPALA) as page:
        page.goto(f"{site.base_url}/profil/pin/")
        expect(page.get_by_role("heading", level=1)).to_have_text("PIN keputusan")
        accessible(page, "01-pin-kosong")
        page.get_by_label("PIN baru", exact=True).fill(PIN)
        page.get_by_label("Ulangi PIN baru").fill(PIN)
        page.get_by_label("Kata sandi akun Anda").fill("tayang-demo")
        page.get_by_role("button", name="Simpan PIN").tap()
        expect(page.get_by_role("status")).to_contain_text("PIN disimpan.")
        accessible(page, "02-pin-tersimpan")

    url = decision_link(KEPALA, item, STEP)
    reminder = decision_link(KEPALA, item, STEP)  # the reminder an hour later carries another
    token = url.partition("#")[2]

    with phone(browser, site) as page:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Masukkan PIN keputusan")
        assert "#" not in page.url  # the token left the address bar at once
        accessible(page, "03-pin-diminta")
        page.get_by_label("PIN", exact=True).fill(PIN)
        page.get_by_role("button", name="Buka konten").tap()

        expect(page.get_by_role("heading", level=1)).to_have_text(item.title)
        content = page.get_by_role("region", name="Isi konten")
        photo = content.get_by_role("img").first
        expect(photo).to_be_visible()
        assert photo.evaluate("image => image.naturalWidth") > 0
        expect(content).to_contain_text("Kegiatan dilaksanakan di aula kantor")
        expect(page.get_by_role("region", name="Kelengkapan langkah ini")).to_be_visible()
        expect(page.get_by_role("region", name="Riwayat dan catatan")).to_contain_text(
            "memilih rute")
        decision = page.get_by_role("region", name="Keputusan")
        expect(decision.get_by_role("button")).to_have_text(["Ya", "Tidak"])
        accessible(page, "04-konten-dan-keputusan")
        yes = decision.get_by_role("button", name="Ya", exact=True)
        yes.scroll_into_view_if_needed()
        expect_touch_target(yes)
        yes.tap()

        expect(page.get_by_role("heading", level=1)).to_have_text("Keputusan tercatat")
        expect(page.get_by_role("status")).to_contain_text(
            "Keputusan «Ya» pada langkah 5 telah dicatat")
        accessible(page, "05-tercatat")
        # No request line — what an access log writes — ever carried the token.
        assert not any(token in requested or token.split(":")[0] in requested
                       for requested in page.requested)  # type: ignore[attr-defined]

    item.refresh_from_db()
    assert item.step == "tampilkan"
    assert LogEntry.objects.get(item=item, step=STEP, action="approve").via == "link"
    after = state(item)

    # The same link a second time, and the reminder's link now that the item has moved on.
    with phone(browser, site) as page:
        page.goto(url)
        refused(page, "Tautan sudah dipakai", "sudah dipakai untuk memutuskan")
        accessible(page, "06-sudah-dipakai")
        page.goto(reminder)
        refused(page, "Konten sudah berubah",
                "Sejak tautan ini dikirim, Kepala Dinas sudah menyetujui")
        accessible(page, "07-konten-berubah")
    assert state(item) == after


def test_wrong_pins_and_a_forwarded_link_decide_nothing(demo_site, browser, settings):
    site = demo_site(ORG)
    settings.TAYANG_PUBLIC_BASE_URL = site.base_url
    set_pin(get_user_model().objects.get(username=KEPALA), PIN)
    # The demo item waiting at step 4 goes up the "kebijakan" route to the Kepala Dinas.
    item = Item.objects.get(organization__slug=ORG, step="filter_pimpinan_unit")
    sekretaris = get_user_model().objects.get(username="diy.pimpinan_unit")
    if item.values.get("category") != "kebijakan":
        assert perform(item.pk, sekretaris, ChooseRoute("category", "kebijakan")).ok
    assert perform(item.pk, sekretaris, Approve()).ok
    item.refresh_from_db()
    assert item.step == STEP
    url = decision_link(KEPALA, item, STEP)
    before = state(item)

    # Forwarded to the Sekretaris, who opens it signed in as themself.
    with phone(browser, site, "diy.pimpinan_unit") as page:
        page.goto(url)
        refused(page, "Tautan ini untuk orang lain", "Anda sedang masuk sebagai")
        expect(page.get_by_label("PIN", exact=True)).to_have_count(0)
        accessible(page, "08-untuk-orang-lain")
    assert state(item) == before

    # Someone who does not know the PIN: five wrong ones lock the Kepala Dinas's links.
    with phone(browser, site) as page:
        page.goto(url)
        for left in (4, 3, 2, 1):
            page.get_by_label("PIN", exact=True).fill("905173")
            page.get_by_role("button", name="Buka konten").tap()
            expect(page.get_by_role("alert")).to_contain_text(f"PIN salah. Sisa percobaan: {left}.")
        accessible(page, "09-pin-salah")
        page.get_by_label("PIN", exact=True).fill("905173")
        page.get_by_role("button", name="Buka konten").tap()
        refused(page, "Tautan keputusan dikunci", "PIN salah dimasukkan 5 kali.")
        accessible(page, "10-dikunci")
    # Locked: even the right PIN opens nothing now.
    with phone(browser, site) as page:
        page.goto(url)
        refused(page, "Tautan keputusan dikunci", "sampai admin organisasi membukanya")
    assert state(item) == before

    # The organization's admin unlocks under Kelola › Tautan keputusan.
    with phone(browser, site, "diy.kelola") as page:
        page.goto(site.url("kelola/tautan-keputusan/"))
        locked = page.get_by_role("region", name="PIN yang terkunci")
        expect(locked).to_contain_text("Kepala Dinas")
        accessible(page, "11-kelola-tautan")
        locked.get_by_role("button", name=re.compile(r"^Buka kunci")).tap()
        expect(page.get_by_role("status")).to_contain_text("dibuka kembali")
    with phone(browser, site) as page:
        page.goto(url)
        page.get_by_label("PIN", exact=True).fill(PIN)
        page.get_by_role("button", name="Buka konten").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text(item.title)
    assert state(item) == before
