"""The publishing channels as the workspace shows them on an item.

Three things, kept apart from the views so the item page, its refusal page and the polled table
show the same picture:

* the *Kanal publikasi* fieldset of the hand-in form (:class:`ChannelChoices`): which channels
  the item goes to, and a caption variant per channel, saved as ``ChannelChoice`` rows;
* each chosen channel's refusals while the item can still be changed or is about to be
  published (:func:`channel_problems`);
* the publish form's channels and schedule are :mod:`.publish_form`'s (split from here);
* the *Penayangan* table (:func:`publication_rows`): one row per channel with its state in
  words and the actions an admin may take on it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import QueryDict
from django.utils import timezone

from tayang.channels import actions, scheduled_actions, validation
from tayang.channels.connectors.base import ERROR_LABELS
from tayang.channels.models import WEBSITE, Channel, ChannelChoice
from tayang.channels.outbox import chosen_channels
from tayang.channels.post import build, for_publication
from tayang.channels.registry import known
from tayang.engine.state import Status
from tayang.items.models import Item, Publication
from tayang.orgs.models import Organization
from tayang.sop.model import StepKind
from tayang.workspace.dates import local_text
from tayang.workspace.publish_form import choosable, publish_form

log = logging.getLogger(__name__)
State = Publication.State

WEBSITE_NAME = "Situs web organisasi"
# Form names: hyphens, so they never meet an SOP field's key (letters, digits, underscores).
CHOSEN = "pilih-kanal"
CHOICES_SHOWN = "pilih-kanal-tampil"
# The table asks for news every few seconds while a worker is about to act on a row; a row
# due later (a scheduled time, a retry in ten minutes) only needs a look now and then.
SOON = timedelta(minutes=1)
POLL_FAST = "3s"
POLL_SLOW = "60s"


def caption_name(channel: Channel) -> str:
    return f"teks-kanal-{channel.key}"


def _normalized(text: str) -> str:
    """What a platform will count: browsers send line breaks as CR LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# --- the hand-in form's fieldset ----------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceRow:
    channel: Channel
    checked: bool
    caption: str
    caption_name: str
    caption_max: int | None
    count_name: str


