"""What a link page shows: the content, the checklist, earlier notes and responses, and
exactly the buttons the engine allows the link's person at the step.

Built from the same pieces as the workspace's item page (``tayang.workspace.item_page``), so
the official sees what the item page would show, without the workspace around it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tayang.decisions.deciding import OFFERED, route_input
from tayang.decisions.models import DecisionLink
from tayang.engine.actions import ActionKind
from tayang.engine.machine import allowed_actions
from tayang.engine.requirements import evaluate, shown_requirements
from tayang.items.models import Item
from tayang.items.workflow import actor_for, state_of
from tayang.parties.lookup import party_of
from tayang.sop.model import Step
from tayang.workspace.dates import deadline_text, local_text
from tayang.workspace.item_page import shown_fields
from tayang.workspace.publish_form import publish_form
from tayang.workspace.time_left import time_left


def allowed_for(link: DecisionLink, item: Item) -> frozenset[ActionKind]:
    """Every action the engine allows the link's person on the item now."""
    sop = item.procedure_version.sop
    return frozenset(
        allowed_actions(sop, state_of(item, sop), actor_for(link.user, item.procedure))
    )


def offered_of(allowed: frozenset[ActionKind]) -> frozenset[ActionKind]:
    """What a link page offers of what is allowed (with the route choice that goes with the
    approval)."""
    return allowed & {*OFFERED, ActionKind.CHOOSE_ROUTE}


def page_context(link: DecisionLink, item: Item) -> dict[str, Any]:
    sop = item.procedure_version.sop
    step = sop.step(link.step)
    state = state_of(item, sop)
    allowed = allowed_for(link, item)
    offered = offered_of(allowed)
    sop_roles = {role.key: role.name for role in sop.roles}
    steps = {s.key: s for s in sop.steps}
    now = timezone.now()
    routes = [
        (sop.field(key), route_input(key), item.values.get(key) or "")
        for key in step.chooses
    ] if ActionKind.CHOOSE_ROUTE in offered else []
    party = party_of(link.user)
    reject_key = step.reject_target(dict(item.values)) or ""
    context = {
        "link": link,
        "item": item,
        "sop": sop,
        "step": step,
        "person": link.user.get_full_name() or link.user.get_username(),
        "organization": item.organization,
        "fields": shown_fields(sop, item),
        "checklist": evaluate(sop, shown_requirements(sop, step), state.values),
        "responses": [
            (response, steps.get(response.step)) for response in
            item.responses.select_related("author")
        ],
        "history": [
            (entry, sop_roles.get(entry.role, entry.role), steps.get(entry.step))
            for entry in item.log.select_related("actor")
        ],
        "offered": {kind.value for kind in offered},
        "routes": routes,
        "publish_form": publish_form(item) if ActionKind.PUBLISH in offered else None,
        "can_correct": ActionKind.EDIT in allowed,
        "reject_to": steps.get(reject_key),
        "left": time_left(item.due_target, item.due_limit, now),
        "limit_text": deadline_text(item.due_limit, item.organization.zone_abbreviation,
                                    item.organization.zone)
        if item.due_limit else "",
        "expires_text": local_text(link.expires_at, item.organization),
        "party": party,
    }
    if party is not None:
        context.update(_party_view(item, step, context))
    return context


def _party_view(item: Item, step: Step, context: dict[str, Any]) -> dict[str, Any]:
    """What an outside party sees: the content without internal fields, what it is asked and
    why it was sent back to it, nothing of the organization's history or people."""
    sop = item.procedure_version.sop
    internal = {f.key for f in sop.fields if f.internal}
    asked = item.responses.filter(to_step=step.key, kind="sent_back").order_by(
        "-created_at", "-pk").first()
    return {
        "person": context["party"].display_name,
        "fields": [f for f in context["fields"] if f.key not in internal],
        "history": [],
        "responses": [],
        "asked": asked,
        "party_role": sop.role(step.party or "").name,
    }
