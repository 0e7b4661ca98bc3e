"""A date field reads as Indonesians write a date ("2 Maret 2026"), on the item page and on
the page an official decides from — not as it is stored ("2026-03-02")."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from .decision_kit import (
    KEPALA,
    Phone,
    link_for,
    seed_c_item,
    seed_c_world,
    text,
    with_pin,
)

pytestmark = pytest.mark.django_db


def test_the_activity_date_in_words_on_the_item_page_and_the_link_page():
    world = seed_c_world()
    item = seed_c_item(world)  # activity_date 2026-03-02
    kepala = with_pin(world.holder(KEPALA))

    client = Client()
    client.force_login(kepala)
    page = text(client.get(reverse("workspace:item", kwargs={"org": world.slug, "pk": item.pk})))
    assert "2 Maret 2026" in page and "2026-03-02" not in page

    decide = text(Phone().unlocked(link_for(kepala, item)).content())
    assert "2 Maret 2026" in decide and "2026-03-02" not in decide