class ChannelChoices:
    """The *Kanal publikasi* fieldset: shown only when the organization has channels.

    A new item starts with the channels marked *dipilih otomatis*; an existing one with what
    applies to it now (its ``ChannelChoice`` rows, else those defaults). A form sent without the
    fieldset (it was not on the page) leaves the choices as they are.
    """

    def __init__(self, organization: Organization, item: Item | None = None,
                 data: QueryDict | None = None) -> None:
        self.organization = organization
        self.item = item
        self.data = data
        self.bound = data is not None and CHOICES_SHOWN in data

    # Read when asked: a form sent without the fieldset and saved needs none of them (the
    # channels and the item's choices were two queries of every edit, issue 16).

    @cached_property
    def channels(self) -> list[Channel]:
        return choosable(self.organization)

    @cached_property
    def current(self) -> dict[int, str]:
        if self.item is not None:
            return {channel.pk: caption
                    for channel, caption in chosen_channels(self.item, enabled=self.channels)}
        return {channel.pk: "" for channel in self.channels if channel.selected_by_default}

    @cached_property
    def wanted(self) -> dict[int, str]:
        if not self.bound:
            return self.current
        if self.data is None:
            raise AssertionError
        picked = set(self.data.getlist(CHOSEN))
        return {channel.pk: _normalized(self.data.get(caption_name(channel), ""))
                for channel in self.channels if channel.key in picked}

    @cached_property
    def typed(self) -> dict[int, str]:
        if not self.bound:
            return dict(self.current)
        if self.data is None:
            raise AssertionError
        return {channel.pk: _normalized(self.data.get(caption_name(channel), ""))
                for channel in self.channels}

    @property
    def shown(self) -> bool:
        return bool(self.channels)

    @property
    def rows(self) -> list[ChoiceRow]:
        rows = []
        for channel in self.channels:
            connector = known(channel.kind)
            limits = connector.limits if connector else None
            rows.append(ChoiceRow(
                channel, channel.pk in self.wanted, self.typed.get(channel.pk, ""),
                caption_name(channel), limits.caption_max if limits else None,
                limits.count_name if limits else "karakter",
            ))
        return rows

    def default_caption(self) -> str:
        """The caption a channel gets without a variant: title, lead and the article's link."""
        if self.item is None:
            return ""
        try:
            return build(self.item, self.item.values, key="pratinjau").text
        except Exception:  # a preview must never stop the form from opening
            log.warning("Pratinjau teks bawaan gagal untuk konten %s", self.item.pk,
                        exc_info=True)
            return ""

    def changed(self) -> bool:
        return self.bound and self.wanted != self.current

    def save(self, item: Item) -> bool:
        """Replace the item's choices among the shown channels; whether anything changed.

        Choices of channels the form did not show (disabled for now) are kept.
        """
        if not self.bound:
            return False
        changed = self.changed()
        ChannelChoice.objects.filter(item=item, channel__in=self.channels).delete()
        ChannelChoice.objects.bulk_create(
            ChannelChoice(item=item, channel=channel, caption=self.wanted[channel.pk])
            for channel in self.channels if channel.pk in self.wanted
        )
        return changed

    def defaults_instead(self, item: Item) -> list[Channel]:
        """The default channels an item goes to although none was ticked, if so.

        ``ChannelChoice`` cannot say "none": an item without rows follows the organization's
        default channels (:func:`tayang.channels.outbox.chosen_channels`). The form says so
        rather than pretend the empty choice was kept.
        """
        if not self.bound or self.wanted:
            return []
        return [channel for channel, _ in chosen_channels(item)]


# --- refusals shown before pressing -------------------------------------------------------------


def channel_problems(item: Item) -> list[str] | None:
    """Each chosen channel's refusals while they matter; ``None`` when there is nothing to show.

    A draft or a returned item is checked as at hand-in; at the publish step also whether each
    channel's settings are complete, as at publishing.
    """
    if not Channel.objects.filter(organization_id=item.organization_id, enabled=True).exclude(
        kind=WEBSITE
    ).exists():
        return None
    sop = item.procedure_version.sop
    at_publish = bool(item.step) and sop.step(item.step).kind is StepKind.PUBLISH
    if item.status not in (Status.DRAFT, Status.RETURNED) and not at_publish:
        return None
    return validation.problems(item, publishing=at_publish)


# --- the Penayangan table -----------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationRow:
    publication: Publication
    name: str
    state_label: str
    note: str  # why, in words: the error, the explanation, what the admin is to do
    # The failure's classification ("ditolak platform: token kedaluwarsa atau tanpa izin").
    # The platform's own reply is never on this page (see ERROR_LABELS).
    classification: str
    text_to_post: str  # for a manual channel: the caption the admin posts by hand
    can_retry: bool
    can_resend: bool
    can_record_proof: bool
    can_withdraw: bool
    has_poster: bool
    busy: bool  # a worker is about to act on it
    waiting: bool  # a worker will act on it later


def publication_rows(item: Item) -> list[PublicationRow]:
    """One row per channel the item went to, the website first."""
    organization = item.organization
    channels = {c.key: c for c in Channel.objects.filter(organization=organization)}
    publications = sorted(item.publications.all(),
                          key=lambda p: (p.channel != WEBSITE, _position(channels, p), p.channel))
    now = timezone.now()
    return [_row(publication, channels.get(publication.channel), item, now)
            for publication in publications]


def _position(channels: dict[str, Channel], publication: Publication) -> int:
    channel = channels.get(publication.channel)
    return channel.position if channel else 0


