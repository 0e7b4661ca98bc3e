"""The Kepala Dinas of seed C decides from the link in an e-mail, on a phone (issue 10, 3).

Real Chromium on a 390 × 844 phone screen against the live server with the demo of Dinas
Sosial DIY, and a real SMTP server (tests/notify/smtp.py) that Tayang's mail settings point
at. The Kepala Dinas sets a PIN and keeps e-mail on (without quiet hours) on their own pages;
the Sekretaris sends an item up the "kebijakan" route on a phone; the worker (its sweeps and
queued tasks, tests/e2e/worker.py) sends the message; the test reads the link out of the
e-mail the server caught. The mail is short, Indonesian, holds no PIN, and neither the link
nor its token reaches a log or a stored row. On the phone the Kepala Dinas opens the link,
types the PIN, reads the content and presses "Ya". Then every misuse is refused with a clear
page and changes nothing: the same link again, the reminder's link after the item moved on,
a wrong PIN five times (then the admin unlocks under Kelola), and a link forwarded to a
colleague who is signed in.

Screenshots go to ``$TAYANG_SCREENSHOTS`` when it is set (tests/e2e/phones.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from playwright.sync_api import Page, expect

from tayang.decisions import tokens
from tayang.decisions.pins import set_pin
from tayang.engine.actions import Approve, ChooseRoute
from tayang.items.models import Item, LogEntry
from tayang.items.workflow import perform
from tayang.notify.models import Preference
from tests.notify.smtp import Mailbox, Received, SmtpServer

from .pages import expect_touch_target, open_waiting
from .phones import accessible, phone
from .worker import work, work_at

pytestmark = pytest.mark.django_db(transaction=True)

ORG = "dinsos-diy"
KEPALA = "diy.kepala_dinas"
SEKRETARIS = "diy.pimpinan_unit"
STEP = "filter_kepala_dinas"
PIN = "472913"
DECISION_LINK = re.compile(r"https?://\S+/putuskan/#\S+")
ANY_LINK = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The link page's rate limits count per address, and every request here is 127.0.0.1."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mailbox(settings) -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1; Tayang's mailer (MAILERS) points at it."""
    server = SmtpServer().start()
    server.use_in(settings)
    yield server.mailbox
    server.stop()


def mail_to(mailbox: Mailbox, username: str, subject: str) -> Received:
    """The one message ``username`` received with ``subject``."""
    address = get_user_model().objects.get(username=username).email
    found = [m for m in mailbox.to(address) if m.subject == subject]
    assert len(found) == 1, (subject, [m.subject for m in mailbox.to(address)])
    return found[0]


def link_in(mail: Received) -> str:
    """The decision link, read out of the message's text as a person's mail client shows it."""
    [url] = DECISION_LINK.findall(mail.said)
    return url


def a_short_indonesian_message_without_the_pin(mail: Received, item: Item, label: str) -> None:
    said = mail.said
    assert mail.subject == f"{label}: {item.title}" and len(mail.subject) <= 90
    assert said.startswith(mail.subject)
    assert "Langkah 5 (Kepala Dinas)" in said
    # Title, a body of at most two lines' worth and the link: a phone shows it whole.
    assert len(said) - len(link_in(mail)) <= 90 + 240 + 8, said
    assert ANY_LINK.findall(said) == [link_in(mail)]
    assert "Pesan otomatis Tayang untuk" in mail.text
    raw = mail.message.as_string()
    assert PIN not in raw and "PIN" not in said


def state(item: Item) -> tuple[object, ...]:
    item.refresh_from_db()
    return (item.version, item.step, item.status, item.log.count(), item.approvals.count())


