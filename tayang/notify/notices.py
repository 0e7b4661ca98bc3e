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


def unique_people(people: Iterable[AbstractBaseUser]) -> list[AbstractBaseUser]:
    seen: dict[int, AbstractBaseUser] = {}
    for person in people:
        seen.setdefault(person.pk, person)
    return list(seen.values())


def write(people: Iterable[AbstractBaseUser], *, kind: Kind, organization: Organization,
          key: str, words: Words, at: datetime, item: Item | None = None, link: str = "",
          step: str = "", visit: datetime | None = None) -> list[Notification]:
    """One notification per person not yet told about ``key``; returns those written."""
    written = []
    for person in unique_people(people):
        if Notification.objects.filter(user=person, key=key).exists():
            continue
        try:
            with transaction.atomic():  # a savepoint: a concurrent twin only skips this one
                notification = Notification.objects.create(
                    user=person, organization=organization, item=item, kind=kind,
                    key=key[:200], title=words.title[:160], body=words.body, link=link[:300],
                    step=step, visit=visit, created_at=at,
                )
        except IntegrityError:
            continue
        written.append(notification)
    return written
