"""Taking an item (issue 10, point 5): *Saya tangani*, seen by the other holders of the role,
handed over or released by an admin, recorded in the history, and never a change of the
engine's rules."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import Approve, ChooseRoute
from tayang.items import taking
from tayang.items.models import Item, LogEntry
from tayang.items.workflow import perform
from tayang.procedures.models import RoleGrant

from .decision_kit import KEPALA, Phone, link_for, seed_c_item, seed_c_world, with_pin
from .test_concurrency import shared_db  # noqa: F401  (a fixture)
from .world import add_person, snapshot

CONFLICT_TAKEN = "Konten ini baru saja diambil: sekarang ditangani oleh"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world, name: str, item: Item) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": world.slug, "pk": item.pk})


def _said(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def _seen(item: Item) -> dict[str, Any]:
    item.refresh_from_db()
    return {"version": item.version, "holder": item.taken_by_id or ""}


@pytest.fixture
def world(db):
    world = seed_c_world()
    world.extra["kabid"] = add_person(world.org, "diy.kabid", world.procedure, ("pimpinan_unit",))
    return world


@pytest.fixture
def item(world):
    return seed_c_item(world, target="filter_pimpinan_unit")


def test_a_role_holder_takes_the_item_and_the_others_see_who_has_it(world, item):
    sekretaris, kabid = world.holder("pimpinan_unit"), world.extra["kabid"]
    version = item.version
    page = _client(sekretaris).get(_url(world, "item", item)).content.decode()
    assert "Saya tangani</button>" in page

    response = _client(sekretaris).post(_url(world, "item-take", item), _seen(item))

    assert response.status_code == 302
    assert "Anda menangani konten ini." in _said(response)
    item.refresh_from_db()
    assert item.taken_by == sekretaris and item.taken_at is not None
    assert item.version == version  # the engine's state is untouched
    entry = LogEntry.objects.get(item=item, action="take")
    assert entry.actor == sekretaris and entry.outcome == "taken"
    assert entry.role == "pimpinan_unit" and entry.step == "filter_pimpinan_unit"
    # The other holder of the role sees it in the inbox and on the item page.
    inbox = _client(kabid).get(reverse("workspace:inbox", kwargs={"org": world.slug}))
    assert "Ditangani oleh Pimpinan Unit" in inbox.content.decode()
    page = _client(kabid).get(_url(world, "item", item)).content.decode()
    assert re.search(r"<dt>Ditangani oleh</dt><dd>Pimpinan Unit \(sejak", page)
    assert "Saya tangani</button>" not in page
    mine = _client(sekretaris).get(reverse("workspace:inbox", kwargs={"org": world.slug}))
    assert "Ditangani oleh Anda" in mine.content.decode()
    history = _client(world.admin).get(_url(world, "item", item)).content.decode()
    assert "menangani konten ini (Saya tangani) pada langkah 4" in history


def test_any_holder_of_the_role_may_still_act_and_the_next_step_starts_afresh(world, item):
    sekretaris, kabid = world.holder("pimpinan_unit"), world.extra["kabid"]
    assert taking.take(item.pk, sekretaris, expected_version=item.version,
                       expected_holder=None).done
    assert perform(item.pk, kabid, ChooseRoute("category", "kebijakan")).ok
    item.refresh_from_db()
    assert item.taken_by == sekretaris  # the same step: still taken
    assert perform(item.pk, kabid, Approve()).ok
    item.refresh_from_db()
    assert item.step == "filter_kepala_dinas" and item.taken_by is None and item.taken_at is None


def test_a_decision_link_keeps_working_when_someone_takes_the_item(world):
    item = seed_c_item(world)
    kepala = with_pin(world.holder(KEPALA))
    url = link_for(kepala, item)
    other = add_person(world.org, "diy.wakil_kepala", world.procedure, (KEPALA,))
    assert taking.take(item.pk, other, expected_version=item.version, expected_holder=None).done
    assert Phone().unlocked(url).decide("approve").status_code == 302


@pytest.mark.parametrize(("who", "message"), [
    ("kontributor", "Langkah 4 hanya dapat ditangani oleh Sekretaris, Ka. Bidang, Ka. Balai."),
    ("kepala_dinas", "Langkah 4 hanya dapat ditangani oleh"),
])
def test_someone_without_the_role_cannot_take(world, item, who, message):
    before = snapshot(item)
    response = _client(world.holder(who)).post(_url(world, "item-take", item), _seen(item))
    assert message in _said(response)
    assert snapshot(item) == before
    assert Item.objects.get(pk=item.pk).taken_by is None


def test_a_draft_cannot_be_taken(world):
    draft = seed_c_item(world, "Draf kontributor", target="serahkan")
    result = taking.take(draft.pk, world.holder("kontributor"), expected_version=draft.version,
                         expected_holder=None)
    assert not result.done
    assert "tidak sedang menunggu di langkah yang dapat ditangani" in result.message


def test_separation_of_duties_applies_to_taking(world):
    """The Sekretaris who also holds the Kepala Dinas role and approved step 4 cannot take 5."""
    sekretaris = world.holder("pimpinan_unit")
    RoleGrant.objects.create(membership=sekretaris.memberships.get(), procedure=world.procedure,
                             role_key=KEPALA)
    item = seed_c_item(world, target="filter_pimpinan_unit")
    assert perform(item.pk, sekretaris, ChooseRoute("category", "kebijakan")).ok
    assert perform(item.pk, sekretaris, Approve()).ok
    item.refresh_from_db()
    result = taking.take(item.pk, sekretaris, expected_version=item.version,
                         expected_holder=None)
    assert not result.done and "satu orang tidak memberi dua persetujuan" in result.message
    assert sekretaris.pk not in [p.pk for p in taking.candidates(item)]


def test_a_taken_item_is_not_taken_again_and_a_stale_page_is_told(world, item):
    sekretaris, kabid = world.holder("pimpinan_unit"), world.extra["kabid"]
    stale = _seen(item)
    _client(sekretaris).post(_url(world, "item-take", item), stale)
    before = snapshot(item)

    response = _client(kabid).post(_url(world, "item-take", item), stale)
    assert f"{CONFLICT_TAKEN} Pimpinan Unit." in _said(response)
    response = _client(kabid).post(_url(world, "item-take", item), _seen(item))
    assert "Konten ini sudah ditangani oleh Pimpinan Unit." in _said(response)
    assert Item.objects.get(pk=item.pk).taken_by == sekretaris
    assert snapshot(item) == before
    assert LogEntry.objects.filter(item=item, action="take").count() == 1


def test_a_page_from_before_the_item_moved_takes_nothing(world, item):
    seen = _seen(item)
    assert perform(item.pk, world.extra["kabid"], ChooseRoute("category", "kebijakan")).ok
    response = _client(world.holder("pimpinan_unit")).post(_url(world, "item-take", item), seen)
    assert taking.MOVED in _said(response)
    assert Item.objects.get(pk=item.pk).taken_by is None
    response = _client(world.holder("pimpinan_unit")).post(_url(world, "item-take", item),
                                                            {"holder": ""})
    assert "Muat ulang halaman" in _said(response)


def test_the_taker_releases_and_others_may_not(world, item):
    sekretaris, kabid = world.holder("pimpinan_unit"), world.extra["kabid"]
    _client(sekretaris).post(_url(world, "item-take", item), _seen(item))
    response = _client(kabid).post(_url(world, "item-release", item), _seen(item))
    assert "Hanya yang menangani konten ini atau admin organisasi" in _said(response)
    assert Item.objects.get(pk=item.pk).taken_by == sekretaris

    response = _client(sekretaris).post(_url(world, "item-release", item), _seen(item))
    assert "Penanganan dilepas" in _said(response)
    assert Item.objects.get(pk=item.pk).taken_by is None
    assert LogEntry.objects.get(item=item, action="release").actor == sekretaris


def test_the_admin_hands_the_item_over_and_releases_it(world, item):
    sekretaris, kabid = world.holder("pimpinan_unit"), world.extra["kabid"]
    _client(sekretaris).post(_url(world, "item-take", item), _seen(item))
    admin = _client(world.admin)
    page = admin.get(_url(world, "item", item)).content.decode()
    assert "Serahkan penanganan kepada" in page
    assert f'<option value="{kabid.pk}">Kabid</option>' in page
    assert f'<option value="{sekretaris.pk}">' not in page  # already has it

    # Someone who may not act there is refused.
    response = admin.post(_url(world, "item-assign", item),
                          {**_seen(item), "kepada": world.holder("kontributor").pk})
    assert "Kontributor tidak dapat menanganinya" in _said(response)
    response = admin.post(_url(world, "item-assign", item), {**_seen(item), "kepada": kabid.pk})
    assert "Konten ini sekarang ditangani oleh Kabid." in _said(response)
    item.refresh_from_db()
    assert item.taken_by == kabid
    entry = LogEntry.objects.get(item=item, action="hand_over")
    assert entry.actor == world.admin and entry.detail == "kepada Kabid (sebelumnya Pimpinan Unit)"

    response = admin.post(_url(world, "item-release", item), _seen(item))
    assert "Penanganan dilepas" in _said(response)
    assert Item.objects.get(pk=item.pk).taken_by is None
    release = LogEntry.objects.get(item=item, action="release")
    assert release.actor == world.admin and release.detail == "sebelumnya ditangani Kabid"
    history = admin.get(_url(world, "item", item)).content.decode()
    assert "menyerahkan penanganan pada langkah 4: «kepada Kabid" in history
    assert "Admin Organisasi () —" not in history


def test_only_an_admin_hands_over(world, item):
    response = _client(world.holder("pimpinan_unit")).post(
        _url(world, "item-assign", item), {**_seen(item), "kepada": world.extra["kabid"].pk})
    assert response.status_code == 404
    assert Item.objects.get(pk=item.pk).taken_by is None


# --- two people at once ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_people_take_the_same_item_at_once(shared_db, monkeypatch):  # noqa: F811
    world = seed_c_world()
    kabid = add_person(world.org, "diy.kabid", world.procedure, ("pimpinan_unit",))
    item = seed_c_item(world, target="filter_pimpinan_unit")
    check = taking.why_not_take

    def slow(*args: Any, **kwargs: Any) -> str:
        time.sleep(0.15)  # while the item row is locked: the requests overlap for sure
        return check(*args, **kwargs)

    monkeypatch.setattr(taking, "why_not_take", slow)
    people = [world.holder("pimpinan_unit"), kabid]
    results = shared_db.together(*(
        lambda user=user: taking.take(item.pk, user, expected_version=item.version,
                                      expected_holder=None)
        for user in people
    ))

    done = [result for result in results if result.done]
    refused = [result for result in results if not result.done]
    assert len(done) == 1 and len(refused) == 1
    assert refused[0].conflict and CONFLICT_TAKEN in refused[0].message
    item.refresh_from_db()
    assert item.taken_by in people
    assert LogEntry.objects.filter(item=item, action="take").count() == 1
    winner = LogEntry.objects.get(item=item, action="take").actor
    assert winner == item.taken_by
