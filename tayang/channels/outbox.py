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
from functools import lru_cache

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.text import slugify

from tayang.channels import queue, transitions
from tayang.channels.models import WEBSITE, Channel, ChannelChoice
from tayang.channels.signals import publication_state_changed
from tayang.engine.events import PublishRequested
from tayang.items.models import Approval, Item, Publication
from tayang.items.signals import publication_changed
from tayang.public.addresses import article_address
from tayang.rows import reading
from tayang.sop.model import Destination, Sop


def publishing_channels(item: Item, keys: Iterable[str] = ()) -> list[tuple[Channel, str]]:
    """:func:`chosen_channels` for the publish action: its check (:mod:`.validation`) and its
    outbox run on the same locked item in one transaction, so the second reads the first's
    answer instead of the database (the item object lives only as long as that action)."""
    keys = tuple(keys)
    known = item.__dict__.get("_publishing_channels")
    if known is not None and known[0] == keys:
        return known[1]
    found = chosen_channels(item, keys)
    item.__dict__["_publishing_channels"] = (keys, found)
    return found


def chosen_channels(item: Item, keys: Iterable[str] = (),
                    enabled: list[Channel] | None = None) -> list[tuple[Channel, str]]:
    """(channel, caption variant) the item goes to, besides the website (always).

    ``keys`` given at publishing win (``("website",)`` alone: the website only); else what was
    chosen at hand-in; else the organization's channels marked to be chosen by default.
    Disabled channels never count. One query, whatever the number of channels: the
    organization's enabled channels, each with the item's choice of it (or the item's choices
    alone when the caller has the ``enabled`` channels but the website already, as the
    hand-in form does). An SOP whose publish step does not send items to the channels
    (``destinations``) gets none.
    """
    if Destination.CHANNELS.value not in item.procedure_version.sop.destinations:
        return []
    keys = tuple(keys)
    wanted = {key for key in keys if key != WEBSITE}
    if enabled is None:
        enabled, captions, any_choice = _enabled_with_choices(item)
    else:
        choices = list(ChannelChoice.objects.filter(item=item)
                       .values_list("channel_id", "caption"))
        captions, any_choice = dict(choices), bool(choices)
    if keys:
        channels = [channel for channel in enabled if channel.key in wanted]
    elif any_choice:  # chosen at hand-in, even if every chosen channel is disabled since
        channels = [channel for channel in enabled if channel.pk in captions]
    else:
        channels = [channel for channel in enabled if channel.selected_by_default]
    return [(channel, captions.get(channel.pk, "")) for channel in channels]


def _enabled_with_choices(item: Item) -> tuple[list[Channel], dict[int, str], bool]:
    """The organization's enabled channels but the website, the item's captions of those it
    chose ({channel id: caption}) and whether it chose any channel at all (a disabled one
    too): one statement (the choices were a second), written out once per process with its
    two subqueries (``_enabled_sql``): built by the ORM (the subqueries as ``RawSQL``
    annotations) the query cost 0.7 ms of Python, several times the database's time."""
    with connection.cursor() as cursor:
        cursor.execute(_enabled_sql(connection.vendor),
                       [item.pk, item.pk, item.organization_id, True, WEBSITE])
        rows = cursor.fetchall()
    width = reading.width(Channel)
    enabled = [reading.build(Channel, row) for row in rows]
    captions = {channel.pk: row[width] for channel, row in zip(enabled, rows, strict=True)
                if row[width] is not None}
    return enabled, captions, any(row[width + 1] for row in rows)


@lru_cache(maxsize=4)
def _enabled_sql(vendor: str) -> str:
    """The channels in their order (``Channel.Meta.ordering``: one organization's, so by
    position), each with the item's caption of it and whether the item chose any."""
    caption, chose_any = _choice_sql()
    channels = connection.ops.quote_name(Channel._meta.db_table)
    return (f"SELECT {reading.select_list(Channel, channels)}, ({caption}), {chose_any} "
            f"FROM {channels} WHERE {channels}.organization_id = %s AND {channels}.enabled = %s "
            f"AND NOT ({channels}.kind = %s) ORDER BY {channels}.position, {channels}.id")


@lru_cache(maxsize=1)
def _latest_approval_sql() -> str:
    """The item's latest approval (``item.approvals.order_by("-created_at", "-pk")``), as a
    subquery of the publications' INSERT; written out, it costs no ORM compiling."""
    approvals = connection.ops.quote_name(Approval._meta.db_table)
    return (f"SELECT a.id FROM {approvals} AS a WHERE a.item_id = %s "
            f"ORDER BY a.created_at DESC, a.id DESC LIMIT 1")


@lru_cache(maxsize=1)
def _choice_sql() -> tuple[str, str]:
    quote = connection.ops.quote_name
    choices = quote(ChannelChoice._meta.db_table)
    channels = quote(Channel._meta.db_table)
    return (f"SELECT c.caption FROM {choices} AS c WHERE c.item_id = %s "
            f"AND c.channel_id = {channels}.id",
            f"EXISTS (SELECT 1 FROM {choices} AS c WHERE c.item_id = %s)")


