"""Withdrawing an item's publication from the website, and who may do it.

Withdrawal is not a step of any SOP, so the engine does not decide it; the rule lives here, in
one place, for the item page (which shows the button) and the view (which does it): the people
holding a role the SOP names for taking a published item down (``after_publish.take_down``;
by default those of its publish step, who put the item on the website) may take it off again,
with a written reason that goes into the item's history. The item's own workflow
state does not change; only its website publication does, and the website forgets the item in
the same transaction (``publication_changed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tayang.engine.actions import Actor
from tayang.items.models import Item, LogEntry, Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.items.signals import publication_changed
from tayang.items.workflow import actor_for
from tayang.sop.model import Sop, StepKind

MIN_REASON = 10


@dataclass(frozen=True)
class Withdrawal:
    """What became of a request to withdraw: done, or why not (in Bahasa Indonesia)."""

    done: bool
    message: str


def publish_roles(sop: Sop) -> tuple[str, ...]:
    """The roles of the SOP's publish steps, in table order."""
    roles: list[str] = []
    for step in sop.steps_of_kind(StepKind.PUBLISH):
        roles.extend(role for role in step.roles if role not in roles)
    return tuple(roles)


def take_down_roles(sop: Sop) -> tuple[str, ...]:
    """Who may take a published item down: the roles its SOP names (``after_publish``),
    else the publish step's."""
    return sop.after_publish_roles("take_down")


def may_withdraw(item: Item, actor: Actor) -> bool:
    """Whether ``actor`` would be allowed to withdraw the item's website publication now."""
    if not set(take_down_roles(item.procedure_version.sop)) & actor.roles:
        return False
    return item.publications.filter(
        channel=WEBSITE_CHANNEL, state=Publication.State.PUBLISHED
    ).exists()


def withdraw(
    item_id: int, user: AbstractBaseUser, reason: str, *, now: datetime | None = None
) -> Withdrawal:
    """Take the item off the website, or say why not; never half-done."""
    now = now or timezone.now()
    reason = reason.strip()
    with transaction.atomic():
        item = (
            Item.objects.select_for_update()
            .select_related("procedure", "procedure_version")
            .get(pk=item_id)
        )
        sop = item.procedure_version.sop
        allowed = take_down_roles(sop)
        held = [role for role in allowed if role in actor_for(user, item.procedure).roles]
        if not held:
            names = ", ".join(sop.role(key).name for key in allowed) or "pelaksana penayangan"
            return Withdrawal(False, f"Penayangan hanya dapat ditarik oleh {names}.")
        publication = (
            Publication.objects.select_for_update()
            .filter(item=item, channel=WEBSITE_CHANNEL).first()
        )
        if publication is None or publication.state != Publication.State.PUBLISHED:
            return Withdrawal(False, "Konten ini tidak sedang tayang di situs web.")
        if len(reason) < MIN_REASON:
            return Withdrawal(
                False, f"Tuliskan alasan penarikan (minimal {MIN_REASON} karakter)."
            )
        from tayang.channels import transitions  # channels build on items

        transitions.move(publication, state=Publication.State.WITHDRAWN, url="")
        publish_step = next(sop.steps_of_kind(StepKind.PUBLISH))
        LogEntry.objects.create(
            item=item, at=now, actor=user, role=held[0], action="withdraw",
            step=publish_step.key, outcome="withdrawn", detail=reason, revision=item.revision,
        )
        publication_changed.send(sender=Publication, publication=publication)
    return Withdrawal(True, "Penayangan di situs web telah ditarik.")
