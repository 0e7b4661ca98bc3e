"""Carrying out a decision made on a link page: through the workflow, once, all or nothing.

The link row is locked first, checked again (a second tap of the button, or the item moving
meanwhile, finds it closed), then the workflow carries the action out as the link's person,
with ``via="link"`` so that the history says so. The route choice offered with the approval
(a decision step that chooses the route, seed C's step 4) is one decision: route and approval
are saved together or not at all. The link is marked used in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from tayang.decisions import links
from tayang.decisions.models import DecisionLink
from tayang.engine.actions import Action, ActionKind, Approve, ChooseRoute, Publish, SendBack
from tayang.engine.machine import Refusal, RefusalReason, Refused
from tayang.items.models import VIA_LINK, Item
from tayang.items.workflow import perform
from tayang.outbox import batch as outbox_batch
from tayang.sop.model import Step
from tayang.workspace.dates import local_text
from tayang.workspace.publish_form import publish_action

# What a link page offers; corrections and the rest are made in the workspace.
OFFERED = (ActionKind.APPROVE, ActionKind.SEND_BACK, ActionKind.PUBLISH)


def route_input(field_key: str) -> str:
    return f"rute-{field_key}"


@dataclass(frozen=True)
class Decided:
    """What became of the decision: done (with what to say), or refused and why."""

    done: bool
    message: str = ""
    refused: Refused | None = None
    link_refusal: links.Refusal | None = None


def decide(link_id: int, kind: ActionKind, data: QueryDict | Mapping[str, Any], *,
           offered: frozenset[ActionKind], now: datetime | None = None) -> Decided:
    """Carry out ``kind`` (one of :data:`OFFERED`) through link ``link_id``."""
    now = now or timezone.now()
    with outbox_batch.atomic():  # every action of the link, their tasks' rows with them
        link = (
            DecisionLink.objects.select_for_update(of=("self",)).select_related("user")
            .get(pk=link_id)
        )
        if refusal := links.why_not(link, now=now):
            return Decided(False, link_refusal=refusal)
        item = Item.objects.select_related("procedure_version", "organization").get(
            pk=link.item_id
        )
        step = item.procedure_version.sop.step(link.step)
        actions = _actions(kind, item, step, data, offered)
        if isinstance(actions, str):
            return Decided(False, refused=Refused((Refusal(RefusalReason.INVALID, actions),)))
        version = link.item_version
        for action in actions:
            result = perform(item.pk, link.user, action, expected_version=version, now=now,
                             via=VIA_LINK)
            if not result.ok:
                transaction.set_rollback(True)  # a route chosen just before is undone too
                refused = result.refusal or Refused(
                    (Refusal(RefusalReason.INVALID, result.message),)
                )
                return Decided(False, refused=refused)
            if result.item is None:
                raise AssertionError
            version = result.item.version
        link.used_at = now
        link.save(update_fields=["used_at"])
    return Decided(True, _done_message(kind, step, actions, item))


def _actions(kind: ActionKind, item: Item, step: Step, data: QueryDict | Mapping[str, Any],
             offered: frozenset[ActionKind]) -> list[Action] | str:
    if kind not in OFFERED or kind not in offered:
        return "Tindakan ini tidak tersedia melalui tautan."
    confirmed = frozenset(data.getlist("confirmed")) if isinstance(data, QueryDict) else (
        frozenset(data.get("confirmed", ()))
    )
    match kind:
        case ActionKind.APPROVE:
            actions: list[Action] = []
            if ActionKind.CHOOSE_ROUTE in offered:
                for key in step.chooses:
                    value = str(data.get(route_input(key), "")).strip()
                    if value and value != item.values.get(key):
                        actions.append(ChooseRoute(key, value))
            note = str(data.get("note", "")).strip()[:500]
            # The written response a step produces on acceptance (an outside party's answer,
            # seed A's Tim Pertimbangan); the engine refuses it where none is asked for.
            response = str(data.get("accept_response", "")).strip()
            return [*actions, Approve(note=note, confirmed=confirmed, response=response)]
        case ActionKind.SEND_BACK:
            return [SendBack(response=str(data.get("response", "")))]
        case ActionKind.PUBLISH:
            read = publish_action(item.organization, data, confirmed)
            return read if isinstance(read, str) else [read]
    return "Tindakan ini tidak tersedia melalui tautan."


def _done_message(kind: ActionKind, step: Step, actions: list[Action], item: Item) -> str:
    match kind:
        case ActionKind.APPROVE if step.party is not None:
            return (f"Jawaban «{step.accept_label}» beserta tanggapan tertulis Anda telah "
                    f"dicatat dan diteruskan kepada {item.organization.name}. Terima kasih.")
        case ActionKind.APPROVE:
            return (f"Keputusan «{step.accept_label}» pada langkah {step.number} telah dicatat; "
                    "konten diteruskan ke langkah berikutnya.")
        case ActionKind.SEND_BACK:
            return (f"Keputusan «{step.reject_label}» telah dicatat; konten dikembalikan dengan "
                    "tanggapan tertulis Anda.")
    publish = actions[-1]
    if isinstance(publish, Publish) and publish.scheduled_for is not None:
        when = local_text(publish.scheduled_for, item.organization)
        return f"Konten dijadwalkan tayang pada {when}."
    return "Konten telah ditayangkan."
