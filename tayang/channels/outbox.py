"""Writing the publishing requests, in the transaction that publishes the item (the outbox).

The publish action, its approval and one :class:`Publication` per channel are saved together
or not at all. Tasks are only enqueued once that transaction has committed; if the process
dies in between, the sweep (:mod:`tayang.channels.sweep`) finds the due rows and enqueues
them, so no request is ever lost and a duplicate task finds nothing left to do.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tayang.channels import queue
from tayang.channels.models import WEBSITE, Channel, ChannelChoice
from tayang.channels.signals import publication_state_changed
from tayang.engine.events import PublishRequested
from tayang.items.models import Approval, Item, Publication
from tayang.items.signals import publication_changed


def chosen_channels(item: Item, keys: Iterable[str] = ()) -> list[tuple[Channel, str]]:
    """(channel, caption variant) the item goes to, besides the website (always).

    ``keys`` given at publishing win (``("website",)`` alone: the website only); else what was
    chosen at hand-in; else the organization's channels marked to be chosen by default.
    Disabled channels never count.
    """
    enabled = Channel.objects.filter(organization_id=item.organization_id, enabled=True)
    keys = tuple(keys)
    wanted = [key for key in keys if key != WEBSITE]
    captions = {
        choice.channel_id: choice.caption
        for choice in ChannelChoice.objects.filter(item=item, channel__enabled=True)
    }
    if keys:
        channels = enabled.filter(key__in=wanted)
    elif captions or ChannelChoice.objects.filter(item=item).exists():
        channels = enabled.filter(pk__in=captions)
    else:
        channels = enabled.filter(selected_by_default=True)
    return [(channel, captions.get(channel.pk, "")) for channel in channels.exclude(kind=WEBSITE)]


def request(item: Item, event: PublishRequested, user: AbstractBaseUser) -> list[Publication]:
    """One publication per channel, queued for now or for the scheduled time."""
    approval = item.approvals.order_by("-created_at", "-pk").first()
    due = event.scheduled_for or event.at
    made: list[Publication] = []
    website = _queue(item, WEBSITE, "", event, user, approval, due)
    if website is not None:
        made.append(website)
        if event.scheduled_for is None:
            _publish_website_now(website, event.at)
        else:
            transaction.on_commit(partial(queue.deliver_later, website.pk, due))
    for channel, caption in chosen_channels(item, event.channels):
        automatic = channel.connector.automatic
        # A manual channel has no due time: it waits for the admin's proof, not a worker.
        publication = _queue(item, channel.key, caption, event, user, approval,
                             due if automatic else None)
        if publication is not None:
            made.append(publication)
            if automatic:
                transaction.on_commit(partial(queue.deliver_later, publication.pk, due))
    if website is not None and event.scheduled_for is None:
        # Told once every channel of the request is queued: listeners see the whole request
        # (notifications say "published" only when no channel is still on its way).
        publication_state_changed.send(sender=Publication, publication=website)
    return made


def _queue(
    item: Item, key: str, caption: str, event: PublishRequested, user: AbstractBaseUser,
    approval: Approval | None, due: datetime | None,
) -> Publication | None:
    existing = Publication.objects.filter(item=item, channel=key).first()
    if (existing is not None and existing.revision == event.revision
            and existing.state == Publication.State.PUBLISHED):
        return None  # this very revision is already there; publishing it again would repeat it
    publication, _ = Publication.objects.update_or_create(
        item=item, channel=key,
        defaults={
            "state": Publication.State.QUEUED, "revision": event.revision, "approval": approval,
            "requested_by": user, "requested_at": event.at, "due_at": due,
            "scheduled": event.scheduled_for is not None, "attempts": 0, "lease_until": None,
            # When a task will be waiting for it: the sweep leaves it alone until then.
            "enqueued_at": due if due and queue.will_enqueue(due) else None,
            "idempotency_key": new_key(item, key),
            "journal": {}, "error": "", "error_detail": "", "caption": caption,
            "external_id": "", "url": "" if key != WEBSITE else (existing.url if existing else ""),
            "published_at": None, "confirmed_by": None,
        },
    )
    return publication


def new_key(item: Item, channel_key: str) -> str:
    """Unique per request: ``tayang-<item>-<channel>-<random>`` (platforms show it nowhere)."""
    return f"tayang-{item.pk}-{channel_key}-{secrets.token_hex(6)}"[:80]


def _publish_website_now(publication: Publication, at: datetime) -> None:
    Publication.objects.filter(pk=publication.pk).update(
        state=Publication.State.PUBLISHED, published_at=at, lease_until=None, enqueued_at=None,
    )
    publication.refresh_from_db()
    # The website shows the item from this very transaction (tayang.public listens).
    publication_changed.send(sender=Publication, publication=publication)
