"""A field officer opens an item that was sent back (from the "Dikembalikan" message): the
written response that sent it back is the first thing under the item's title, before its
facts, the buttons and the content — not five phone screens down in the list of written
responses."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import HandIn, SendBack
from tayang.items.workflow import perform

from .world import World, make_world, ready_item

pytestmark = pytest.mark.django_db

RESPONSE = "Foto kurang tajam dan caption belum menyebut tempat kegiatan.\nMohon diperbaiki."
NOTE = re.compile(r'<section class="notice" id="sent-back".*?</section>', re.S)


@pytest.fixture
def world(db) -> World:
    world = make_world("gunungkidul", "dpmptsp-gunungkidul")
    reviewer = world.holder("tim_pertimbangan")
    reviewer.first_name, reviewer.last_name = "Budi", "Santoso"
    reviewer.save()
    return world


def page_of(world: World, user, pk: int) -> str:
    client = Client()
    client.force_login(user)
    url = reverse("workspace:item", kwargs={"org": world.slug, "pk": pk})
    return client.get(url).content.decode()


def test_the_response_that_sent_it_back_comes_first(world):
    author = world.holder("tim_pelaksana")
    item = ready_item(world)
    assert perform(item.pk, author, HandIn()).ok
    assert perform(item.pk, world.holder("tim_pertimbangan"), SendBack(RESPONSE)).ok

    page = page_of(world, author, item.pk)
    [note] = NOTE.findall(page)
    assert "<h2 id=\"sent-back-heading\">Dikembalikan untuk diperbaiki</h2>" in note
    assert "Foto kurang tajam dan caption belum menyebut tempat kegiatan.<br>Mohon diperbaiki." \
        in note
    assert re.search(r"Langkah 2 — Tim Pertimbangan Pelayanan Informasi \(Budi Santoso\), "
                     r"<time datetime=\"[^\"]+\">\d+ \w+ \d{4} \d\d\.\d\d WIB</time>", note), note
    # Right under the title: above the facts, the buttons and the content.
    assert page.index("<h1>") < page.index('id="sent-back"') < page.index('class="facts"') \
        < page.index('id="actions-heading"') < page.index('id="content-heading"')

    # Handed in again: it no longer waits because of that response; the note is gone (the
    # response stays in the list of written responses, with its letter).
    assert perform(item.pk, author, HandIn()).ok
    page = page_of(world, world.holder("tim_pertimbangan"), item.pk)
    assert 'id="sent-back"' not in page
    assert "Foto kurang tajam" in page


def test_an_item_never_sent_back_has_no_note(world):
    author = world.holder("tim_pelaksana")
    item = ready_item(world)
    assert perform(item.pk, author, HandIn()).ok
    assert 'id="sent-back"' not in page_of(world, world.holder("tim_pertimbangan"), item.pk)
