"""The prepared statements of an action's effects store what the ORM stored (issue 16).

Notifications, deliveries, wake-ups, publications, the article and its photos, the spelling
check and the task rows are written by ``tayang.rows.inserting.insert`` (a statement made once
per process) and the people told are read by ``tayang.rows.reading`` (a SELECT written out):
each row must be the very row ``bulk_create`` / ``create`` wrote, and each person the very
instance the ORM's query built, with their message choices.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from tayang.channels.outbox import _latest_approval_sql
from tayang.demo.channels import build_channels
from tayang.items.models import Item, Publication
from tayang.language.models import SpellingCheck
from tayang.notify import recipients
from tayang.notify.models import Delivery, Notification, Preference, WakeUp
from tayang.public.index import _revision_date_sql
from tayang.public.models import Article, ArticleMedia
from tayang.rows.inserting import insert
from tayang.sop.model import END
from tests.notify.kit import reachable

from .world import World, drive, make_world, ready_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> World:
    made = make_world("gunungkidul", "dpmptsp-gunungkidul")
    build_channels(made.org)
    return made


def _published(world: World) -> Item:
    return drive(world, drive(world, ready_item(world), "unggah"), END)


def _columns(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields
            if not isinstance(field, models.AutoField)]


def _row(model: type[models.Model], pk: object) -> dict[str, Any]:
    return model.objects.filter(pk=pk).values(*_columns(model)).get()


def _fresh(model: type[models.Model], values: dict[str, Any],
           computed: dict[str, RawSQL]) -> models.Model:
    return model(**{**values, **computed})


def _stored_alike(row: models.Model, now: tuple[str, ...] = (), **computed: RawSQL) -> None:
    """The row written again by ``bulk_create``, then by ``insert``: the same columns, and
    the same values handed back on the instance (the subqueries' too, as ``create`` does).
    ``now``: columns set to the moment of writing (``auto_now_add``), only compared as set."""
    model = type(row)
    before = _row(model, row.pk)
    with transaction.atomic():
        model.objects.filter(pk=row.pk).delete()
        by_orm = _fresh(model, before, computed)
        model.objects.bulk_create([by_orm])
        orm_row = _row(model, by_orm.pk)
        model.objects.filter(pk=by_orm.pk).delete()
        prepared = _fresh(model, before, computed)
        insert([prepared])
        stored = _row(model, prepared.pk)
        for name in now:
            assert None not in (stored.pop(name), orm_row.pop(name), before.pop(name))
        assert stored == orm_row == before
        for name in computed:  # the subquery's value, read back like ``save()`` does
            assert getattr(prepared, name) == before[name], name
        transaction.set_rollback(True)


def test_each_effect_row_is_stored_as_the_orm_stored_it(world):
    reachable(world)  # e-mail for everyone: deliveries too
    item = _published(world)
    for model in (Notification, Delivery, WakeUp, SpellingCheck, ArticleMedia):
        found = model.objects.first()
        assert found is not None, model
        _stored_alike(found)
    website = Publication.objects.get(item=item, channel="website")
    _stored_alike(website, approval_id=RawSQL(_latest_approval_sql(), (item.pk,)))
    article = Article.objects.get(item=item)
    _stored_alike(article, revised_at=RawSQL(_revision_date_sql(), (item.pk, article.revision)))


def test_the_task_rows_keep_their_given_ids(world):
    from tayang.public.tasks import prepare_article

    prepare_article.enqueue(1)  # the database backend's own INSERT
    found = DBTaskResult.objects.get()
    _stored_alike(found, now=("enqueued_at",))


def _holders_by_orm(item: Item, roles: list[str]) -> list[Any]:
    """``recipients.holders`` as the ORM built it before it was written out."""
    return list(
        get_user_model().objects.filter(
            is_active=True, memberships__organization_id=item.organization_id,
            memberships__is_active=True,
        ).filter(
            memberships__organization_id=item.organization_id,
            memberships__grants__procedure_id=item.procedure_id,
            memberships__grants__role_key__in=roles,
        ).select_related("notify_preference").distinct().order_by("pk")
    )


def _as_stored(person: Any) -> dict[str, Any]:
    preference = getattr(person, "notify_preference", None)
    return {
        **{field.attname: getattr(person, field.attname)
           for field in person._meta.concrete_fields},
        "preference": None if preference is None else {
            field.attname: getattr(preference, field.attname)
            for field in Preference._meta.concrete_fields},
    }


def test_the_people_told_are_those_the_orm_found(world):
    item = ready_item(world)
    roles = sorted({role for step in world.sop.steps for role in step.roles})
    holder = world.holder(world.sop.steps[1].roles[0])
    Preference.objects.create(user=holder, by_email=False, quiet_enabled=False,
                              whatsapp_number="6281234567890")
    for wanted in ([roles[0]], roles[:2], roles):
        written_out = recipients.holders(item, wanted)
        by_orm = _holders_by_orm(item, wanted)
        assert [_as_stored(p) for p in written_out] == [_as_stored(p) for p in by_orm]
        assert written_out, wanted
    # Their message choices come with them: reading them asks nothing more.
    people = recipients.holders(item, roles)
    with CaptureQueriesContext(connection) as captured:
        chosen = {person.pk: getattr(person, "notify_preference", None) for person in people}
    assert not captured.captured_queries
    [told] = [person for person in people if person.pk == holder.pk]
    assert chosen[holder.pk] is not None and chosen[holder.pk].user is told
    assert sum(choice is None for choice in chosen.values()) == len(people) - 1


def test_the_channels_and_the_items_choices_are_those_the_orm_found(world):
    from tayang.channels.models import WEBSITE, Channel, ChannelChoice
    from tayang.channels.outbox import _choice_sql, _enabled_with_choices

    item = ready_item(world)
    channels = list(Channel.objects.filter(organization=world.org).exclude(kind=WEBSITE))
    assert len(channels) >= 2
    Channel.objects.filter(pk=channels[-1].pk).update(enabled=False)
    for chosen in ([], channels[:1], channels):  # none, one with its caption, a disabled one
        ChannelChoice.objects.filter(item=item).delete()
        ChannelChoice.objects.bulk_create([ChannelChoice(item=item, channel=channel,
                                                         caption=f"Takarir {channel.key}")
                                           for channel in chosen])
        caption, chose_any = _choice_sql()
        by_orm = list(
            Channel.objects.filter(organization_id=item.organization_id, enabled=True)
            .exclude(kind=WEBSITE)
            .annotate(chosen_caption=RawSQL(caption, (item.pk,)),
                      item_chose_any=RawSQL(chose_any, (item.pk,))))
        enabled, captions, any_choice = _enabled_with_choices(item)
        fields = [field.attname for field in Channel._meta.concrete_fields]
        assert ([[getattr(c, name) for name in fields] for c in enabled]
                == [[getattr(c, name) for name in fields] for c in by_orm])
        assert captions == {c.pk: c.chosen_caption for c in by_orm
                            if c.chosen_caption is not None}
        assert any_choice == any(c.item_chose_any for c in by_orm) == bool(chosen)
