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
