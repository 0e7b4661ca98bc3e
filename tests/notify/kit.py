"""Helpers of the notification tests: people who can be reached, and a worker with a clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractUser

from tayang.items.models import Item
from tayang.notify import dispatch, wakeups
from tayang.notify.models import Delivery, Preference
from tests.app.world import World, perform, ready_item, step_action

State = Delivery.State


def address(user: AbstractUser) -> str:
    return f"{user.username}@dinas.go.id"


def reachable(world: World, *others: AbstractUser, **choices: object) -> None:
    """Everyone of ``world`` (and ``others``) has an e-mail address and the default choices
    (e-mail on, quiet hours 21.00–06.00), changed by ``choices``."""
    for user in (world.admin, *world.people.values(), *world.extra.values(), *others):
        user.email = address(user)
        user.save(update_fields=["email"])
        Preference.objects.update_or_create(user=user, defaults=choices)


def run_worker(now: datetime) -> list[str]:
    """What a worker does at ``now``: wake what fell due, then send every due delivery."""
    wakeups.wake_due(now)
    outcomes = []
    for pk in due(now):
        outcomes.append(dispatch.send(pk, now=now))
    return outcomes


def due(now: datetime) -> list[int]:
    return list(Delivery.objects.filter(state__in=(State.QUEUED, State.RETRYING),
                                        due_at__lte=now).order_by("pk")
                .values_list("pk", flat=True))


def mails(people: Iterable[AbstractUser], subject: str) -> list[tuple[str, str]]:
    """The (recipient, subject) pairs the SMTP server should have, sorted like its list."""
    return sorted((address(person), subject) for person in people)


def hand_in(world: World, when: datetime) -> Item:
    """A seed A item, ready a few minutes before ``when``, handed in at ``when``: the review
    board is told."""
    item = ready_item(world, now=when - timedelta(minutes=5))
    result = perform(item.pk, world.holder("tim_pelaksana"),
                     step_action(world.sop, item.step), now=when)
    assert result.ok, result.message
    return item
