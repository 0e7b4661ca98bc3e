"""Two-factor sign-in on a phone, in real Chromium: switch it on from the profile page by
typing the key into an "authenticator" (the test computes codes from the key shown, as an
app would), then sign in again with the password and a code; a wrong code is refused."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tayang.accounts import totp
from tayang.demo.organizations import demo_username

from .pages import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _fill_sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _next_code(secret: str, used: str = "") -> str:
    """The app's current code; a fresh one if the current one was just used."""
    code = totp.code_at(secret, time.time())
    while code == used:
        time.sleep(1)
        code = totp.code_at(secret, time.time())
    return code


def test_signing_in_with_an_authenticator_code_on_a_phone(demo_site, browser):
    site = demo_site("dinsos-diy")
    username = demo_username(site.demo, "kelola")
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="id-ID", timezone_id="Asia/Jakarta")
    page = context.new_page()
    try:
        _fill_sign_in(page, site.base_url, username)
        # Signing in lands in one's only workspace (issue 15), not on the start page.
        page.wait_for_url(re.compile(rf"^{re.escape(site.base_url)}/(kerja|profil)/"))
        name = get_user_model().objects.get(username=username).get_full_name()
        page.get_by_role("link", name=name).click()  # the person's name links to Profil
        expect(page.get_by_role("heading", level=1)).to_have_text("Profil")
        page.get_by_role("link", name="Aktifkan verifikasi dua langkah").click()
        expect(page.locator("figure.qr svg")).to_be_visible()
        secret = page.locator("#kunci-totp").inner_text().replace(" ", "")
        page.screenshot(path=str(SHOTS / "2fa-setup-phone.png"), full_page=True)
        first = _next_code(secret)
        page.get_by_label("Kode verifikasi").fill(first)
        page.get_by_role("button", name="Aktifkan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kode pemulihan")
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        page.get_by_role("link", name="Sudah saya simpan").click()
        expect(page.get_by_text("Verifikasi dua langkah: aktif")).to_be_visible()
        page.get_by_role("button", name="Keluar").click()

        # Signing in again: the password leads to the code, not into the workspace.
        _fill_sign_in(page, site.base_url, username)
        expect(page.get_by_role("heading", level=1)).to_have_text("Kode verifikasi")
        page.get_by_label("Kode verifikasi").fill("000000")
        page.get_by_role("button", name="Verifikasi").click()
        expect(page.get_by_text("Kode salah atau sudah dipakai")).to_be_visible()
        page.get_by_label("Kode verifikasi").fill(_next_code(secret, used=first))
        page.screenshot(path=str(SHOTS / "2fa-code-phone.png"), full_page=True)
        page.get_by_role("button", name="Verifikasi").click()
        page.wait_for_url(site.url())  # the workspace, straight after the code
        expect(page.get_by_role("heading", level=1)).to_have_text("Kotak masuk")
        # Nothing overflows the phone's width.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        # Kelola › Keamanan lists who has 2FA; Kelola › Riwayat is the audit history.
        page.goto(site.url("kelola/keamanan/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Keamanan")
        expect(page.get_by_role("row", name=re.compile(f"{re.escape(username)} Aktif"))) \
            .to_be_visible()
        page.screenshot(path=str(SHOTS / "security-phone.png"), full_page=True)
        page.goto(site.url("kelola/anggota/"))
        page.get_by_label("Nama pengguna akun yang diundang").fill("bantul.kelola")
        page.get_by_role("button", name="Kirim undangan").click()
        expect(page.get_by_text("Undangan untuk «bantul.kelola» dicatat")).to_be_visible()
        page.screenshot(path=str(SHOTS / "members-phone.png"), full_page=True)
        page.goto(site.url("kelola/riwayat/"))
        expect(page.get_by_role("cell", name="Undangan dikirim")).to_be_visible()
    finally:
        context.close()