def refused(page: Page, title: str, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(text)
    expect(alert).to_contain_text("Tidak ada yang diubah.")


def never_logged_nor_stored(url: str, logs: str) -> None:
    """Neither the token nor its random part is in any log record or any stored row."""
    token = url.partition("#")[2]
    secret = token.split(":")[0]
    assert tokens.hash_of(token) is not None  # a real token, as Tayang made it
    assert token not in logs and secret not in logs
    with connection.cursor() as cursor:
        for table in ("notify_notification", "notify_delivery", "decisions_decisionlink",
                      "items_logentry"):
            cursor.execute(f"SELECT * FROM {table}")
            rows = str(cursor.fetchall())
            assert secret not in rows, table


def test_the_kepala_dinas_decides_from_the_link_in_an_email(demo_site, browser, settings,
                                                            mailbox, caplog):
    caplog.set_level(logging.DEBUG)  # every logger of the product, the live server's too
    site = demo_site(ORG)
    settings.TAYANG_PUBLIC_BASE_URL = site.base_url

    # Before the first decision through a link: the PIN, and where and when Tayang reaches
    # the Kepala Dinas, on the person's own pages.
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
        page.goto(f"{site.base_url}/profil/pemberitahuan/")
        email = page.get_by_role("checkbox", name="Kirim lewat e-mail")
        email.check()
        expect(page.get_by_label("Alamat e-mail")).to_have_value(
            get_user_model().objects.get(username=KEPALA).email)
        # Messages at any hour: the test must not depend on the time of day it runs at.
        page.get_by_role("checkbox", name="Pakai jam tenang").uncheck()
        page.get_by_role("button", name="Simpan pengaturan").tap()
        expect(page.get_by_role("status").first).to_contain_text(
            "Pengaturan pemberitahuan disimpan.")
        expect(email).to_be_checked()
        accessible(page, "03-pemberitahuan-email")
    chosen = Preference.objects.get(user__username=KEPALA)
    assert chosen.by_email and not chosen.quiet_enabled

    # The Sekretaris, on a phone, sends the demo item waiting at step 4 up the "kebijakan"
    # route: it arrives at the Kepala Dinas's step.
    item = Item.objects.get(organization__slug=ORG, step="filter_pimpinan_unit")
    with phone(browser, site, SEKRETARIS) as page:
        open_waiting(page, item.title)
        route = page.get_by_label("Pilih rute: Jenis informasi")
        if route.input_value() != "kebijakan":
            route.select_option(label="Kebijakan")
            page.get_by_role("button", name="Simpan rute").tap()
            expect(page.get_by_role("status")).to_contain_text("Rute telah dipilih.")
        page.get_by_role("region", name="Tindakan").get_by_role(
            "button", name="Ya", exact=True).tap()
        expect(page.get_by_role("status")).to_contain_text("Langkah ini telah disetujui")
    item.refresh_from_db()
    assert item.step == STEP

    # The worker sends what the approval wrote into the outbox; the SMTP server catches it.
    assert "sent" in work()
    arrival = mail_to(mailbox, KEPALA, f"Menunggu Anda: {item.title}")
    a_short_indonesian_message_without_the_pin(arrival, item, "Menunggu Anda")
    url = link_in(arrival)
    assert url.startswith(f"{site.base_url}/putuskan/#")
    # An hour later the step reaches its limit: the reminder carries a link of its own.
    assert "sent" in work_at(item.due_limit + timedelta(minutes=1))
    reminder_mail = mail_to(mailbox, KEPALA, f"Terlambat: {item.title}")
    a_short_indonesian_message_without_the_pin(reminder_mail, item, "Terlambat")
    reminder = link_in(reminder_mail)
    assert reminder != url
    token = url.partition("#")[2]

    with phone(browser, site) as page:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Masukkan PIN keputusan")
        assert "#" not in page.url  # the token left the address bar at once
        accessible(page, "04-pin-diminta")
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
        accessible(page, "05-konten-dan-keputusan")
        yes = decision.get_by_role("button", name="Ya", exact=True)
        yes.scroll_into_view_if_needed()
        expect_touch_target(yes)
        yes.tap()

        expect(page.get_by_role("heading", level=1)).to_have_text("Keputusan tercatat")
        expect(page.get_by_role("status")).to_contain_text(
            "Keputusan «Ya» pada langkah 5 telah dicatat")
        accessible(page, "06-tercatat")
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
        accessible(page, "07-sudah-dipakai")
        page.goto(reminder)
        kepala = get_user_model().objects.get(username=KEPALA).get_full_name()
        refused(page, "Konten sudah berubah",
                f"Sejak tautan ini dikirim, {kepala} (Kepala Dinas) sudah menyetujui")
        accessible(page, "08-konten-berubah")
    assert state(item) == after
    for sent in (url, reminder):
        never_logged_nor_stored(sent, caplog.text)


def test_wrong_pins_and_a_forwarded_link_decide_nothing(demo_site, browser, settings,
                                                        mailbox, caplog):
    caplog.set_level(logging.DEBUG)
    site = demo_site(ORG)
    settings.TAYANG_PUBLIC_BASE_URL = site.base_url
    kepala = get_user_model().objects.get(username=KEPALA)
    set_pin(kepala, PIN)  # as on /profil/pin/ (the test above goes through the page)
    Preference.objects.filter(user=kepala).update(by_email=True, quiet_enabled=False)
    # The demo item waiting at step 4 goes up the "kebijakan" route to the Kepala Dinas.
    item = Item.objects.get(organization__slug=ORG, step="filter_pimpinan_unit")
    sekretaris = get_user_model().objects.get(username=SEKRETARIS)
    if item.values.get("category") != "kebijakan":
        assert perform(item.pk, sekretaris, ChooseRoute("category", "kebijakan")).ok
    assert perform(item.pk, sekretaris, Approve()).ok
    item.refresh_from_db()
    assert item.step == STEP
    assert "sent" in work()
    url = link_in(mail_to(mailbox, KEPALA, f"Menunggu Anda: {item.title}"))
    before = state(item)

    # Forwarded to the Sekretaris, who opens it signed in as themself.
    with phone(browser, site, SEKRETARIS) as page:
        page.goto(url)
        refused(page, "Tautan ini untuk orang lain", "Anda sedang masuk sebagai")
        expect(page.get_by_label("PIN", exact=True)).to_have_count(0)
        accessible(page, "09-untuk-orang-lain")
    assert state(item) == before

    # Someone who does not know the PIN: five wrong ones lock the Kepala Dinas's links.
    with phone(browser, site) as page:
        page.goto(url)
        for left in (4, 3, 2, 1):
            page.get_by_label("PIN", exact=True).fill("905173")
            page.get_by_role("button", name="Buka konten").tap()
            expect(page.get_by_role("alert")).to_contain_text(f"PIN salah. Sisa percobaan: {left}.")
        accessible(page, "10-pin-salah")
        page.get_by_label("PIN", exact=True).fill("905173")
        page.get_by_role("button", name="Buka konten").tap()
        refused(page, "Tautan keputusan dikunci", "PIN salah dimasukkan 5 kali.")
        accessible(page, "11-dikunci")
    # Locked: even the right PIN opens nothing now.
    with phone(browser, site) as page:
        page.goto(url)
        refused(page, "Tautan keputusan dikunci", "sampai admin organisasi membukanya")
    assert state(item) == before

    # The organization's admin unlocks under Kelola › Tautan keputusan.
    with phone(browser, site, "diy.kelola") as page:
        page.goto(site.url("kelola/tautan-keputusan/"))
        locked = page.get_by_role("region", name="PIN yang terkunci")
        expect(locked).to_contain_text(kepala.get_full_name())
        accessible(page, "12-kelola-tautan")
        locked.get_by_role("button", name=re.compile(r"^Buka kunci")).tap()
        expect(page.get_by_role("status")).to_contain_text("dibuka kembali")
    with phone(browser, site) as page:
        page.goto(url)
        page.get_by_label("PIN", exact=True).fill(PIN)
        page.get_by_role("button", name="Buka konten").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text(item.title)
    assert state(item) == before
    never_logged_nor_stored(url, caplog.text)
