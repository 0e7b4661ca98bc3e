"""The written-out statements of an action (``tayang.rows``, ``items/locked.py``) store and
read exactly what the ORM stores and reads (issue 16): each is compared with the ORM's own
path on the same values, column by column as the database holds them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection, models, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from tayang.engine.actions import HandIn
from tayang.items.assets import named_assets
from tayang.items.locked import locked_item, split_roles
from tayang.items.models import (
    Approval,
    Item,
    ItemRevision,
    LogEntry,
    StepVisit,
    WrittenResponse,
)
from tayang.items.revisions import revision_content
from tayang.items.workflow import perform, roles_of
from tayang.media.models import MediaAsset
from tayang.rows.inserting import insert_one
from tayang.rows.updating import update

from .world import World, make_world, ready_item

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


def stored(model: type[models.Model], pk: int) -> dict[str, object]:
    """The row as the database holds it (no field's conversion), without its key."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        names = [column[0] for column in cursor.description]
        row = cursor.fetchone()
    values = dict(zip(names, row, strict=True))
    values.pop("id")
    return {name: bytes(value) if isinstance(value, memoryview) else value
            for name, value in values.items()}


def fields_of(instance: models.Model | None) -> dict[str, object] | None:
    if instance is None:
        return None
    return {field.attname: getattr(instance, field.attname)
            for field in instance._meta.concrete_fields}


def test_each_record_is_inserted_as_the_orm_inserts_it(world):
    item = ready_item(world)
    user = item.created_by
    rows = {
        LogEntry: dict(item=item, at=AT, actor=user, role="tim_pelaksana", action="hand_in",
                       step="serahkan", outcome="handed_in", detail="Catatan «ini»",
                       revision=3, via="link"),
        ItemRevision: dict(item=item, number=99, values={"title": "Judul", "media": [
            {"id": 1, "alt": "Foto"}]}, content_hash="a" * 64, author=user, step="terima",
            note="", created_at=AT),
        StepVisit: dict(item=item, step="terima", entered_at=AT, due_target=AT,
                        due_limit=None),
        Approval: dict(item=item, step="terima", role="tim_pertimbangan", approver=user,
                       label="Terima", revision=2, content_hash="b" * 64, created_at=AT),
        WrittenResponse: dict(item=item, kind="accepted", step="terima", to_step="koreksi",
                              role="tim_pertimbangan", author=user, label="Terima",
                              text="Sudah sesuai.", revision=2, created_at=AT),
    }
    for model, values in rows.items():
        if model is ItemRevision:
            by_orm = model.objects.create(**{**values, "number": 98})
        else:
            by_orm = model.objects.create(**values)
        by_hand = model(**values)
        insert_one(by_hand)
        assert by_hand.pk is not None and by_hand.pk != by_orm.pk
        assert not by_hand._state.adding
        expected = stored(model, by_orm.pk)
        if model is ItemRevision:
            expected["number"] = 99
        assert stored(model, by_hand.pk) == expected, model
        assert fields_of(model.objects.get(pk=by_hand.pk)) == {
            **fields_of(model.objects.get(pk=by_orm.pk)), "id": by_hand.pk,
            **({"number": 99} if model is ItemRevision else {})}


def test_a_new_item_is_inserted_as_the_orm_inserts_it(world):
    template = ready_item(world)
    values = {field.attname: getattr(template, field.attname)
              for field in Item._meta.concrete_fields if not field.primary_key}
    values.update(register_year=None, register_number=None)
    by_orm = Item(**values)
    by_orm.save()
    by_hand = Item(**values)
    insert_one(by_hand)
    ours, theirs = stored(Item, by_hand.pk), stored(Item, by_orm.pk)
    # ``auto_now``: each row its own moment, set on the instance as ``save`` sets it.
    assert ours.pop("updated_at") >= theirs.pop("updated_at")
    assert ours == theirs
    assert Item.objects.get(pk=by_hand.pk).updated_at == by_hand.updated_at


def test_changed_columns_are_updated_as_the_orm_updates_them(world):
    first, second = ready_item(world, "Satu"), ready_item(world, "Satu")
    for item in (first, second):
        item.status, item.step, item.passed = "in_progress", "terima", ["serahkan"]
        item.step_entered_at = item.due_limit = AT
        item.taken_by = None
        item.values = {"title": "Satu", "place": "Balai «Desa»", "media": []}
    columns = ["status", "step", "passed", "step_entered_at", "due_limit", "taken_by_id",
               "values", "updated_at"]
    before = stored(Item, second.pk)
    first.save(update_fields=columns)
    update(second, columns)
    ours, theirs = stored(Item, second.pk), stored(Item, first.pk)
    assert ours["updated_at"] >= theirs["updated_at"]
    written = [Item._meta.get_field(name).column for name in columns[:-1]]
    assert {name: ours[name] for name in written} == {name: theirs[name] for name in written}
    # Nothing else is written.
    assert {name: value for name, value in ours.items() if name not in (*written, "updated_at")
            } == {name: value for name, value in before.items()
                  if name not in (*written, "updated_at")}
    gone = Item(pk=10**9)
    with pytest.raises(Exception, match="did not affect any rows"):
        update(gone, ["status"])


@pytest.mark.parametrize("with_unit", [True, False])
@pytest.mark.parametrize("in_organization", [True, False])
def test_the_locked_read_reads_what_the_orm_reads(world, with_unit, in_organization):
    item = ready_item(world, unit=world.units[1] if with_unit else None)
    for user in (item.created_by, world.holder("tim_pertimbangan"), world.admin):
        orm = (Item.objects.select_related("organization", "procedure", "procedure_version",
                                           "unit").get(pk=item.pk))
        with transaction.atomic():
            read = locked_item(item.pk, user,
                               organization=world.org if in_organization else None)
        assert fields_of(read) == fields_of(orm)
        assert read.values == orm.values and isinstance(read.values, dict)
        for name in ("procedure", "procedure_version", "unit", "organization"):
            assert Item._meta.get_field(name).is_cached(read), name
            assert fields_of(getattr(read, name)) == fields_of(getattr(orm, name)), name
        assert (read.unit is None) is not with_unit
        assert split_roles(read.actor_role_keys) == roles_of(user, orm.procedure)
        assert not read._state.adding and read._state.db == "default"
        assert model_to_dict(read) == model_to_dict(orm)


def test_the_locked_read_refuses_another_organizations_item(world):
    item = ready_item(world)
    other = make_world("sleman", "dpmptsp-sleman")
    with pytest.raises(Item.DoesNotExist), transaction.atomic():
        locked_item(item.pk, item.created_by, organization=other.org)
    with pytest.raises(Item.DoesNotExist), transaction.atomic():
        locked_item(10**9, item.created_by)


def test_the_locked_read_locks_the_item_row_alone_on_postgresql(world):
    item = ready_item(world)
    author = item.created_by
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        locked_item(item.pk, author, organization=world.org)
    [sql] = [query["sql"] for query in captured.captured_queries
             if query["sql"].startswith("SELECT")]
    if connection.vendor == "postgresql":
        assert sql.endswith('FOR UPDATE OF "items_item"'), sql
    else:
        assert "FOR UPDATE" not in sql


def test_an_action_leaves_the_same_records_as_before(world):
    """A hand-in through the written-out path: its rows read back through the ORM."""
    item = ready_item(world)
    result = perform(item.pk, item.created_by, HandIn(), organization=world.org, now=AT)
    assert result.ok, result.message
    item.refresh_from_db()
    assert (item.status, item.step, item.register_number) == ("in_progress", "terima", 1)
    entry = LogEntry.objects.filter(item=item).latest("pk")
    assert (entry.at, entry.actor_id, entry.action, entry.outcome, entry.via) == (
        AT, item.created_by_id, "hand_in", "handed_in", "")
    visit = StepVisit.objects.filter(item=item).latest("pk")
    assert (visit.step, visit.entered_at, visit.finished_at) == ("terima", AT, None)
    assert item.updated_at > AT
    assert MediaAsset.objects.filter(item=item).count() == 5


def test_the_files_are_read_as_the_orm_reads_them(world):
    item = ready_item(world, photos=3)
    sop = world.sop
    read = named_assets(item, sop)
    orm = {asset.pk: asset for asset in MediaAsset.objects.filter(item=item)}
    assert list(read) == list(orm)  # the model's order (upload time, then id)
    assert [fields_of(asset) for asset in read.values()] == [
        fields_of(asset) for asset in orm.values()]
    assert all(asset.file.name and not asset._state.adding for asset in read.values())
    assert named_assets(item, sop, {}) == {}


def test_the_sop_of_a_new_item_is_read_as_the_orm_reads_it(world):
    from tayang.items.workflow import actor_for, starting
    from tayang.procedures.models import Procedure

    key = world.procedure.key
    orm = world.org.procedures.filter(is_active=True).get(key=key)
    current = orm.current
    for user in (world.holder("tim_pelaksana"), world.holder("tim_pertimbangan"), world.admin):
        with CaptureQueriesContext(connection) as captured:
            procedure, version, actor = starting(world.org, key, user)
        assert len(captured.captured_queries) == 1
        assert fields_of(procedure) == fields_of(orm)
        assert fields_of(version) == fields_of(current)
        assert actor == actor_for(user, orm)
        with CaptureQueriesContext(connection) as captured:
            assert procedure.organization == world.org and version.procedure == procedure
            assert version.sop.key == current.sop.key
        assert not captured.captured_queries
    world.procedure.is_active = False
    world.procedure.save(update_fields=["is_active"])
    with pytest.raises(Procedure.DoesNotExist):
        starting(world.org, key, world.admin)
    with pytest.raises(Procedure.DoesNotExist):
        starting(world.org, "tidak-ada", world.admin)


def test_a_closed_visit_is_stored_as_the_orm_would_and_the_previous_content_comes_back(world):
    # The closing UPDATE returns nothing since the tallies left the action (the sweep reads
    # the marked visit later): what it stored is what the ORM reads back.
    from tayang.items import visits
    from tayang.items.records import previous_values

    item = ready_item(world)
    before = StepVisit.objects.get(item=item, step="serahkan")
    assert before.finished_at is None and not before.untallied
    visits.close(item.pk, "serahkan", AT, "on_time", "handed_in")
    closed = StepVisit.objects.get(item=item, step="serahkan")
    assert (closed.entered_at, closed.finished_at, closed.timeliness, closed.outcome,
            closed.skipped, closed.untallied) == (
        before.entered_at, AT, "on_time", "handed_in", False, True)
    assert closed.finished_at.microsecond == AT.microsecond
    visits.close(item.pk, "serahkan", AT.replace(year=2027), "late", "handed_in")
    assert StepVisit.objects.get(pk=closed.pk).finished_at == AT  # a closed visit stays closed
    for number in (2, 3, 10):
        earlier = (ItemRevision.objects.filter(item=item, number__lt=number)
                   .order_by("-number").values_list("number", flat=True).first())
        expected = None if earlier is None else revision_content(item.pk, earlier)
        assert previous_values(item.pk, number) == expected
    assert previous_values(item.pk, 1) is None


def test_the_files_read_with_the_locked_item_are_the_orms(world):
    """The item's files come with its locked read (a JSON subquery) as the ORM reads them,
    also a whole float, an empty size and microseconds; the action then reads none."""
    from tayang.items.workflow import lock

    item = ready_item(world, photos=2)
    MediaAsset.objects.create(
        organization=world.org, item=item, kind="video", file="org/1/cc/video.mp4",
        original_name="video «satu».mp4", content_type="video/mp4", extension="mp4",
        size=10**10, sha256="c" * 64, width=None, height=None, duration_seconds=3.0,
        uploaded_by=item.created_by)
    orm = list(MediaAsset.objects.filter(item=item))
    sop = world.sop
    with transaction.atomic():
        read = lock(item.pk, item.created_by, organization=world.org)
        with CaptureQueriesContext(connection) as captured:
            named = named_assets(read, sop)
            everything = named_assets(read, sop, {"media": [
                {"id": asset.pk} for asset in orm]})
        assert not captured.captured_queries
    assert list(named) == [asset.pk for asset in orm if asset.kind == "photo"]
    assert [fields_of(asset) for asset in everything.values()] == [
        fields_of(asset) for asset in orm]
    assert [type(asset.duration_seconds) for asset in everything.values()][-1] is float
    assert all(not asset._state.adding for asset in everything.values())
    # Another item's file named: read, as before.
    other = ready_item(world, photos=1)
    foreign = MediaAsset.objects.get(item=other)
    with transaction.atomic():
        read = lock(item.pk, item.created_by, organization=world.org)
        found = named_assets(read, sop, {"media": [{"id": foreign.pk}]})
    assert fields_of(found[foreign.pk]) == fields_of(foreign)
    MediaAsset.objects.filter(item=other).update(item=None)
    with transaction.atomic():
        bare = lock(other.pk, item.created_by, organization=world.org)
        assert named_assets(bare, sop, {}) == {}
        assert bare.own_files_read in (None, "[]")
