"""Writing notifications (the workspace list), once per person and occasion.

Callers are inside the transaction of what caused the message. A notification whose occasion
(``key``) a person was already told about is skipped, whether the earlier one was written a
moment ago by another worker or a year ago: that is what "nobody is told twice" rests on.
The media beyond the workspace are added by :mod:`tayang.notify.announce`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from tayang.items.models import Item
from tayang.notify.compose import Words
from tayang.notify.models import Kind, Notification
from tayang.orgs.models import Organization
from tayang.rows.inserting import insert, new


def unique_people(people: Iterable[AbstractBaseUser]) -> list[AbstractBaseUser]:
    seen: dict[int, AbstractBaseUser] = {}
    for person in people:
        seen.setdefault(person.pk, person)
    return list(seen.values())


_told_query = Notification.objects.filter  # who was already told (a test makes it blind)


def write(people: Iterable[AbstractBaseUser], *, kind: Kind, organization: Organization,
          key: str, words: Words, at: datetime, item: Item | None = None, link: str = "",
          step: str = "", visit: datetime | None = None,
          fresh: bool = False) -> list[Notification]:
    """One notification per person not yet told about ``key``; returns those written.

    Those already told are found in one query and the others written in one statement; only
    when a concurrent twin wrote one of them meanwhile is each written on its own again.

    ``fresh``: the occasion began in the caller's transaction, under the item's row lock (an
    arrival at the step the action has just entered: the key names that very visit), so
    nobody can have been told of it and no twin can write it meanwhile: no query, no
    savepoint — the unique key still guards it, failing the action rather than telling twice.
    """
    key, people = key[:200], unique_people(people)
    told = set(_told_query(key=key, user__in=[p.pk for p in people])
               .values_list("user_id", flat=True)) if people and not fresh else set()
    rows = [
        new(Notification, user=person, organization=organization, item=item, kind=kind, key=key,
                     title=words.title[:160], body=words.body, link=link[:300], step=step,
                     visit=visit, created_at=at)
        for person in people if person.pk not in told
    ]
    if not rows:
        return []
    # One prepared INSERT (``tayang/rows/inserting.py``): the ORM's insert compiler cost more
    # Python than the statement.
    if fresh:
        insert(rows)
        return rows
    try:
        with transaction.atomic():  # a savepoint: a twin's row makes only this one fail
            insert(rows)
            return rows
    except IntegrityError:
        return [row for row in rows if _one(row)]


def _one(row: Notification) -> bool:
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        row.pk = None
        return False
    return True
