"""Seed A's Tim Pertimbangan answers in writing when it accepts, not only when it sends back.

"Tanggapan tertulis dari Tim Pertimbangan" is the output of steps 2, 3 and 4: the item page asks
the approver for it, refuses an approval without it, and keeps it as a written response with its
letter, like a send-back's.
"""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tayang.items.models import Item, WrittenResponse
from tayang.items.workflow import create_item

from .world import drive, make_world, ready_item

ANSWER = "Dokumentasi lengkap; narasi dan caption sudah sesuai kaidah 5W+1H."


@pytest.fixture
def world(db):
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def item_url(world, item: Item, name: str = "item", **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": world.slug, "pk": item.pk, **kwargs})


def approve(client: Client, world, item: Item, **data: str):
    item.refresh_from_db()
    return client.post(item_url(world, item, "item-act", action="approve"),
                       {"version": item.version, "note": "", **data})


def test_the_approve_form_asks_for_the_response_the_step_produces(world):
    item = drive(world, ready_item(world), "terima")
    page = client_of(world.holder("tim_pertimbangan")).get(item_url(world, item)).content
    form = re.search(r'<form method="post" action="[^"]*/tindakan/approve/">.*?</form>',
                     page.decode(), re.DOTALL)
    assert form is not None
    html = form.group(0)
    assert 'name="response"' in html and 'id="accept-response"' in html
    assert "required" in html and 'minlength="10"' in html
    assert "Tanggapan tertulis (wajib untuk «Terima»)" in html
    assert "(Tanggapan tertulis dari Tim Pertimbangan)" in html


def test_an_approval_without_its_response_is_refused_and_changes_nothing(world):
    item = drive(world, ready_item(world), "terima")
    version = item.version
    response = approve(client_of(world.holder("tim_pertimbangan")), world, item,
                       response="Oke.")
    assert response.status_code == 422
    page = response.content.decode()
    assert "Tanggapan tertulis wajib diisi untuk «Terima» (paling sedikit 10 karakter)" in page
    assert re.search(r'id="accept-response"[^>]*>Oke\.</textarea>', page)  # kept as typed
    item.refresh_from_db()
    assert (item.step, item.version) == ("terima", version)
    assert not WrittenResponse.objects.filter(item=item).exists()


def test_the_response_is_kept_shown_and_printed_as_a_letter(world):
    item = drive(world, ready_item(world), "terima")
    reviewer = client_of(world.holder("tim_pertimbangan"))
    assert approve(reviewer, world, item, response=ANSWER).status_code == 302
    item.refresh_from_db()
    assert item.step == "koreksi"
    written = WrittenResponse.objects.get(item=item)
    assert (written.kind, written.step, written.to_step, written.label, written.text) == (
        "accepted", "terima", "koreksi", "Terima", ANSWER
    )
    assert written.role == "tim_pertimbangan"
    assert item.approvals.filter(step="terima").exists()

    page = reviewer.get(item_url(world, item)).content.decode()
    section = page[page.index('id="responses-heading"'):]
    assert ANSWER in section and "Terima — " in section
    letter_url = item_url(world, item, "response-letter", response=written.pk)
    assert letter_url in section
    letter = reviewer.get(letter_url)
    text = re.sub(r"\s+", "", "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(letter.content)).pages))
    for words in ("TANGGAPAN TERTULIS", "Keputusan", "Terima", "Diteruskan ke",
                  "3. Mengontrol dan mengkoreksi", ANSWER):
        assert re.sub(r"\s+", "", words) in text, words
    assert "Dikembalikanke" not in text


def test_a_step_that_produces_none_asks_for_none(db):
    world = make_world("bantul", "disnakertrans-bantul", "bantul-disnakertrans-website-medsos")
    item = drive(world, _bantul_item(world), "pilah")
    page = client_of(world.holder("pengelola_website")).get(item_url(world, item)).content
    assert b'id="accept-response"' not in page


def _bantul_item(world) -> Item:
    result = create_item(world.procedure, world.holder("peliput"), {
        "title": "Pelatihan kerja bagi pencari kerja",
        "narasi_5w1h": {"apa": "Pelatihan", "siapa": "Pencari kerja", "kapan": "Senin",
                        "di_mana": "BLK Bantul", "mengapa": "Keterampilan",
                        "bagaimana": "Praktik"},
    })
    assert result.ok and result.item is not None, result.message
    return result.item
