"""Notifications in a real browser on a phone: the unread count in the header, the list.

The demo organization of seed C is built as ``make run`` builds it: its sample items have
announced themselves to its people (in the workspace; by e-mail to files). The Kepala Dinas,
on a phone, sees how many are unread in the header of every page, opens the list, opens the
one about an item waiting for them, lands on that item, and the count goes down by one.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tayang.notify.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def test_the_unread_count_shows_in_the_header_and_the_list_opens(demo_site, tmp_path):
    site = demo_site("dinsos-diy")
    unread = Notification.objects.filter(user__username="diy.kepala_dinas",
                                         read_at__isnull=True)
    count = unread.count()
    assert count >= 2
    with site.signed_in("kepala_dinas", viewport=PHONE, mobile=True) as page:
        link = page.get_by_role("link", name=f"Pemberitahuan, {count} belum dibaca")
        badge = link.locator(".badge-unread")
        expect(badge).to_be_visible()
        expect(badge).to_have_text(str(count))
        box = badge.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        page.screenshot(path=str(tmp_path / "header.png"))
        link.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Pemberitahuan")
        entries = page.locator(".notification")
        expect(entries.first).to_be_visible()
        assert entries.count() == Notification.objects.filter(
            user__username="diy.kepala_dinas").count()
        expect(entries.first.locator("time")).to_contain_text("WIB")
        page.screenshot(path=str(tmp_path / "list.png"), full_page=True)
        first = page.locator(".notification.unread .notification-title a").first
        title = first.inner_text()
        first.click()
        expect(page).to_have_url(re.compile(r"/kerja/dinsos-diy/konten/\d+/$"))
        item_title = title.split(": ", 1)[1]
        expect(page.get_by_role("heading", level=1)).to_contain_text(item_title)
        after = page.get_by_role("link", name=f"Pemberitahuan, {count - 1} belum dibaca")
        expect(after.locator(".badge-unread")).to_be_visible()


def test_choosing_quiet_hours_and_a_digest_on_a_phone(demo_site, tmp_path):
    site = demo_site("dinsos-diy")
    with site.signed_in("kepala_dinas", viewport=PHONE, mobile=True) as page:
        page.get_by_role("link", name=re.compile(r"^Pemberitahuan")).click()
        page.get_by_role("link", name="Atur pemberitahuan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Pengaturan pemberitahuan")
        page.get_by_label("Jam tenang mulai").fill("22:00")
        page.get_by_role("checkbox", name="Kirim ringkasan harian").check()
        page.get_by_label("Jam ringkasan harian").select_option("23")
        page.get_by_role("button", name="Simpan pengaturan").click()
        expect(page.get_by_role("alert").first).to_have_text(
            "Pengaturan belum disimpan: periksa isian yang ditandai.")
        expect(page.get_by_text("Jam itu jatuh pada jam tenang Anda (22.00–06.00); pilih jam "
                                "lain.")).to_be_visible()
        page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
        page.get_by_label("Jam ringkasan harian").select_option("7")
        page.get_by_role("button", name="Simpan pengaturan").click()
        expect(page.get_by_role("status").first).to_contain_text(
            "Pengaturan pemberitahuan disimpan.")
        expect(page.get_by_label("Jam tenang mulai")).to_have_value("22:00")
        page.screenshot(path=str(tmp_path / "preferences.png"), full_page=True)
