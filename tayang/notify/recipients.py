"""Who is told: the people of a step, the escalation's people, the publishers, the admins.

Only active members of the item's organization who are active users are ever told. The
engine decides who may act; this reads it the same way the inbox does:

* a ``work`` or ``handin`` step (drafts, items sent back to their author) is its author's;
* any other step is for every holder of one of its roles — or, once someone took the item
  (*Saya tangani*, ``Item.taken_by``), for that person alone;
* nobody is told "waiting for you" about a step that separation of duties keeps them from
  (:func:`tayang.engine.duties.duty_conflict`): the person who handed the item in is not
  asked to approve it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import QuerySet

from tayang.engine.actions import Actor
from tayang.engine.duties import duty_conflict
from tayang.engine.state import ItemState
from tayang.items.models import Item
from tayang.items.withdrawal import publish_roles
from tayang.items.workflow import state_of
from tayang.notify.models import Preference
from tayang.orgs.models import Membership, Organization
from tayang.parties.lookup import offices_filling
from tayang.procedures.models import RoleGrant
from tayang.rows import reading
from tayang.sop.model import Sop, Step, StepKind

PERSONAL_KINDS = (StepKind.WORK, StepKind.HANDIN)


def _members(organization_id: int) -> QuerySet:
    return get_user_model().objects.filter(
        is_active=True, memberships__organization_id=organization_id,
        memberships__is_active=True,
    )


def holders(item: Item, roles: Iterable[str]) -> list[AbstractBaseUser]:
    """Active members holding one of ``roles`` in the item's procedure, by id, each with their
    message choices (told on arrival, each is asked: ``announce.py``).

    One statement written out once per number of roles (``_holders_sql``): the same query
    built by the ORM (two joins of the memberships, ``select_related``, ``distinct``) cost
    0.6 ms of Python, several times the database's time. ``tests/app/test_prepared_writes.py``
    compares the two."""
    roles = sorted(set(roles))
    if not roles:
        return []
    user_model = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute(_holders_sql(len(roles), connection.vendor),
                       [item.organization_id, True, item.procedure_id, *roles, True])
        rows = cursor.fetchall()
    people = []
    cache = user_model.notify_preference.related  # type: ignore[attr-defined]
    start = reading.width(user_model)
    for row in rows:
        person = reading.build(user_model, row)
        preference = (reading.build(Preference, row, start) if row[start] is not None
                      else None)
        if preference is not None:
            Preference.user.field.set_cached_value(preference, person)
        cache.set_cached_value(person, preference)
        people.append(person)
    return people


@lru_cache(maxsize=16)
def _holders_sql(roles: int, vendor: str) -> str:
    quote = connection.ops.quote_name
    users, preferences, members, grants = (
        quote(model._meta.db_table)
        for model in (get_user_model(), Preference, Membership, RoleGrant))
    return (
        f"SELECT {reading.select_list(get_user_model(), 'u')}, "
        f"{reading.select_list(Preference, 'p')} FROM {users} AS u "
        f"LEFT OUTER JOIN {preferences} AS p ON p.user_id = u.id "
        f"WHERE u.id IN (SELECT m.user_id FROM {members} AS m "
        f"INNER JOIN {grants} AS g ON g.membership_id = m.id "
        f"WHERE m.organization_id = %s AND m.is_active = %s AND g.procedure_id = %s "
        f"AND g.role_key IN ({', '.join(['%s'] * roles)})) AND u.is_active = %s "
        f"ORDER BY u.id"
    )


def admins(organization: Organization | int) -> list[AbstractBaseUser]:
    organization_id = organization if isinstance(organization, int) else organization.pk
    return list(
        _members(organization_id).filter(
            memberships__organization_id=organization_id, memberships__is_admin=True,
        ).distinct().order_by("pk")
    )


def is_member(user: AbstractBaseUser | None, organization_id: int) -> bool:
    return user is not None and _members(organization_id).filter(pk=user.pk).exists()


def step_people(item: Item, sop: Sop, step: Step, *,
                state: ItemState | None = None) -> list[AbstractBaseUser]:
    """Who should act on ``item`` at ``step`` now, as the inbox would show it to them.

    At an outside party's step: the accounts of the offices filling the party (they are no
    members; their messages carry a link bound to the office, :mod:`tayang.parties`).
    """
    if step.party is not None:
        return offices_filling(item.procedure, step.party)
    if step.kind in PERSONAL_KINDS:
        author = item.created_by
        return [author] if is_member(author, item.organization_id) else []
    taker = item.taken_by
    if taker is not None and is_member(taker, item.organization_id):
        return [taker]
    people = holders(item, step.roles)
    if people:
        state = state or state_of(item, sop)
        people = [person for person in people if not barred(sop, state, step, person)]
    return people


def barred(sop: Sop, state: ItemState, step: Step, person: AbstractBaseUser) -> bool:
    """Separation of duties keeps ``person`` from acting at ``step`` (whatever their roles)."""
    actor = Actor(id=str(person.pk), roles=frozenset(step.roles))
    return duty_conflict(sop, state, step, actor) is not None


def escalation_people(item: Item, roles: Iterable[str]) -> list[AbstractBaseUser]:
    """The holders of the step's ``escalate_to`` roles, else the organization's admins."""
    roles = list(roles)
    people = holders(item, roles) if roles else []
    return people or admins(item.organization_id)


def publishers_and_admins(item: Item) -> list[AbstractBaseUser]:
    """Who takes care of where an item went: the publish step's people and the admins."""
    people = {person.pk: person for person in holders(
        item, publish_roles(item.procedure_version.sop))}
    for admin in admins(item.organization_id):
        people.setdefault(admin.pk, admin)
    return list(people.values())


def authors(item: Item) -> list[AbstractBaseUser]:
    """Whoever created or handed the item in ("your item")."""
    ids = {item.created_by_id, *(int(pk) for pk in item.handed_in_by if str(pk).isdigit())}
    return list(_members(item.organization_id).filter(pk__in=ids).distinct().order_by("pk"))
