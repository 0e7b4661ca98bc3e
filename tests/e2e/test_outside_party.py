"""An outside party answers from the link in its e-mail, on a phone (issue 12, point 2).

The police's admin enters the Satreskrim as an outside party in Kelola (a bad e-mail address
is refused first); an operator hands a release in; the worker sends the Satreskrim its e-mail,
which a real SMTP server on 127.0.0.1 catches; the link read from that e-mail is opened on a
390 × 844 phone without an account, the office answers in writing and the item moves on. Then
the same link again, a link whose item moved on, an expired one and a tampered one are each
refused with a clear page, and nothing changes. Screenshots go to ``$TAYANG_SCREENSHOTS``.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from tayang.decisions.models import DecisionLink
from tayang.engine.actions import Approve
from tayang.items.models import Item, LogEntry
from tayang.items.workflow import perform
from tayang.notify import dispatch
from tayang.notify.models import Delivery
from tayang.parties.accounts import save_party
from tayang.parties.models import OutsideParty
from tests.app.party_kit import ANSWER, OFFICE_EMAIL, handed_in, police_world
from tests.app.world import PASSWORD
from tests.notify.smtp import SmtpServer

from .pages import expect_touch_target
from .phones import PHONE, accessible, watch

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+/putuskan/#\S+")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp(settings):
    server = SmtpServer().start()
    server.use_in(settings)
    yield server.mailbox
    server.stop()


def new_phone(browser: Browser) -> Page:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="id-ID", timezone_id="Asia/Jakarta")
    return watch(context.new_page())


def emailed_link(smtp, item: Item) -> str:
    """Send the office's pending e-mail as the worker would, and read the link from it."""
    for delivery in Delivery.objects.filter(notification__item=item,
                                            notification__user__outside_party__isnull=False,
                                            state="queued"):
        assert dispatch.send(delivery.pk) == "sent"
    mail = smtp.to(OFFICE_EMAIL)[-1]
    found = LINK.search(mail.text)
    assert found, mail.text
    return found.group(0)