def outside_channels(item: Item, sop: Sop) -> list[Channel]:
    """The manual channels of the outside systems the SOP's publish step names."""
    step = sop.publish_step
    found = []
    for name in step.outside if step else ():
        key = f"luar-{slugify(name)}"[:40]
        channel, _ = Channel.objects.get_or_create(
            organization_id=item.organization_id, key=key,
            defaults={"kind": "manual", "name": name[:120], "selected_by_default": False,
                      "config": {"instructions": f"Masukkan ke {name}, lalu catat tautan "
                                                 "buktinya."}},
        )
        found.append(channel)
    return found


def request(item: Item, event: PublishRequested, user: AbstractBaseUser) -> list[Publication]:
    """One publication per channel, queued for now or for the scheduled time.

    The rows are written together (one INSERT for the new ones); the website's is written
    already published when it is not scheduled, and the public site shows it in this very
    transaction (``publication_changed``, heard by :mod:`tayang.public`).
    """
    # The latest approval, found by the INSERT itself (one statement fewer than reading it).
    approval = RawSQL(_latest_approval_sql(), (item.pk,))
    due = event.scheduled_for or event.at
    now = event.scheduled_for is None
    # Locked: a worker may be changing one of them, and the tallies move what was there. An
    # item never asked to be published before (the engine's ``first``) has none to read.
    existing = {} if event.first else {
        publication.channel: publication for publication in
        Publication.objects.select_for_update(of=("self",)).filter(item=item)}
    sop = item.procedure_version.sop
    website = [(WEBSITE, "", due, False)] if sop.website_section else []
    # Outside systems the SOP names are entered by hand, and their proof recorded, like a
    # manual channel (made the first time an item goes there).
    outside = [(channel.key, "", None, False) for channel in outside_channels(item, sop)]
    wanted = website + outside + [
        # A manual channel has no due time: it waits for the admin's proof, not a worker.
        (channel.key, caption, due if channel.connector.automatic else None,
         channel.connector.automatic)
        # A correction replaces the website's article; the other channels keep what they
        # posted unless the publisher chooses them again (a post is not edited behind readers'
        # backs).
        for channel, caption in (
            publishing_channels(item, event.channels)
            if event.channels or not event.correction else []
        )
    ]
    asked: list[tuple[str, Publication | None, dict[str, object]]] = []
    automatic_of: list[bool] = []
    for key, caption, due_at, automatic in wanted:
        old = existing.get(key)
        if (old is not None and old.revision == event.revision
                and old.state == Publication.State.PUBLISHED):
            continue  # this very revision is already there; publishing it again would repeat it
        fields = _fields(item, key, caption, event, user, approval, due_at, old)
        if key == WEBSITE and now:
            # Its article's address too, as the website's index will name it (it writes it
            # again only if the article's title says otherwise): no second UPDATE.
            fields = {**fields, "state": Publication.State.PUBLISHED, "published_at": event.at,
                      "enqueued_at": None, "url": article_address(item, item.title)}
        asked.append((key, old, fields))
        automatic_of.append(automatic)
    # Written (and counted in the dashboard's tallies) by channels/transitions.py.
    made = list(zip(transitions.request(item, asked), automatic_of, strict=True))
    for publication, _ in made:
        # The approval was the INSERT's subquery: read from the row if anyone asks.
        publication.__dict__.pop("approval_id", None)
    for publication, automatic in made:
        if publication.channel == WEBSITE:
            if now:
                # The website shows the item from this very transaction (tayang.public).
                publication_changed.send(sender=Publication, publication=publication,
                                         first=event.first)
            else:
                queue.deliver_on_commit(publication.pk, due)
        elif automatic:
            queue.deliver_on_commit(publication.pk, due)
    published_now = [publication for publication, _ in made
                     if publication.channel == WEBSITE and now]
    if published_now:
        # Told once every channel of the request is queued: listeners see the whole request
        # (notifications say "published" only when no channel is still on its way), and every
        # publication of the item as it now stands, not read again.
        standing = {**existing, **{publication.channel: publication for publication, _ in made}}
        publication_state_changed.send(sender=Publication, publication=published_now[0],
                                       publications=sorted(standing.values(),
                                                           key=lambda p: p.channel))
    return [publication for publication, _ in made]


def _fields(
    item: Item, key: str, caption: str, event: PublishRequested, user: AbstractBaseUser,
    approval: RawSQL, due: datetime | None, existing: Publication | None,
) -> dict[str, object]:
    return {
        "state": Publication.State.QUEUED, "revision": event.revision,
        "approval_id": approval, "requested_by": user, "requested_at": event.at, "due_at": due,
        "scheduled": event.scheduled_for is not None, "attempts": 0, "lease_until": None,
        # When a task will be waiting for it: the sweep leaves it alone until then.
        "enqueued_at": due if due and queue.will_enqueue(due) else None,
        "idempotency_key": new_key(item, key),
        "journal": {}, "error": "", "error_kind": "", "error_detail": "", "caption": caption,
        "external_id": "", "url": "" if key != WEBSITE else (existing.url if existing else ""),
        "published_at": None, "confirmed_by": None,
    }


def new_key(item: Item, channel_key: str) -> str:
    """Unique per request: ``tayang-<item>-<channel>-<random>`` (platforms show it nowhere)."""
    return f"tayang-{item.pk}-{channel_key}-{secrets.token_hex(6)}"[:80]
