"""A seed D organization and its announcements, for the accessible-format tests."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser

from tayang.engine.actions import Edit, HandIn
from tayang.items.models import Item
from tayang.items.workflow import perform
from tests.app.world import World, make_world, pdf_bytes, upload

SEED_D = "kalteng-disperindag-pengumuman-informasi"
TITLE = "Pengumuman HET minyak goreng"
TEXT = (
    "PPID Kab. Kotawaringin Barat mengundang warga pada 6 Desember 2026 pukul 09.00 WIB "
    "di Aula Dinas. Harga eceran tertinggi minyak goreng curah Rp15.700 per liter.\n"
    "Rapat PPID pada 6 Desember 2026."
)
PLAIN_LANGUAGE = (
    "Wajib menggunakan Bahasa Indonesia yang baik dan benar; mudah dipahami; mempertimbangkan "
    "penggunaan bahasa yang digunakan penduduk setempat."
)


def seed_d_world() -> World:
    return make_world("kalteng", "disperindag-kalteng", SEED_D)


def handed_in_announcement(world: World, text: str = TEXT, title: str = TITLE) -> Item:
    author: AbstractUser = world.holder("ppid_pelaksana")
    from tayang.items.workflow import create_item

    created = create_item(world.procedure, author, {
        "title": title, "konten": text, "dip_entry": "DIP-2026-003",
    })
    assert created.ok, created.message
    item = created.item
    assert item is not None
    document = upload(item, "dokumen", author, "sk-het.pdf", pdf_bytes())
    done = perform(item.pk, author, Edit({"dokumen": [{"id": document.pk, "alt": "SK HET"}]}))
    assert done.ok, done.message
    done = perform(item.pk, author, HandIn(frozenset({PLAIN_LANGUAGE})))
    assert done.ok, done.message
    item.refresh_from_db()
    return item