def refused(page: Page, title: str, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(text)
    expect(alert).to_contain_text("Tidak ada yang diubah.")


def state(item: Item) -> tuple[object, ...]:
    item.refresh_from_db()
    return (item.version, item.step, item.status, item.log.count(), item.responses.count())


def test_an_outside_party_answers_from_its_email_on_a_phone(live_server, browser, settings,
                                                            smtp):
    settings.TAYANG_PUBLIC_BASE_URL = live_server.url
    world = police_world(with_office=False)
    slug = world.org.slug

    # The admin enters the office in Kelola › Pihak luar, on a phone.
    page = new_phone(browser)
    page.goto(f"{live_server.url}/kerja/{slug}/kelola/pihak-luar/")
    page.get_by_label("Nama pengguna").fill(world.admin.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pihak luar")
    expect(page.get_by_role("status")).to_contain_text("Satuan kerja pengolah informasi")
    page.get_by_label("Nama pihak").fill("Satreskrim")
    page.get_by_label("Unit atau kantor").fill("Polres Contoh")
    page.get_by_label("Alamat e-mail").fill("satreskrim.polres-contoh.go.id")
    page.get_by_label(re.compile("Satuan kerja pengolah informasi")).check()
    page.get_by_role("button", name="Tambahkan").tap()
    expect(page.get_by_role("alert").first).to_contain_text("bukan alamat e-mail yang sah")
    assert not OutsideParty.objects.exists()
    accessible(page, "pihak-luar-01-email-salah")
    page.get_by_label("Alamat e-mail").fill(OFFICE_EMAIL)
    page.get_by_role("button", name="Tambahkan").tap()
    expect(page.get_by_role("status").first).to_contain_text("dicatat sebagai pihak luar")
    expect(page.get_by_role("region", name="Daftar pihak luar")).to_contain_text(
        "Mengisi: Verifikasi Akurasi Informasi")
    accessible(page, "pihak-luar-02-tercatat")
    page.context.close()
    office = OutsideParty.objects.get()

    # An operator hands a release in; the worker sends the office its e-mail.
    item = handed_in(world)
    url = emailed_link(smtp, item)

    party = new_phone(browser)
    party.goto(url)
    expect(party.get_by_role("heading", level=1)).to_have_text(item.title)
    assert "#" not in party.url
    asked = party.get_by_role("region", name="Yang diminta dari Anda")
    expect(asked).to_contain_text("Memastikan kebenaran data kepada satuan kerja")
    content = party.get_by_role("region", name="Isi konten")
    expect(content).to_contain_text("Mohon pastikan jumlah kasus (12)")
    expect(party.get_by_role("region", name="Riwayat dan catatan")).to_have_count(0)
    decision = party.get_by_role("region", name="Keputusan")
    expect(decision.get_by_role("button")).to_have_text(["Data akurat", "Perlu diperbaiki"])
    accessible(party, "pihak-luar-03-tautan-dibuka")
    answer = decision.get_by_role("button", name="Data akurat")
    # Too short an answer is refused on the page (the browser's own check is bypassed).
    party.get_by_label(re.compile("Jawaban tertulis Anda")).evaluate(
        "area => area.removeAttribute('minlength')")
    party.get_by_label(re.compile("Jawaban tertulis Anda")).fill("ok")
    answer.tap()
    expect(party.get_by_role("alert")).to_contain_text("Tanggapan tertulis wajib diisi")
    party.get_by_label(re.compile("Jawaban tertulis Anda")).fill(ANSWER)
    answer = party.get_by_role("region", name="Keputusan").get_by_role(
        "button", name="Data akurat")
    answer.scroll_into_view_if_needed()
    expect_touch_target(answer)
    answer.tap()
    expect(party.get_by_role("heading", level=1)).to_have_text("Jawaban tercatat")
    expect(party.get_by_role("status")).to_contain_text("Terima kasih")
    accessible(party, "pihak-luar-04-jawaban-tercatat")

    item.refresh_from_db()
    assert item.step == "setujui"
    entry = LogEntry.objects.get(item=item, outcome="approved")
    assert (entry.actor_id, entry.via, entry.role) == (office.user_id, "link", "satker_pengolah")

    # The same link again: refused, nothing changes.
    before = state(item)
    party.goto(url)
    refused(party, "Tautan sudah dipakai", "hanya berlaku sekali")
    accessible(party, "pihak-luar-05-tautan-dipakai")
    assert state(item) == before

    # A tampered link: unknown.
    party.goto(url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB"))
    refused(party, "Tautan tidak dikenal", "tidak dikenal atau tidak lengkap")
    assert state(item) == before

    # A second release: the link stops when the item moves on, and at the step's limit.
    second = handed_in(world, "Operasi Zebra 2026")
    moved_url = emailed_link(smtp, second)
    piket = save_party(world.org, name="Satreskrim Piket", office="Polres Contoh",
                       email="piket@polres-contoh.go.id",
                       grants=[(world.procedure, "satker_pengolah")])
    assert perform(second.pk, piket.user, Approve(response=ANSWER)).ok
    before = state(second)
    party.goto(moved_url)
    refused(party, "Konten sudah berubah", "Satreskrim Piket (Polres Contoh) sudah")
    accessible(party, "pihak-luar-06-konten-berubah")
    assert state(second) == before

    third = handed_in(world, "Kampanye keselamatan berlalu lintas")
    expired_url = emailed_link(smtp, third)
    link = DecisionLink.objects.filter(item=third).latest("pk")
    DecisionLink.objects.filter(pk=link.pk).update(expires_at=third.step_entered_at)
    before = state(third)
    party.goto(expired_url)
    refused(party, "Tautan sudah kedaluwarsa", "Hubungi Kepolisian Resor Contoh")
    accessible(party, "pihak-luar-07-kedaluwarsa")
    assert state(third) == before
    party.context.close()


def test_members_see_the_item_waiting_for_the_outside_party(live_server, browser, settings):
    settings.TAYANG_PUBLIC_BASE_URL = live_server.url
    world = police_world()
    item = handed_in(world)
    page = new_phone(browser)
    page.goto(f"{live_server.url}/kerja/{world.org.slug}/konten/{item.pk}/")
    page.get_by_label("Nama pengguna").fill(world.people["kasi_humas"].username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(item.title)
    path = page.get_by_role("region", name="Alur SOP")
    expect(path.locator("[aria-current=step]")).to_contain_text(
        "Satuan kerja pengolah informasi (pihak luar, melalui tautan)")
    # Nobody in the organization answers for the party: no button to approve here.
    expect(page.get_by_role("button", name="Data akurat")).to_have_count(0)
    accessible(page, "pihak-luar-08-anggota-melihat")
    page.context.close()