def _row(publication: Publication, channel: Channel | None, item: Item,
         now: datetime) -> PublicationRow:
    organization = item.organization
    website = publication.channel == WEBSITE
    connector = known(channel.kind) if channel else None
    automatic = website or (connector.automatic if connector else True)
    name = channel.name if channel else (WEBSITE_NAME if website else publication.channel)
    state = publication.state
    label, note = publication.get_state_display(), ""
    text_to_post = ""
    if state == State.QUEUED and publication.due_at and publication.due_at > now:
        label = f"Terjadwal {local_text(publication.due_at, organization)}"
    elif state == State.QUEUED and not automatic:
        note = str((channel.config or {}).get("instructions", "")).strip() if channel else ""
        note = note or ("Menunggu admin mengunggahnya sendiri, lalu mencatat tautan "
                        "unggahan sebagai bukti.")
        if publication.scheduled and item.published_at and item.published_at > now:
            note += f" Jadwal tayang: {local_text(item.published_at, organization)}."
        text_to_post = _text_to_post(publication)
    elif state == State.RETRYING:
        when = local_text(publication.due_at, organization, short=True) if (
            publication.due_at) else ""
        label = f"Dicoba lagi {when}".strip()
        note = publication.error
    elif state in (State.FAILED, State.NEEDS_CHECK, State.PUBLISHED):
        note = publication.error  # for a published one: a withdrawal that failed
    due_soon = publication.due_at is None or publication.due_at <= now + SOON
    worker_pending = automatic and state in (State.QUEUED, State.RETRYING)
    return PublicationRow(
        publication=publication, name=name, state_label=label, note=note,
        classification=ERROR_LABELS.get(publication.error_kind, "") if note else "",
        text_to_post=text_to_post,
        can_retry=state == State.FAILED,
        can_resend=state == State.NEEDS_CHECK,
        can_record_proof=not website and (
            state == State.NEEDS_CHECK or (state == State.QUEUED and not automatic)
        ),
        can_withdraw=(not website and state == State.PUBLISHED and connector is not None
                      and connector.can_withdraw),
        has_poster=bool(publication.document),
        busy=state in (State.PUBLISHING, State.WITHDRAWING) or (worker_pending and due_soon),
        waiting=worker_pending and not due_soon,
    )


def _text_to_post(publication: Publication) -> str:
    try:
        return for_publication(publication).text
    except Exception:  # the row still shows, with its proof form
        log.warning("Teks tayangan %s tidak dapat disusun", publication.pk, exc_info=True)
        return publication.caption


_SCHEDULED_STATES = (Publication.State.QUEUED, Publication.State.RETRYING,
                     Publication.State.PAUSED)


def poll_every(rows: list[PublicationRow]) -> str:
    """How often the table asks for news: often while a worker is at it, else seldom or never."""
    if any(row.busy for row in rows):
        return POLL_FAST
    if any(row.waiting for row in rows):
        return POLL_SLOW
    return ""


def table_context(item: Item, user: AbstractBaseUser) -> dict[str, Any]:
    rows = publication_rows(item)
    scheduled = [row.publication for row in rows
                 if row.publication.scheduled and row.publication.state in _SCHEDULED_STATES]
    held = sum(1 for publication in scheduled if publication.state == Publication.State.PAUSED)
    return {
        "scheduled_waiting": len(scheduled) - held,
        "scheduled_held": held,
        "may_reschedule": bool(scheduled) and scheduled_actions.may(item, user, "reschedule"),
        "may_pause": bool(scheduled) and scheduled_actions.may(item, user, "pause"),
        "publication_rows": rows,
        "publications_poll": poll_every(rows),
        "may_manage_publications": bool(rows) and actions.may_manage(item, user),
        "withdraw_channel_min_reason": actions.MIN_REASON,
    }


def channel_context(item: Item, user: AbstractBaseUser, allowed: set[str]) -> dict[str, Any]:
    """What the item page adds about channels (see the module's docstring)."""
    context = table_context(item, user)
    context["channel_problems"] = channel_problems(item)
    context["publish_form"] = publish_form(item) if "publish" in allowed else None
    return context
