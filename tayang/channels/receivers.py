"""The channels app's answers to what happens to items (see :mod:`tayang.items.signals`)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.dispatch import receiver

from tayang.channels import outbox, validation
from tayang.engine.actions import Action, Publish
from tayang.engine.events import PublishRequested
from tayang.items.models import Item
from tayang.items.signals import checking_action, publish_requested


@receiver(publish_requested, sender=Item)
def _write_outbox(item: Item, event: PublishRequested, user: AbstractBaseUser,
                  **kwargs: object) -> None:
    outbox.request(item, event, user)


@receiver(checking_action, sender=Item)
def _check_channels(item: Item, action: Action, **kwargs: object) -> list[str]:
    if isinstance(action, Publish):
        return validation.problems(item, action.channels, publishing=True)
    return validation.problems(item)
