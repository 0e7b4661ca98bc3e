"""The item page's *Format aksesibel*: each format's state, a player and the downloads.

The publisher listens to the audio and opens the Braille and large print before publishing
(seed D's duty "dilengkapi dengan audio, visual, dan/atau Braille" is checked on these files,
:mod:`tayang.accessible.facts`). Any member holding a role of the item's SOP, or an admin,
may make them again, or ask for them on an item whose SOP does not.
"""

from __future__ import annotations

from typing import Any

from tayang.accessible.asked import asks_for_formats
from tayang.accessible.offered import offered
from tayang.accessible.source import source_of
from tayang.items.models import Item
from tayang.items.workflow import roles_of
from tayang.workspace.access import OrgRequest


def may_request_formats(request: OrgRequest, item: Item,
                        roles: frozenset[str] | None = None) -> bool:
    """``roles``: the person's roles of the item's SOP, when the caller has read them."""
    if item.handed_in_at is None or item.status in ("refused", "cancelled"):
        return False
    if request.membership.is_admin:
        return True
    return bool(roles if roles is not None else roles_of(request.user, item.procedure))


def formats_context(request: OrgRequest, item: Item, roles: frozenset[str]) -> dict[str, Any]:
    if item.handed_in_at is None:
        return {"formats": None}
    sop = item.procedure_version.sop
    source = source_of(sop, item.values)
    entries = offered(item.pk, source)
    return {
        "formats": entries,
        "formats_asked": asks_for_formats(sop),
        "formats_words": source.words,
        "may_request_formats": may_request_formats(request, item, roles),
    }
