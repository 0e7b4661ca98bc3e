"""An item's latest revision borrows the item's content (``tayang.items.revisions``): stored
NULL, read as the item's; an edit or a route choice first gives it its own copy; readers (the
revision page, the search index's previous words, the website) see each revision's content as
it was written; the migration moves existing rows both ways. Runs on SQLite and, with
``DATABASE_URL``, on PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import ChooseRoute, Edit
from tayang.items.fields import Against
from tayang.items.models import Item, ItemRevision
from tayang.items.records import previous_values
from tayang.items.revisions import revision_content
from tayang.items.search import matching
from tayang.items.workflow import perform

from .decision_kit import seed_c_item, seed_c_world
from .world import World, make_world, new_item

BEFORE = "0021_search_without_pending_list"


def stored(item: Item) -> dict[int, object]:
    """Each revision's own column, by number (None: borrowing the item's)."""
    return dict(ItemRevision.objects.filter(item=item).values_list("number", "values"))


def found(query: str) -> set[int]:
    condition = matching(query)
    assert condition is not None
    return set(Item.objects.filter(condition.condition).values_list("pk", flat=True))


def contents(item: Item) -> dict[int, object]:
    return {number: revision_content(item.pk, number) for number in stored(item)}


@pytest.mark.django_db
def test_the_latest_revision_borrows_and_an_edit_gives_it_its_own_copy():
    world = make_world("sleman", "diskominfo-sleman")
    item = new_item(world, "Judul pertama", place="Balai Desa Wonosari")
    first = dict(item.values)
    assert stored(item) == {1: None}
    assert contents(item) == {1: first}

    author = item.created_by
    assert perform(item.pk, author, Edit({"title": "Judul kedua"})).ok
    item.refresh_from_db()
    second = dict(item.values)
    assert second["title"] == "Judul kedua"
    # Its own copy, stored against the new revision's content (test_revision_deltas.py).
    assert isinstance(stored(item)[1], Against) and stored(item)[2] is None
    assert contents(item) == {1: first, 2: second}
    assert previous_values(item.pk, 3) == second and previous_values(item.pk, 2) == first

    # The search index was told the words it held (SQLite forgets by them): the old title is
    # no longer found, the new one is.
    assert found("kedua") == {item.pk}
    assert found("pertama") == set()

    # The revision page compares the latest revision (borrowed) with the one before (its own).
    client = Client()
    client.force_login(world.admin)
    page = client.get(reverse("workspace:item-revision",
                              kwargs={"org": world.slug, "pk": item.pk, "number": 2}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "<del>pertama</del>" in text and "<ins>kedua</ins>" in text


@pytest.mark.django_db
def test_a_route_chosen_after_the_revision_leaves_the_revision_as_it_was():
    world = seed_c_world()
    item = seed_c_item(world, target="filter_pimpinan_unit")
    latest = item.revision
    before = dict(item.values)
    assert stored(item)[latest] is None
    assert before.get("category") != "kebijakan"

    assert perform(item.pk, world.holder("pimpinan_unit"),
                   ChooseRoute("category", "kebijakan")).ok
    item.refresh_from_db()
    assert item.revision == latest  # a route choice writes no revision
    assert item.values["category"] == "kebijakan"
    assert stored(item)[latest] == before  # given its own copy before the item changed
    assert revision_content(item.pk, latest) == before


def routed_and_plain() -> tuple[World, Item, Item]:
    """An item whose route was chosen after its latest revision (which then keeps its own
    copy) and a new item whose revision borrows its content: the migrations' two cases."""
    world = seed_c_world()
    routed = seed_c_item(world, target="filter_pimpinan_unit")
    assert perform(routed.pk, world.holder("pimpinan_unit"),
                   ChooseRoute("category", "kebijakan")).ok
    return world, Item.objects.get(pk=routed.pk), new_item(world, "Tanpa perubahan")


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_rows_both_ways():
    _, routed, plain = routed_and_plain()
    items = [routed, plain]
    shown = {item.pk: contents(item) for item in items}
    own = {item.pk: stored(item) for item in items}
    assert own[plain.pk] == {1: None}
    assert None not in own[routed.pk].values()  # its latest was given its copy
    try:
        call_command("migrate", "items", BEFORE, verbosity=0)
        for item in items:
            assert None not in stored(item).values()
            assert stored(item) == shown[item.pk]
    finally:
        # Every app forward: going back in items also took back the migrations of other apps
        # that depend on its latest (public's words lent by the items' rows).
        call_command("migrate", verbosity=0)
    # Forward: the copies equal to the item's borrow again; the routed one keeps its own.
    for item in items:
        assert stored(item) == own[item.pk]
        assert contents(item) == shown[item.pk]


@pytest.mark.django_db
def test_a_writer_that_did_not_lock_the_item_still_keeps_the_borrowed_content():
    """``records.write`` for an item read any other way (no columns remembered by the lock):
    the borrowing revision is given the content from the item's row, before it is saved."""
    from tayang.engine import events as ev
    from tayang.items import records
    from tayang.items.workflow import _store_state, state_of

    world = make_world("sleman", "diskominfo-sleman")
    item = new_item(world, "Judul pertama")
    first = dict(item.values)
    item = Item.objects.select_related("procedure_version").get(pk=item.pk)  # not locked
    sop = item.procedure_version.sop
    state = state_of(item, sop)
    _store_state(item, sop, state, {**first, "title": "Judul lain"})
    item.revision += 1
    records.write(item, sop, [ev.ContentChanged(("title",), item.revision, item.updated_at)],
                  item.created_by,
                  save_item=True, state=state)
    assert stored(item) == {1: first, 2: None}
    assert contents(item) == {1: first, 2: {**first, "title": "Judul lain"}}
