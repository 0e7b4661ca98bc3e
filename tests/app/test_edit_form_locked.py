"""The edit form's POST, checked and saved from the item as the action reads it, locked
(``workflow.lock``, issue 16): what it answers is what it answered when it read the item
first and the action read it again."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import HandIn
from tayang.items.models import Item
from tayang.items.workflow import perform

from .world import World, make_world, ready_item, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


def edit_url(world: World, pk: int) -> str:
    return reverse("workspace:item-edit", kwargs={"org": world.slug, "pk": pk})


def sent(item: Item, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {key: value for key, value in item.values.items()
                               if isinstance(value, str)}
    data["version"] = item.version
    for entry in item.values["media"]:
        data[f"media__present__{entry['id']}"] = "1"
        data[f"media__keep__{entry['id']}"] = "on"
        data[f"media__alt__{entry['id']}"] = entry["alt"]
    return {**data, **changes}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_saved_edit(world):
    item = ready_item(world)
    response = login(item.created_by).post(edit_url(world, item.pk),
                                           sent(item, place="Aula Kapanewon"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.values["place"] == "Aula Kapanewon"
    assert item.revisions.count() == 3


def test_an_edit_of_an_older_version_is_refused_and_shown_again(world):
    item = ready_item(world)
    before = snapshot(item)
    response = login(item.created_by).post(
        edit_url(world, item.pk), sent(item, place="Aula Kapanewon", version=item.version - 1))
    assert response.status_code == 422
    assert "baru saja diproses oleh orang lain" in response.content.decode()
    assert 'value="Aula Kapanewon"' in response.content.decode()  # what was typed, kept
    assert snapshot(item) == before


def test_someone_who_may_not_edit_is_sent_to_the_item_page(world):
    item = ready_item(world)
    assert perform(item.pk, item.created_by, HandIn()).ok
    item.refresh_from_db()
    before = snapshot(item)
    response = login(item.created_by).post(edit_url(world, item.pk),
                                           sent(item, place="Aula Kapanewon"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/konten/{item.pk}/")
    assert snapshot(item) == before


def test_another_organizations_item_is_not_found(world):
    item = ready_item(world)
    other = make_world("sleman", "dpmptsp-sleman")
    someone = other.holder(other.sop.first_step.roles[0])
    response = login(someone).post(
        reverse("workspace:item-edit", kwargs={"org": other.slug, "pk": item.pk}), sent(item))
    assert response.status_code == 404
