"""A route changed on the item page and decided with the step's own button is the route taken
(issue 12, point 11: never silently the stored one)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import HandIn
from tayang.items.models import Item
from tayang.items.workflow import create_item, perform
from tayang.orgs.models import Organization
from tayang.procedures.services import add_definition

from .world import add_person

DEFINITION = """
tayang: 1
key: rute-contoh
identity: {organization: Dinas Contoh, name: Publikasi berjenjang}
roles:
  - {key: staf, name: Staf}
  - {key: kabid, name: Kepala Bidang}
  - {key: kadis, name: Kepala Dinas}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
  - key: jenis
    label: Jenis informasi
    kind: choice
    choices: {rutin: Kegiatan rutin, kebijakan: Kebijakan}
steps:
  - {key: serahkan, activity: Menyerahkan, kind: handin, roles: [staf]}
  - {key: pilah, activity: Memilah, kind: decision, roles: [kabid], reject: serahkan,
     chooses: [jenis]}
  - {key: putuskan, activity: Memutuskan kebijakan, kind: decision, roles: [kadis],
     reject: pilah, when: {field: jenis, in: [kebijakan]}}
  - {key: tayangkan, activity: Menayangkan, kind: publish, roles: [staf, kabid]}
"""


@pytest.fixture
def world(db):
    org = Organization.objects.create(slug="dinas-rute", name="Dinas Rute", short_name="Rute")
    procedure, _ = add_definition(org, DEFINITION, "rute.yaml", None)
    people = {role: add_person(org, f"rute.{role}", procedure, (role,))
              for role in ("staf", "kabid", "kadis")}
    result = create_item(procedure, people["staf"], {"judul": "Rapat koordinasi"})
    assert perform(result.item.pk, people["staf"], HandIn()).ok
    item = Item.objects.get(pk=result.item.pk)
    return org, people, item


def _post(client: Client, item: Item, action: str, data: dict) -> object:
    url = reverse("workspace:item-act",
                  kwargs={"org": item.organization.slug, "pk": item.pk, "action": action})
    return client.post(url, {"version": item.version, **data})


def test_the_accept_button_decides_with_the_route_shown_as_selected(world):
    _, people, item = world
    client = Client()
    client.force_login(people["kabid"])
    page = client.get(reverse("workspace:item", kwargs={"org": item.organization.slug,
                                                         "pk": item.pk})).content.decode()
    # The selector sits inside the accepting form, beside its own "Simpan rute" button.
    approve_form = page.split('tindakan/approve/"')[1].split("</form>")[0]
    assert 'name="route__jenis"' in approve_form and "Simpan rute" in approve_form
    response = _post(client, item, "approve", {"route__jenis": "kebijakan"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.step, item.values["jenis"]) == ("putuskan", "kebijakan")
    assert item.log.filter(outcome="approved").get().detail == "Rute Jenis informasi: Kebijakan"


def test_saving_the_route_alone_still_works(world):
    _, people, item = world
    client = Client()
    client.force_login(people["kabid"])
    response = _post(client, item, "choose_route", {"field": "jenis", "route__jenis": "rutin"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.step, item.values["jenis"]) == ("pilah", "rutin")


def test_a_route_that_is_not_a_choice_refuses_and_changes_nothing(world):
    _, people, item = world
    client = Client()
    client.force_login(people["kabid"])
    version = item.version
    response = _post(client, item, "approve", {"route__jenis": "rahasia"})
    assert response.status_code == 422
    assert "Pilihan «rahasia» tidak dikenal" in response.content.decode()
    item.refresh_from_db()
    assert (item.step, item.version, item.values.get("jenis")) == ("pilah", version, None)
