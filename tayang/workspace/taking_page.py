"""What the item page shows about who has taken the item at its step (*Saya tangani*)."""

from __future__ import annotations

from typing import Any

from tayang.engine.actions import Actor
from tayang.engine.state import ItemState
from tayang.items import taking
from tayang.items.models import Item
from tayang.workspace.access import OrgRequest
from tayang.workspace.dates import local_text


def taking_context(request: OrgRequest, item: Item, state: ItemState | None = None,
                   actor: Actor | None = None) -> dict[str, Any]:
    step = taking.takeable_step(item)
    if step is None:
        return {"taking": None}
    holder = item.taken_by
    mine = holder is not None and holder.pk == request.user.pk
    is_admin = request.membership.is_admin
    return {"taking": {
        "holder": holder,
        "holder_name": taking.person_name(holder) if holder else "",
        "since": local_text(item.taken_at, request.organization) if item.taken_at else "",
        "mine": mine,
        "can_take": holder is None and not taking.why_not_take(item, request.user, state, actor),
        "can_release": holder is not None and (mine or is_admin),
        "candidates": [
            (person.pk, taking.person_name(person))
            for person in taking.candidates(item) if holder is None or person.pk != holder.pk
        ] if is_admin else [],
    }}
