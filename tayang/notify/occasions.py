"""The occasions that call for a message, each deciding who is told and what.

Every function runs inside the transaction of what caused it (an action, a wake-up, a
publication's new state) and writes through :func:`tayang.notify.announce.announce`. The
occasion's key makes it once per person: an arrival is per visit of a step, a reminder per
visit and stage, a publication per request, a channel problem per attempt that failed.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from tayang import named_urls
from tayang.channels.models import WEBSITE, Channel
from tayang.channels.post import article_link
from tayang.engine.events import ReminderStage, ResponseWritten
from tayang.engine.state import ItemState, Status
from tayang.items.models import Item, Publication
from tayang.notify import compose, recipients
from tayang.notify.announce import announce
from tayang.notify.models import Kind, WakeUp
from tayang.sop.model import Sop, Step

State = Publication.State
# A publication that will still change by itself (a worker will take it).
_ON_ITS_WAY = (State.PUBLISHING, State.RETRYING)


def _stamp(moment: datetime | None) -> str:
    return f"{moment.timestamp():.6f}" if moment else "-"


def _others(people: list[AbstractBaseUser], actor: AbstractBaseUser | None) -> list:
    """Whoever did it sees it happen; they are not told about it."""
    return [person for person in people if actor is None or person.pk != actor.pk]


def arrival(item: Item, sop: Sop, actor: AbstractBaseUser | None, *,
            fresh: bool = False, state: ItemState | None = None) -> None:
    """The item now waits at a step: tell whoever may act on it there.

    ``fresh``: the caller's action entered this very visit (``notices.write``)."""
    if not item.step or item.status == Status.DRAFT:
        return  # a draft is its author's own work until it is handed in
    step = sop.step(item.step)
    people = _others(recipients.step_people(item, sop, step, state=state), actor)
    if step.party is not None and not people:
        _no_office(item, sop, step)
    _arrived(item, sop, step, people, fresh=fresh)


def office_added(item: Item, sop: Sop, office: AbstractBaseUser) -> None:
    """An office now fills the party of the step the item waits at: it gets the arrival
    message (once per visit, like everyone told on arrival), with its own link."""
    _arrived(item, sop, sop.step(item.step), [office])


def _arrived(item: Item, sop: Sop, step: Step, people: list[AbstractBaseUser], *,
             fresh: bool = False) -> None:
    announce(
        people, kind=Kind.ARRIVED, organization=item.organization, item=item,
        key=f"arrived:{item.pk}:{step.key}:{_stamp(item.step_entered_at)}",
        words=compose.arrived(item, sop, step), at=item.step_entered_at or item.updated_at,
        link=compose.item_path(item), step=step.key, visit=item.step_entered_at, fresh=fresh,
    )


def _no_office(item: Item, sop: Sop, step: Step) -> None:
    """An outside party's step that no active office fills: nobody can answer, so the admins
    hear of it now (as of a step that is late), with the way to *Kelola › Pihak luar*."""
    announce(
        recipients.admins(item.organization_id), kind=Kind.ESCALATION,
        organization=item.organization, item=item,
        key=f"no_office:{item.pk}:{step.key}:{_stamp(item.step_entered_at)}",
        words=compose.no_office(item, sop, step), at=item.step_entered_at or item.updated_at,
        link=named_urls.reverse("workspace:manage-parties", org=item.organization.slug),
        step=step.key, visit=item.step_entered_at,
    )


def sent_back(item: Item, sop: Sop, event: ResponseWritten,
              actor: AbstractBaseUser | None, *, fresh: bool = False,
              state: ItemState | None = None) -> None:
    """Sent back with a written response: tell whoever must now correct it, with the text.

    ``fresh``: the caller's action entered this very visit (``notices.write``)."""
    if item.step != event.to_step:
        return
    step = sop.step(event.to_step)
    people = _others(recipients.step_people(item, sop, step, state=state), actor)
    announce(
        people, kind=Kind.SENT_BACK, organization=item.organization, item=item,
        key=f"sent_back:{item.pk}:{step.key}:{_stamp(item.step_entered_at)}",
        words=compose.sent_back(item, sop, sop.step(event.step), step, event.text),
        at=event.at, link=compose.item_path(item), step=step.key, visit=item.step_entered_at,
        fresh=fresh,
    )


