"""*Terlambat* (issue 10, point 4): the organization's admin sees every overdue item on one
page, with who holds it and how late; nobody else does."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tayang.items import taking

from .decision_kit import seed_c_item, seed_c_world
from .world import add_person, drive, make_world, ready_item

pytestmark = pytest.mark.django_db

T = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08.00 WIB


def _page(user, slug: str):
    client = Client()
    client.force_login(user)
    return client.get(reverse("workspace:overdue", kwargs={"org": slug}))


def _rows(html: str) -> dict[str, str]:
    rows = re.findall(r'<li class="item-row is-overdue">(.*?)</li>', html, re.S)
    return {re.search(r"<strong>([^<]+)</strong>", row).group(1): re.sub(r"\s+", " ", row)
            for row in rows}


def test_the_admin_sees_every_overdue_item_with_who_holds_it_and_how_late(monkeypatch):
    world = seed_c_world()
    kabid = add_person(world.org, "diy.kabid", world.procedure, ("pimpinan_unit",))
    # Step 5 (Kepala Dinas, "1 jam"), step 4 taken by the Kabid ("2 jam"), step 3 ("1-3 jam"),
    # a draft still being collected ("1 hari"), and one on time.
    seed_c_item(world, "Kebijakan terlambat", now=T)
    taken = seed_c_item(world, "Berita ditangani", target="filter_pimpinan_unit", now=T)
    assert taking.take(taken.pk, kabid, expected_version=taken.version, expected_holder=None,
                       now=T + timedelta(minutes=30)).done
    seed_c_item(world, "Berita di penyuntingan", target="sunting", now=T)
    seed_c_item(world, "Bahan masih dikumpulkan", target="kumpulkan", now=T)
    seed_c_item(world, "Berita baru", target="sunting", now=T + timedelta(days=2))
    other = make_world("gunungkidul", "dpmptsp-gunungkidul")
    drive(other, ready_item(other, "Konten organisasi lain", now=T), "terima", now=T)
    monkeypatch.setattr(timezone, "now", lambda: T + timedelta(days=2, hours=1))

    response = _page(world.admin, world.slug)

    assert response.status_code == 200
    html = response.content.decode()
    rows = _rows(html)
    assert set(rows) == {"Kebijakan terlambat", "Berita ditangani", "Berita di penyuntingan",
                         "Bahan masih dikumpulkan"}
    assert "Melewati batas waktu <span class=\"count\">(4)</span>" in html
    # Most overdue first: the one-hour step of the Kepala Dinas.
    assert list(rows) == ["Kebijakan terlambat", "Berita ditangani", "Berita di penyuntingan",
                          "Bahan masih dikumpulkan"]
    assert ">Terlambat 2 hari</strong>" in rows["Kebijakan terlambat"]
    assert ">Terlambat 1 hari 22 jam</strong>" in rows["Berita di penyuntingan"]
    assert "Kepala Dinas: Kepala Dinas" in rows["Kebijakan terlambat"]
    assert "Ditangani Kabid sejak 2 Mar 2026 08.30 WIB" in rows["Berita ditangani"]
    assert ("Sekretaris, Ka. Bidang, Ka. Balai: Kabid, Pimpinan Unit"
            not in rows["Berita ditangani"])
    assert "Admin Sekretariat, Bidang, Balai: Admin" in rows["Berita di penyuntingan"]
    assert "Pembuat: Kontributor" in rows["Bahan masih dikumpulkan"]
    assert "Langkah 5:" in rows["Kebijakan terlambat"]
    assert "Batas: Senin, 2 Mar 2026, pukul 09.00 WIB" in rows["Kebijakan terlambat"]


def test_a_role_nobody_holds_is_said_so(monkeypatch):
    world = seed_c_world()
    seed_c_item(world, "Kebijakan tanpa kepala", now=T)
    world.holder("kepala_dinas").memberships.update(is_active=False)
    monkeypatch.setattr(timezone, "now", lambda: T + timedelta(days=1))
    rows = _rows(_page(world.admin, world.slug).content.decode())
    assert "Kepala Dinas: belum ada anggota yang memegang peran ini" in rows[
        "Kebijakan tanpa kepala"]


def test_only_the_admins_see_the_page_and_its_link():
    world = seed_c_world()
    assert _page(world.holder("kepala_dinas"), world.slug).status_code == 404
    member = Client()
    member.force_login(world.holder("kepala_dinas"))
    inbox = member.get(reverse("workspace:inbox", kwargs={"org": world.slug})).content.decode()
    overdue = reverse("workspace:overdue", kwargs={"org": world.slug})
    assert overdue not in inbox
    admin = Client()
    admin.force_login(world.admin)
    inbox = admin.get(reverse("workspace:inbox", kwargs={"org": world.slug})).content.decode()
    assert f'href="{overdue}">Terlambat</a>' in inbox
    assert "Tidak ada konten yang terlambat." in _page(world.admin, world.slug).content.decode()
