"""How many queries the busiest requests make: each is a fixed number, whatever the data.

Guards the work of issue 16 (docs/performance.md): a list or an action that starts to query per
row, per SOP or per photo shows here long before a benchmark would notice.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tayang.demo.channels import build_channels
from tayang.items.models import Item
from tayang.sop.model import END

from .world import World, drive, make_world, ready_item

pytestmark = pytest.mark.django_db

ORG = "dpmptsp-gunungkidul"


@pytest.fixture
def world(db) -> World:
    made = make_world("gunungkidul", ORG)
    build_channels(made.org)  # the notice board and a manual channel, as the demo has
    return made


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": world.slug, **kwargs})


def publish(world: World, item: Item, client: Client | None = None):
    item.refresh_from_db()
    step = world.sop.step(item.step)
    return (client or login(world.holder("admin_medsos"))).post(
        url(world, "item-act", pk=item.pk, action="publish"),
        {"version": item.version,
         "confirmed": [r.text for r in step.requirements if r.is_checklist]},
    )


def test_probe(world):
    item = drive(world, ready_item(world), "unggah")
    client = login(world.holder("admin_medsos"))
    with CaptureQueriesContext(connection) as captured:
        response = publish(world, item, client)
    assert response.status_code == 302
    for q in captured.captured_queries:
        print(q["sql"][:300])
    print(len(captured.captured_queries))
