"""What is coming and who has it, on a phone (issue 10, points 4 and 5): the inbox's time left
and its overdue filter, *Saya tangani* seen by the other holder of the role, and the admin's
*Terlambat* page with who holds each item. axe-core on every page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tayang.items.models import Item
from tayang.orgs.models import Membership
from tayang.procedures.models import RoleGrant

from .pages import expect_fits_screen, expect_message, expect_touch_target, open_waiting
from .phones import PHONE, accessible, phone, watch

pytestmark = pytest.mark.django_db(transaction=True)

ORG = "dinsos-diy"


def test_taking_an_item_and_the_overdue_page_on_a_phone(demo_site, browser):
    site = demo_site(ORG)
    item = Item.objects.get(organization__slug=ORG, step="filter_pimpinan_unit")
    # A second Sekretaris / Ka. Bidang / Ka. Balai: the Ka. Bidang.
    kabid = get_user_model().objects.create_user("diy.kabid", password="tayang-demo",
                                                 first_name="Ka. Bidang Perlindungan")
    membership = Membership.objects.create(organization=item.organization, user=kabid)
    RoleGrant.objects.create(membership=membership, procedure=item.procedure,
                             role_key="pimpinan_unit")

    with site.signed_in("pimpinan_unit", viewport=PHONE, mobile=True) as page:
        watch(page)
        waiting = page.get_by_role("region", name=re.compile(r"^Menunggu tindakan saya"))
        expect(waiting.locator(".time-left").first).to_have_text(
            re.compile(r"^(Terlambat|Lewat target|Target|\d).*"))
        accessible(page, "20-kotak-masuk")
        page.get_by_role("link", name="Hanya yang terlambat").tap()
        expect(page.get_by_role("link", name="Hanya yang terlambat")).to_have_attribute(
            "aria-current", "page")
        accessible(page, "21-kotak-masuk-terlambat")
        open_waiting(page, item.title)
        take = page.get_by_role("button", name="Saya tangani")
        expect_touch_target(take)
        take.tap()
        expect_message(page, "Anda menangani konten ini.")
        expect(page.get_by_role("region", name="Penanganan")).to_contain_text(
            "Anda menangani konten ini")
        accessible(page, "22-saya-tangani")

    with phone(browser, site, "diy.kabid") as page:
        row = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=item.title))
        taker = get_user_model().objects.get(username="diy.pimpinan_unit").get_full_name()
        expect(row).to_contain_text(f"Ditangani oleh {taker}")
        open_waiting(page, item.title)
        expect(page.get_by_role("button", name="Saya tangani")).to_have_count(0)
        expect_fits_screen(page)

    with phone(browser, site, "diy.kelola") as page:
        page.get_by_role("link", name="Terlambat", exact=True).tap()
        expect(page.get_by_role("heading", level=1)).to_have_text("Konten terlambat")
        rows = page.get_by_role("region", name=re.compile(r"^Melewati batas waktu"))
        expect(rows.get_by_role("listitem").first).to_contain_text("Terlambat")
        accessible(page, "23-terlambat")
        page.get_by_role("link", name=item.title).first.tap()
        handover = page.get_by_role("region", name="Penanganan")
        handover.get_by_label("Serahkan penanganan kepada").select_option(label=kabid.first_name)
        handover.get_by_role("button", name="Serahkan").tap()
        expect_message(page, f"Konten ini sekarang ditangani oleh {kabid.first_name}.")
        accessible(page, "24-diserahkan")
    item.refresh_from_db()
    assert item.taken_by == kabid
