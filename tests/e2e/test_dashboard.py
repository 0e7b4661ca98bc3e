"""The dashboard and the evaluation report on a phone, as the Bantul admin uses them: the
demo's past weeks drawn as charts (Chart.js from Tayang itself, nothing from elsewhere), the
overdue item found and opened, the period switched (and typed the wrong way round), the
report with its numbers; axe-core finds nothing on either page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tayang.engine.state import Status
from tayang.items.models import Item

from .phones import accessible, phone

pytestmark = pytest.mark.django_db(transaction=True)

ORG = "disnakertrans-bantul"  # seed B: minute standards, so the demo's waiting items are late
ADMIN = "bantul.kelola"


def test_the_dashboard_on_a_phone(demo_site, browser):
    site = demo_site(ORG)
    now = timezone.now()
    oldest = (Item.objects.filter(organization__slug=ORG, status=Status.IN_PROGRESS,
                                  due_limit__lte=now).order_by("due_limit", "pk").first())
    assert oldest is not None, "the demo leaves items waiting past their limits"

    with phone(browser, site, ADMIN) as page:
        page.get_by_role("link", name="Dasbor").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor penerapan SOP")
        waiting = page.get_by_role("region", name="Menunggu sekarang")
        expect(waiting.get_by_role("link", name=oldest.title).first).to_be_visible()
        # Every chart drawn, each by Tayang's own copy of Chart.js.
        canvases = page.locator("canvas")
        assert canvases.count() >= 6
        page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length"
                               " === document.querySelectorAll('canvas').length")
        assert all(url.startswith(site.base_url) for url in page.requested), page.requested
        # The numbers of a chart, as a table: opened from the keyboard.
        summary = page.get_by_text("Tabel: Arus konten per minggu")
        summary.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("table", name="Arus konten per minggu (konten)")).to_be_visible()
        accessible(page, "dasbor-01-bawaan")

        # A period long before the demo: nothing done then, but what waits now still shows.
        today = now.astimezone(site_zone()).date()
        page.get_by_label("Dari tanggal").fill((today - timedelta(days=400)).isoformat())
        page.get_by_label("Sampai tanggal").fill((today - timedelta(days=300)).isoformat())
        page.get_by_role("button", name="Tampilkan").tap()
        expect(page.get_by_text("Belum ada langkah yang dikerjakan pada periode ini.")
               ).to_be_visible()
        expect(waiting.get_by_role("link", name=oldest.title).first).to_be_visible()
        accessible(page, "dasbor-02-periode-lampau")

        # The dates the wrong way round: told so in Indonesian, the default period shown.
        page.get_by_label("Dari tanggal").fill(today.isoformat())
        page.get_by_label("Sampai tanggal").fill((today - timedelta(days=30)).isoformat())
        page.get_by_role("button", name="Tampilkan").tap()
        expect(page.get_by_role("alert")).to_contain_text("Periode terbalik")
        expect(page.get_by_text("Belum ada langkah yang dikerjakan")).to_have_count(0)

        waiting.get_by_role("link", name=oldest.title).first.tap()
        expect(page.get_by_role("heading", level=1)).to_have_text(oldest.title)

        page.get_by_role("link", name="Evaluasi SOP").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Laporan Evaluasi Penerapan SOP")
        expect(page.get_by_role("region", name="Kepatuhan terhadap standar waktu")
               ).to_contain_text("%")
        sop = oldest.procedure_version.sop
        table = page.get_by_role("table", name=f"Langkah {sop.identity.name} dan hasilnya")
        for step in sop.steps:
            expect(table).to_contain_text(step.activity)
        accessible(page, "laporan-01")
        page.get_by_label("Kesimpulan", exact=True).fill("Langkah pilah sering melewati 30 menit.")
        page.get_by_label("Rekomendasi", exact=True).fill("Tambah petugas pemilah pada jam sibuk.")
        page.get_by_role("button", name="Simpan kesimpulan dan rekomendasi").tap()
        expect(page.get_by_role("status")).to_contain_text("disimpan")
        expect(page.get_by_label("Rekomendasi", exact=True)).to_have_value(
            "Tambah petugas pemilah pada jam sibuk.")
        accessible(page, "laporan-02-tersimpan")


def site_zone():
    from tayang.orgs.models import Organization

    return Organization.objects.get(slug=ORG).zone
