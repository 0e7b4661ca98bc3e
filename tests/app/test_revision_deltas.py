"""An older revision is stored against the next one's content (``tayang.items.revisions``):
an edit stores the revision it supersedes so; every reader (the revision page, the search
index's previous words, the website's builders, a channel's post) sees each revision's
content as it was written, through chains of several; a copy given by a route choice stays
whole; migration 0023 moves existing rows both ways. Runs on SQLite and, with
``DATABASE_URL``, on PostgreSQL."""

from __future__ import annotations

import zlib

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import ChooseRoute, Edit
from tayang.items.fields import Against, is_against, pack, pack_against, text_of, unpack_against
from tayang.items.models import Item, ItemRevision
from tayang.items.records import previous_values
from tayang.items.revisions import contents, revision_content
from tayang.items.workflow import perform

from .decision_kit import seed_c_item, seed_c_world
from .test_correction import _public
from .test_correction import world as campus  # noqa: F401 (a fixture)
from .test_revision_borrows import routed_and_plain
from .world import make_world, new_item

BEFORE = "0022_latest_revision_borrows_content"
NARRATIVE = " ".join(["Warga menyambut baik kegiatan tersebut dan berharap rutin."] * 12)


def stored(item: Item) -> dict[int, object]:
    return dict(ItemRevision.objects.filter(item=item).values_list("number", "values"))


def raw_sizes(item: Item) -> dict[int, int | None]:
    """Each revision's stored bytes (None: borrowing the item's)."""
    return {number: None if values is None else len(values if isinstance(values, bytes)
                                                     else pack(values))
            for number, values in stored(item).items()}


def all_contents(item: Item) -> dict[int, object]:
    return {number: revision_content(item.pk, number) for number in stored(item)}


def edited(item: Item, **changes: str) -> dict[str, object]:
    assert perform(item.pk, item.created_by, Edit(changes)).ok
    item.refresh_from_db()
    return dict(item.values)


@pytest.mark.django_db
def test_each_edit_stores_the_revision_it_supersedes_against_the_new_one():
    world = make_world("sleman", "diskominfo-sleman")
    item = new_item(world, "Judul pertama", place="Balai Desa Wonosari")
    versions = {1: dict(item.values)}
    versions[2] = edited(item, title="Judul kedua")
    versions[3] = edited(item, title="Judul ketiga", place="Aula Dinas")
    versions[4] = edited(item, title="Judul keempat")
    own = stored(item)
    assert own[4] is None  # the latest borrows the item's
    assert all(isinstance(own[n], Against) for n in (1, 2, 3))
    # Each read alone, and all at once, through the chain of the revisions above it.
    assert all_contents(item) == versions
    assert {n: content for n, (content, _) in contents(item.pk, [1, 3]).items()} == {
        1: versions[1], 3: versions[3]}
    for number in (2, 3, 4, 5):
        assert previous_values(item.pk, number) == versions[number - 1]
    assert previous_values(item.pk, 1) is None
    with pytest.raises(ItemRevision.DoesNotExist):
        revision_content(item.pk, 9)

    # The revision page of an old revision compares it with the one before it.
    client = Client()
    client.force_login(world.admin)
    page = client.get(reverse("workspace:item-revision",
                              kwargs={"org": world.slug, "pk": item.pk, "number": 2}))
    assert page.status_code == 200
    assert "<del>pertama</del>" in page.content.decode()
    assert "<ins>kedua</ins>" in page.content.decode()


@pytest.mark.django_db
def test_an_older_revision_costs_what_the_edit_changed():
    world = make_world("sleman", "diskominfo-sleman")
    item = new_item(world, "Judul pertama")
    first = edited(item, narrative=NARRATIVE)
    edited(item, title="Judul kedua")
    sizes = raw_sizes(item)
    whole = len(pack(first))
    assert sizes[2] is not None and sizes[2] < whole / 3, (sizes, whole)
    assert revision_content(item.pk, 2) == first


def test_a_wrong_base_is_refused_not_decoded_wrongly():
    base, other = {"a": "satu dua tiga"}, {"a": "empat lima"}
    stored_value = pack_against({"a": "satu dua"}, text_of(base))
    assert is_against(stored_value) and not is_against(pack(base))
    assert unpack_against(stored_value, text_of(base)) == text_of({"a": "satu dua"})
    with pytest.raises(zlib.error):
        unpack_against(stored_value, text_of(other))


@pytest.mark.django_db
def test_a_copy_given_by_a_route_choice_stays_whole_and_the_chain_still_reads():
    world = seed_c_world()
    item = seed_c_item(world, target="filter_pimpinan_unit")
    latest = item.revision
    before = revision_content(item.pk, latest)
    assert perform(item.pk, world.holder("pimpinan_unit"),
                   ChooseRoute("category", "kebijakan")).ok
    own = stored(item)
    assert own[latest] == before and not isinstance(own[latest], Against)
    shown = all_contents(item)
    assert shown[latest] == before
    assert all(isinstance(own[n], Against) for n in own if n < latest)


@pytest.mark.django_db
def test_the_website_builds_an_older_published_revision_from_its_chain(campus):  # noqa: F811
    from tayang.public.reindex import reindex

    org, people, item = campus
    form = reverse("workspace:item-correct", kwargs={"org": org.slug, "pk": item.pk})
    redaktur = Client()
    redaktur.force_login(people["redaktur"])
    assert redaktur.post(form, {"version": item.version, "judul": "Wisuda Desember",
                                "naskah": "Sebanyak 912 wisudawan.",
                                "note": "Jumlah wisudawan salah ketik."}).status_code == 302
    item.refresh_from_db()
    assert item.revision == 2 and isinstance(stored(item)[1], Against)
    reindex(org.pk, full=True)
    assert "900 wisudawan" in _public(org, item), "still the published revision"


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_rows_both_ways():
    _, routed, plain = routed_and_plain()
    edited(plain, title="Sekali diubah")
    edited(plain, title="Dua kali diubah")
    items = [routed, plain]
    shown = {item.pk: all_contents(item) for item in items}
    own = {item.pk: stored(item) for item in items}
    assert sum(isinstance(v, Against) for i in items for v in own[i.pk].values()) >= 3
    try:
        call_command("migrate", "items", BEFORE, verbosity=0)
        for item in items:
            back = stored(item)
            assert not any(isinstance(value, Against) for value in back.values())
            # Whole again, and the latest still borrows.
            assert back == {n: (None if own[item.pk][n] is None else shown[item.pk][n])
                            for n in back}
            assert all_contents(item) == shown[item.pk]
    finally:
        # Every app forward: going back in items also took back the migrations of other apps
        # that depend on its latest (public's words lent by the items' rows).
        call_command("migrate", verbosity=0)
    for item in items:
        assert stored(item) == own[item.pk]  # the same bytes as the actions wrote
        assert all_contents(item) == shown[item.pk]
