"""The shortcuts of issue 16's flow work (``docs/performance.md``, "The flow's Python, per
call"): each gives what the way it replaces gave.

* ``rows.reading.instance`` makes the instance ``Model.from_db`` makes, without
  ``Model.__init__`` — and the ORM's way while anyone listens to ``pre_init``/``post_init``;
* ``rows.inserting.insert`` reads a field's value directly only where its ``pre_save`` does
  nothing else (``auto_now``/``auto_now_add`` and files keep theirs);
* the content form's dates are read as ISO first, the same dates and errors as Django's
  ``DateField``;
* an SOP's product rules are worked out once and stay what they were.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.db import connection, models
from django.db.models.signals import post_init
from django.test.utils import override_settings
from django.utils import translation

from tayang.items.models import Item, ItemRevision, LogEntry
from tayang.media.models import MediaAsset
from tayang.orgs.models import Organization
from tayang.procedures.models import Procedure
from tayang.rows import inserting, reading
from tayang.sop.bundled import bundled_sops
from tayang.sop.rules import accessibility_checks, limit_checks, product_rules
from tayang.workspace.content_form import IsoDateField

from .world import World, make_world, ready_item


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


def _row(model: type[models.Model], pk: int) -> tuple[object, ...]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {reading.select_list(model)} FROM "
                       f"{connection.ops.quote_name(model._meta.db_table)} WHERE id = %s", [pk])
        return cursor.fetchone()


def _same_instance(made: models.Model, by_orm: models.Model) -> None:
    assert type(made) is type(by_orm)
    assert {name: value for name, value in made.__dict__.items() if name != "_state"} == {
        name: value for name, value in by_orm.__dict__.items() if name != "_state"}
    assert (made._state.adding, made._state.db) == (False, connection.alias)
    assert made._state.fields_cache == {}


@pytest.mark.parametrize("model", [Item, ItemRevision, LogEntry, Organization, Procedure])
def test_a_built_instance_is_the_one_from_db_makes(world, model):
    item = ready_item(world)
    pk = {Item: item.pk, ItemRevision: item.revisions.first().pk,
          LogEntry: item.log.first().pk, Organization: world.org.pk,
          Procedure: world.procedure.pk}[model]
    row = _row(model, pk)
    values = reading.converted_row(model, (), row)
    made = reading.build(model, row)
    _same_instance(made, model.from_db(connection.alias, None, values))
    _same_instance(made, model.objects.get(pk=pk))
    # The foreign keys and the values read as the ORM's instance reads them.
    for field in model._meta.concrete_fields:
        assert getattr(made, field.attname) == getattr(model.objects.get(pk=pk), field.attname)
    if model is Item:
        assert made.organization == item.organization  # the related object, fetched
        assert made.values == item.values


def test_a_listener_to_post_init_still_hears_of_every_instance(world):
    item = ready_item(world)
    heard: list[models.Model] = []

    def listener(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
        heard.append(instance)

    post_init.connect(listener, sender=Item)
    try:
        made = reading.build(Item, _row(Item, item.pk))
    finally:
        post_init.disconnect(listener, sender=Item)
    assert heard == [made]
    assert not made._state.adding and made.pk == item.pk


def test_only_a_plain_pre_save_is_read_directly():
    log = {field.name: field for field in LogEntry._meta.concrete_fields}
    revision = {field.name: field for field in ItemRevision._meta.concrete_fields}
    assert inserting._reads_only(log["step"])
    assert inserting._reads_only(log["item"])
    assert inserting._reads_only(log["at"])  # a date-time without auto_now
    auto = [field for model in (Item, ItemRevision, LogEntry, MediaAsset)
            for field in model._meta.concrete_fields
            if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)]
    assert auto, "the test needs a field with auto_now or auto_now_add"
    assert not any(inserting._reads_only(field) for field in auto)
    files = [field for field in MediaAsset._meta.concrete_fields
             if isinstance(field, models.FileField)]
    assert files and not any(inserting._reads_only(field) for field in files)
    # The plan names each field once, with its attname only when read directly.
    plan = inserting._plan(ItemRevision, None)
    assert [field for field, _, _ in plan.columns] == list(plan.fields)
    assert {field.name: attname for field, _, attname in plan.columns}["created_at"] == (
        "" if revision["created_at"].auto_now_add else "created_at")


@pytest.mark.parametrize("text", [
    "2026-03-02", " 2026-03-02 ", "2026-3-2", "02-03-2026", "02/03/2026", "2026-02-30",
    "0000-01-01", "2026-13-01", "2026-03-02T10:00", "20260302", "٢٠٢٦-٠٣-٠٢", "", "  ",
    "2 Maret 2026", "pekan depan",
])
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_date_is_read_as_djangos_date_field_reads_it(text, language):
    with translation.override(language):
        ours, django = IsoDateField(required=False), forms.DateField(required=False)
        try:
            expected: object = django.clean(text)
        except forms.ValidationError as error:
            with pytest.raises(forms.ValidationError) as ours_error:
                ours.clean(text)
            assert ours_error.value.messages == error.messages
        else:
            assert ours.clean(text) == expected
    if text.strip() == "2026-03-02":
        assert IsoDateField().clean(text) == date(2026, 3, 2)


def test_the_product_rules_are_worked_out_once_and_stay_the_same():
    for sop in bundled_sops().values():
        fresh = dataclasses.replace(sop)
        expected = (*accessibility_checks(fresh), *limit_checks(fresh))
        first = product_rules(fresh)
        assert first == expected
        assert product_rules(fresh) is first  # kept on the parsed SOP
        assert fresh == dataclasses.replace(fresh)  # equality sees only the fields
        # A changed SOP is a new object: its own rules.
        changed = dataclasses.replace(fresh, fields=fresh.fields[:1])
        assert product_rules(changed) == (*accessibility_checks(changed),
                                          *limit_checks(changed))


def _made(instance: models.Model) -> dict[str, object]:
    values = {name: value for name, value in instance.__dict__.items() if name != "_state"}
    for field in instance._meta.concrete_fields:
        if callable(field.default):  # made anew for each instance (a key, a moment)
            values[field.attname] = type(values[field.attname])
    return values


def test_a_new_row_is_the_instance_the_model_makes(world):
    from django_tasks_db.models import DBTaskResult

    from tayang.notify.models import Delivery, Kind, Medium, Notification, WakeUp

    item = ready_item(world)
    user = item.created_by
    notification = Notification.objects.create(
        user=user, organization=world.org, item=item, kind=Kind.ARRIVED, key="k", title="t",
        created_at=item.created_at)
    at = item.created_at
    rows = [
        (LogEntry, dict(item=item, at=at, actor=user, role="r", action="hand_in", step="s",
                        outcome="handed_in", detail="", revision=2, via="", untallied=True)),
        (ItemRevision, dict(item=item, number=5, values={"title": "Judul"},
                            content_hash="a" * 64, author=user, step="s", note="",
                            created_at=at)),
        (WakeUp, dict(item=item, step="s", visit=at, stage="due", due_at=at, version=1,
                      roles=["r"], state=WakeUp.State.PENDING)),
        (Notification, dict(user=user, organization=world.org, item=None, kind=Kind.ARRIVED,
                            key="k2", title="t", body="b", link="", step="", visit=None,
                            created_at=at)),
        (Delivery, dict(notification=notification, medium=Medium.EMAIL, due_at=at,
                        idempotency_key="x", enqueued_at=None)),
        (DBTaskResult, dict(id="0b0e8a52-1c9e-4a43-9a59-7a9f1e0c4d11", args_kwargs={},
                            priority=0, task_path="a.b", queue_name="default",
                            run_after=at, backend_name="default")),
        (LogEntry, dict(item_id=item.pk, at=at, actor_id=user.pk, role="r", action="a")),
    ]
    for model, values in rows:
        made, by_orm = inserting.new(model, **values), model(**values)
        assert type(made) is model
        assert _made(made) == _made(by_orm), model
        assert (made._state.adding, made._state.db) == (by_orm._state.adding, by_orm._state.db)
        assert made._state.fields_cache == by_orm._state.fields_cache, model
    # Written and read back as the ORM's instance would be.
    entry = inserting.new(LogEntry, **rows[0][1])
    inserting.insert_one(entry)
    assert entry.item is item and entry.actor is user  # the related objects, cached
    stored = LogEntry.objects.get(pk=entry.pk)
    assert (stored.item_id, stored.actor_id, stored.untallied) == (item.pk, user.pk, True)


def test_what_new_cannot_make_the_model_makes_or_refuses_alike(world):
    item = ready_item(world)
    with pytest.raises(ValueError) as ours:
        inserting.new(LogEntry, item=world.org, at=item.created_at)  # the wrong model
    with pytest.raises(ValueError) as django:
        LogEntry(item=world.org, at=item.created_at)
    assert str(ours.value) == str(django.value)
    with pytest.raises(TypeError):
        inserting.new(LogEntry, no_such_field=1)
    unsaved = Item(title="belum disimpan")
    made = inserting.new(LogEntry, item=unsaved, at=item.created_at)  # the ORM's way
    assert made.item is unsaved and unsaved._state.db == made._state.db


class _AskedRouter:
    """A router that notes each relation it is asked about (as ``Model.__init__`` asks)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def allow_relation(self, one, other, **hints):  # type: ignore[no-untyped-def]
        self.asked.append(type(other).__name__)
        return None


def test_with_routers_configured_the_orm_makes_the_row(world):
    """``new`` leaves a row to ``Model.__init__`` while routers are configured (they are asked
    about each related object), and makes it itself once they are gone again."""
    item = ready_item(world)
    asked = _AskedRouter()
    with override_settings(DATABASE_ROUTERS=[asked]):
        made = inserting.new(LogEntry, item=item, at=item.created_at)
    assert asked.asked and made.item is item
    asked.asked.clear()
    inserting.new(LogEntry, item=item, at=item.created_at)
    assert asked.asked == []


@pytest.mark.parametrize("moment", [
    datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC),
    datetime(2026, 3, 2, 16, 30, tzinfo=ZoneInfo("Asia/Jakarta")),
    datetime(2026, 12, 31, 23, 59, 59, tzinfo=ZoneInfo("Asia/Jayapura")),
    datetime(2026, 3, 2, 9, 30),  # naive
])
def test_a_moment_is_prepared_as_the_connections_operations_prepare_it(db, moment):
    assert inserting._moments(reading.default_connection())(moment) == (
        connection.ops.adapt_datetimefield_value(moment))