def reminder(wakeup: WakeUp, now: datetime) -> None:
    """A wake-up of the item's current visit fell due: remind, or escalate."""
    item = wakeup.item
    sop = item.procedure_version.sop
    step = sop.step(wakeup.step)
    stage = ReminderStage(wakeup.stage)
    key = f"{stage.value}:{item.pk}:{step.key}:{_stamp(wakeup.visit)}"
    common = {"organization": item.organization, "item": item, "key": key, "at": now,
              "link": compose.item_path(item), "step": step.key, "visit": wakeup.visit}
    if stage in (ReminderStage.TARGET, ReminderStage.LIMIT):
        people = recipients.step_people(item, sop, step)
        kind = Kind.TARGET if stage is ReminderStage.TARGET else Kind.LIMIT
        announce(people, kind=kind, words=compose.reminder(item, sop, step, stage), **common)
        return
    if item.status == Status.DRAFT:
        return  # not the agency's business until handed in; its author was reminded
    holders = recipients.step_people(item, sop, step)
    names = [person.get_full_name() or person.get_username() for person in holders]
    kind = Kind.ESCALATION if stage is ReminderStage.ESCALATION else Kind.ESCALATION_AGAIN
    announce(recipients.escalation_people(item, wakeup.roles), kind=kind,
             words=compose.escalation(item, sop, step, stage, names), **common)


def publication_changed(publication: Publication,
                        publications: list[Publication] | None = None) -> None:
    """A channel's publication changed: problems to the publishers, the result to the authors.

    ``publications``: every publication of the item as it now stands, when the sender has
    them (the publish action has just written them); else they are read."""
    # The publish request hands over the item it holds; the worker's publications read it.
    if Publication.item.is_cached(publication):
        item = publication.item
    else:
        item = Item.objects.select_related("organization", "procedure_version").get(
            pk=publication.item_id)
    if publication.state in (State.FAILED, State.NEEDS_CHECK):
        name = channel_names(item).get(publication.channel, publication.channel)
        announce(
            recipients.publishers_and_admins(item), kind=Kind.CHANNEL_PROBLEM,
            organization=item.organization, item=item,
            key=(f"channel:{publication.pk}:{publication.idempotency_key}:"
                 f"{publication.state}:{publication.attempts}"),
            words=compose.channel_problem(item, publication, name), at=timezone.now(),
            link=compose.item_path(item),
        )
    _published_when_settled(item, publications)


def channel_names(item: Item) -> dict[str, str]:
    """The organization's channel names by key, read only when a message names a channel."""
    return dict(Channel.objects.filter(organization_id=item.organization_id)
                .values_list("key", "name"))


def _published_when_settled(item: Item, publications: list[Publication] | None) -> None:
    """Once no channel of the request is still on its way, tell the authors where it is."""
    if publications is None:
        publications = list(item.publications.all())
    website = next((p for p in publications if p.channel == WEBSITE), None)
    if website is None or website.state != State.PUBLISHED:
        return
    waiting = [p for p in publications if p.state in _ON_ITS_WAY
               or (p.state == State.QUEUED and p.due_at is not None)]
    if waiting:
        return
    link = article_link(item)
    lines = [f"Situs web: {link}"]
    names = channel_names(item)
    for publication in publications:
        if publication.channel == WEBSITE:
            continue
        name = names.get(publication.channel, publication.channel)
        if publication.state == State.PUBLISHED:
            lines.append(f"{name}: {publication.url or 'tayang'}")
        elif publication.state == State.QUEUED:
            lines.append(f"{name}: menunggu diunggah admin")
        else:
            lines.append(f"{name}: {publication.get_state_display().lower()}")
    # When the last channel settled (the publish action itself when only the website).
    at = max(p.published_at or p.requested_at for p in publications)
    announce(
        recipients.authors(item), kind=Kind.PUBLISHED, organization=item.organization,
        item=item, key=f"published:{item.pk}:{website.idempotency_key}",
        words=compose.published(item, lines), at=at, link=link,
    )
