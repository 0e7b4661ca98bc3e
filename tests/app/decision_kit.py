"""Seed C items waiting for an official, PINs, and a phone that opens a decision link.

A :class:`Phone` is a test client that behaves as the link page does in a browser: it opens
``/putuskan/`` (the token stays in the fragment, which a browser never sends), posts the
token as the page's script does, then the PIN, then a decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tayang.decisions.links import issue_link
from tayang.decisions.pins import set_pin
from tayang.engine.actions import ChooseRoute, Edit
from tayang.items.models import Item
from tayang.items.workflow import perform

from .world import SOP_C, World, drive, make_world, new_item, upload

PIN = "472913"
KEPALA = "kepala_dinas"
KEPALA_STEP = "filter_kepala_dinas"
NARRATIVE_C = ("Dinas Sosial DIY menetapkan kebijakan baru penyaluran bantuan bagi lansia "
               "terlantar di lima kabupaten/kota.")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The link page's rate limits count per address, and every test client is 127.0.0.1."""
    cache.clear()
    yield
    cache.clear()


def seed_c_world(prefix: str = "diy", slug: str = "dinsos-diy", *,
                 zone: str = "Asia/Jakarta") -> World:
    return make_world(prefix, slug, SOP_C, zone=zone)


def seed_c_item(world: World, title: str = "Kebijakan penyaluran bantuan lansia", *,
                target: str = KEPALA_STEP, category: str = "kebijakan",
                now: datetime | None = None) -> Item:
    """A seed C item with a photo, at ``target`` on the route of ``category``."""
    item = new_item(world, title, activity_date="2026-03-02", naskah_berita=NARRATIVE_C,
                    now=now)
    author = item.created_by
    photo = upload(item, "gambar", author, "penyaluran.jpg")
    assert perform(item.pk, author, Edit({"gambar": [{"id": photo.pk,
                                                      "alt": "Petugas menyerahkan bantuan"}]}),
                   now=now).ok
    if target in ("kumpulkan", "serahkan", "sunting", "filter_pimpinan_unit"):
        return drive(world, item, target, now=now)
    drive(world, item, "filter_pimpinan_unit", now=now)
    assert perform(item.pk, world.holder("pimpinan_unit"), ChooseRoute("category", category),
                   now=now).ok
    return drive(world, item, target, now=now)


def with_pin(user: AbstractUser, pin: str = PIN) -> AbstractUser:
    set_pin(user, pin)
    return user


def token_of(url: str) -> str:
    """The token of a link address (its fragment), as the page's script reads it."""
    parts = urlsplit(url)
    assert parts.path == reverse("decisions:open"), url
    assert parts.fragment, url
    return parts.fragment


def link_for(user: AbstractUser, item: Item, step: str = KEPALA_STEP, **kwargs: object) -> str:
    url = issue_link(user, item, step, **kwargs)  # type: ignore[arg-type]
    assert url is not None, "a link was expected"
    return url


@dataclass
class Phone:
    """A browser on a phone, seen from the server: what it sends and what it gets."""

    client: Client = field(default_factory=Client)
    paths: list[str] = field(default_factory=list)  # every request line's path + query

    def _record(self, response: HttpResponse) -> HttpResponse:
        self.paths.append(response.wsgi_request.get_full_path())
        return response

    def get(self, url: str) -> HttpResponse:
        return self._record(self.client.get(url))

    def post(self, url: str, data: dict[str, object]) -> HttpResponse:
        return self._record(self.client.post(url, data))

    def open(self, url: str) -> HttpResponse:
        """Open the link: load ``/putuskan/``, post the fragment's token."""
        page = self.get(urlsplit(url).path)
        assert page.status_code == 200
        return self.post(reverse("decisions:open"), {"token": token_of(url)})

    def pin(self, pin: str = PIN) -> HttpResponse:
        return self.post(reverse("decisions:pin-check"), {"pin": pin})

    def content(self) -> HttpResponse:
        return self.get(reverse("decisions:decide"))

    def decide(self, action: str, **data: object) -> HttpResponse:
        return self.post(reverse("decisions:decide"), {"tindakan": action, **data})

    def unlocked(self, url: str, pin: str = PIN) -> Phone:
        opened = self.open(url)
        assert opened.status_code == 302, text(opened)
        assert opened["Location"] == reverse("decisions:pin-check")
        unlocked = self.pin(pin)
        assert unlocked.status_code == 302, text(unlocked)
        assert unlocked["Location"] == reverse("decisions:decide")
        return self


def text(response: HttpResponse) -> str:
    return response.content.decode()


def approve_by_link(world: World, item: Item, user: AbstractUser | None = None,
                    **data: object) -> HttpResponse:
    user = user or world.holder(KEPALA)
    phone = Phone().unlocked(link_for(user, item))
    return phone.decide("approve", **data)
