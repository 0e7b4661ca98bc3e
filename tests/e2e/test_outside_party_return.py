"""The court sends material back to the clerk's office of the case type, on phones (issue 12,
point 2): the Panitera Muda Hukum presses *Kembalikan* in the workspace, the page having said
where it goes; only the Kepaniteraan Pidana gets an e-mail (a real SMTP server catches it);
its link opens a page that shows why it came back; the office answers and the item is back at
the check. Screenshots go to ``$TAYANG_SCREENSHOTS``."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tayang.engine.actions import HandIn
from tayang.items.models import Item
from tayang.items.workflow import create_item, perform
from tayang.notify import dispatch
from tayang.notify.models import Delivery
from tayang.orgs.models import Organization
from tayang.parties.accounts import save_party
from tayang.procedures.services import add_definition
from tests.app.party_kit import COURT
from tests.app.world import PASSWORD, add_person
from tests.notify.smtp import SmtpServer

from .phones import accessible
from .test_outside_party import LINK, new_phone

pytestmark = pytest.mark.django_db(transaction=True)

FIXED = "Nama saksi sudah dianonimkan; salinan baru kami kirim ke meja informasi."


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_the_court_sends_back_to_the_clerks_office_of_the_case(live_server, browser, settings):
    settings.TAYANG_PUBLIC_BASE_URL = live_server.url
    server = SmtpServer().start()
    server.use_in(settings)
    try:
        org = Organization.objects.create(slug="pn-contoh", name="Pengadilan Negeri Contoh",
                                          short_name="PN Contoh", timezone="Asia/Makassar")
        procedure, _ = add_definition(org, COURT.read_text(encoding="utf-8"), COURT.name, None)
        petugas = add_person(org, "pn.petugas", procedure, ("petugas",))
        panmud = add_person(org, "pn.panmud", procedure, ("panmud_hukum",))
        for case in ("perdata", "pidana"):
            save_party(org, name=f"Kepaniteraan {case.title()}", office="PN Contoh",
                       email=f"{case}@pn-contoh.go.id",
                       grants=[(procedure, f"kepaniteraan_{case}")])
        made = create_item(procedure, petugas, {
            "nomor": "31/Pid.B/2026/PN Cth", "jenis_perkara": "pidana",
            "amar": "Menyatakan terdakwa terbukti bersalah melakukan pencurian.",
        })
        assert made.item is not None
        assert perform(made.item.pk, petugas, HandIn()).ok
        item = Item.objects.get(pk=made.item.pk)

        page = new_phone(browser)
        page.goto(f"{live_server.url}/kerja/{org.slug}/konten/{item.pk}/")
        page.get_by_label("Nama pengguna").fill(panmud.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(item.title)
        expect(page.get_by_text("Konten akan dikembalikan ke langkah 3. Memperbaiki "
                                "anonimisasi putusan perkara pidana")).to_be_visible()
        page.get_by_label(re.compile("Tanggapan tertulis \\(wajib untuk «Kembalikan»")).fill(
            "Nama saksi korban di halaman 3 belum dianonimkan.")
        accessible(page, "kepaniteraan-01-kembalikan")
        page.get_by_role("button", name="Kembalikan", exact=True).tap()
        expect(page.get_by_role("region", name="Alur SOP").locator("[aria-current=step]")
               ).to_contain_text("Kepaniteraan Pidana (pihak luar, melalui tautan)")
        page.context.close()

        deliveries = Delivery.objects.filter(notification__item=item,
                                             notification__user__outside_party__isnull=False)
        assert [d.notification.user.email for d in deliveries] == ["pidana@pn-contoh.go.id"]
        assert dispatch.send(deliveries.get().pk) == "sent"
        (mail,) = server.mailbox.to("pidana@pn-contoh.go.id")
        assert not server.mailbox.to("perdata@pn-contoh.go.id")
        found = LINK.search(mail.text)
        assert found, mail.text

        office = new_phone(browser)
        office.goto(found.group(0))
        expect(office.get_by_role("heading", level=1)).to_have_text(item.title)
        asked = office.get_by_role("region", name="Yang diminta dari Anda")
        expect(asked).to_contain_text("Nama saksi korban di halaman 3 belum dianonimkan.")
        accessible(office, "kepaniteraan-02-tautan-dibuka")
        office.get_by_label(re.compile("Jawaban tertulis Anda")).fill(FIXED)
        office.get_by_role("button", name="Selesai").tap()
        expect(office.get_by_role("heading", level=1)).to_have_text("Jawaban tercatat")
        accessible(office, "kepaniteraan-03-jawaban-tercatat")
        office.context.close()
        item.refresh_from_db()
        assert item.step == "periksa"
    finally:
        server.stop()
