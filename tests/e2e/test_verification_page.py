"""The verification page of a printed record, on a phone, as someone who scanned its QR code:
no sign-in, in Indonesian, no axe-core violation, and it says plainly whether the content has
changed — before and after the approved content is edited."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tayang.engine.actions import Edit
from tayang.items.models import Approval, Item
from tayang.public.addresses import canonical_url
from tayang.records.approvals import approval_record, issue_verification
from tests.app.world import act

from .phones import accessible, phone

pytestmark = pytest.mark.django_db(transaction=True)

ORG = "dpmptsp-gunungkidul"


def test_a_scanned_approval_record_before_and_after_an_edit(demo_site, browser, settings):
    site = demo_site(ORG)
    approval = (Approval.objects.filter(item__organization__slug=ORG)
                .select_related("item__organization", "approver").first())
    assert approval is not None, "the demo has approved items"
    item = approval.item
    record = issue_verification(approval_record(approval),
                                today=timezone.localdate(timezone=item.organization.zone))
    # The QR code carries the organization's canonical public address; the live server
    # answers the same path.
    canonical = canonical_url(item.organization, "public:verification", code=record.code)
    path = canonical.split("://", 1)[1].split("/", 1)[1]
    url = f"{site.base_url}/{path}"
    with phone(browser, site) as page:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Verifikasi naskah")
        expect(page.get_by_role("status")).to_contain_text("Isi naskah tidak berubah.")
        expect(page.locator("meta[name=robots]")).to_have_attribute("content",
                                                                   "noindex, nofollow")
        expect(page.get_by_text(record.code)).to_be_visible()
        expect(page.locator(".site-logo")).to_be_visible()  # the organization's profile
        accessible(page, "verifikasi-sebelum")

        fresh = Item.objects.get(pk=item.pk)
        field = next(f.key for f in fresh.procedure_version.sop.fields
                     if isinstance(fresh.values.get(f.key), str) and fresh.values.get(f.key))
        changed = act(fresh, approval.approver,
                      Edit({field: f"{fresh.values[field]} (diperbaiki)"}))
        if not changed.ok:  # the approver may not edit at this step: write it as a correction
            Item.objects.filter(pk=item.pk).update(
                values={**fresh.values, field: f"{fresh.values[field]} (diperbaiki)"})

        page.reload()
        expect(page.get_by_role("status")).to_contain_text(
            "Isi naskah telah berubah sejak diterbitkan.")
        expect(page.get_by_text(record.content_hash)).to_be_visible()
        accessible(page, "verifikasi-sesudah")


def test_a_reviewer_issues_a_letter_on_a_phone_and_its_code_verifies(demo_site, browser):
    """The letter form and Kelola's profile page are axe-clean on a phone; the letter gets the
    year's next number and its verification page says it is unchanged."""
    from tayang.items.models import WrittenResponse
    from tayang.records.models import IssuedRecord, Letter
    from tayang.records.official_letters import issue_verification

    site = demo_site(ORG)
    response = (WrittenResponse.objects.filter(item__organization__slug=ORG)
                .select_related("author", "item").first())
    assert response is not None, "the demo has a written response"
    letter_url = site.url(f"konten/{response.item_id}/tanggapan/{response.pk}/surat/")
    with phone(browser, site, response.author.get_username()) as page:
        page.goto(letter_url)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Tanggapan sebagai surat dinas")
        accessible(page, "surat-formulir")
        page.get_by_label("Kepada (Yth.)").fill("Koordinator Tim Pelaksana\nBidang Pelayanan")
        page.get_by_label("NIP").fill("197001012000032001")
        page.get_by_role("button", name="Terbitkan surat").click()
        letter = Letter.objects.get(response=response)
        expect(page.get_by_text(f"Surat nomor {letter.number} diterbitkan.")).to_be_visible()
        accessible(page, "surat-terbit")
        page.goto(site.url("surat/"))
        expect(page.get_by_role("link", name=letter.number)).to_be_visible()
        accessible(page, "surat-keluar")

        record = issue_verification(letter)
        assert IssuedRecord.objects.filter(code=record.code).exists()
        page.goto(f"{site.base_url}/situs/{ORG}/verifikasi/{record.code}/")
        expect(page.get_by_role("status")).to_contain_text("Isi naskah tidak berubah.")
        expect(page.get_by_text(letter.number)).to_be_visible()
        accessible(page, "surat-verifikasi")

    with phone(browser, site, f"{ORG.split('-')[-1]}.kelola") as page:
        page.goto(site.url("kelola/profil/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Profil organisasi")
        accessible(page, "kelola-profil")
