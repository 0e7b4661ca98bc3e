"""Builders for the public-site tests: organizations with items published on their website.

Items are published through the workflow service exactly as people do it (``drive`` to the end
of SOP A), inside ``django_capture_on_commit_callbacks(execute=True)`` so that the task the
publication enqueues on commit runs, on Django's immediate task backend.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from django.test import Client
from PIL import Image, ImageDraw

from tayang.engine.actions import Edit
from tayang.items.models import Item
from tayang.items.workflow import perform
from tayang.media.models import MediaAsset
from tayang.orgs.models import Organization
from tayang.public.models import Article
from tayang.sop.model import END

from .world import World, drive, make_world, ready_item, upload

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
ORG = "dpmptsp-gunungkidul"
OTHER_ORG = "disnakertrans-bantul"

type Capture = Callable[..., AbstractContextManager[Any]]


def photo(size: tuple[int, int] = (1200, 800), color: tuple[int, int, int] = (40, 90, 150),
          orientation: int | None = None) -> bytes:
    """A JPEG with something drawn on it; ``orientation`` is written as its EXIF tag."""
    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0] // 4, size[1] // 4), fill=(250, 250, 250))
    exif = Image.Exif()
    exif[0x010F] = "Kamera Uji"  # Make
    if orientation is not None:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif.tobytes())
    return buffer.getvalue()


@dataclass
class Sites:
    """Two organizations running SOP A; items published through the workflow."""

    world: World
    other: World
    capture: Capture

    @property
    def org(self) -> Organization:
        return self.world.org

    def draft(self, title: str = "Sosialisasi layanan perizinan", *, world: World | None = None,
              photos: int = 5, big: bool = False, **values: object) -> Item:
        world = world or self.world
        item = ready_item(world, title, photos=0 if big else photos, **values)
        if big:  # photos large enough to get all three web sizes
            author = item.created_by
            entries = [
                {"id": upload(item, "media", author, f"besar-{n}.jpg",
                              photo(color=(30 * n, 90, 150))).pk,
                 "alt": f"Foto besar {n} dari kegiatan"}
                for n in range(1, photos + 1)
            ]
            assert perform(item.pk, author, Edit({"media": entries})).ok
            item.refresh_from_db()
        return item

    def publish(self, item: Item, *, world: World | None = None) -> Item:
        with self.capture(execute=True):
            drive(world or self.world, item, END)
        item.refresh_from_db()
        assert Article.objects.filter(item=item).exists()
        return item

    def published(self, title: str = "Sosialisasi layanan perizinan", **kwargs: Any) -> Item:
        world = kwargs.get("world")
        return self.publish(self.draft(title, **kwargs), world=world)


def make_sites(capture: Capture) -> Sites:
    return Sites(make_world("gunungkidul", ORG), make_world("bantul", OTHER_ORG), capture)


def site_url(path: str = "", org: str = ORG) -> str:
    return f"/situs/{org}/{path}"


def article_url(item: Item) -> str:
    article = Article.objects.get(item=item)
    return site_url(f"berita/{item.pk}/{article.slug}/", item.organization.slug)


def page(client: Client, url: str, **extra: Any) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def assets_of(item: Item) -> list[MediaAsset]:
    return list(MediaAsset.objects.filter(item=item).order_by("pk"))
