"""Facts other apps add to an item's values for the engine, without the items app knowing them.

The engine checks some requirements against facts that are not content: whether an item's
accessible formats are ready (:mod:`tayang.accessible.facts`). An app registers a provider in
its ``AppConfig.ready()``; :func:`tayang.items.workflow.state_of` merges what every provider
returns into the engine's values. A provider returns nothing (and queries nothing) for an SOP
that does not ask for its fact, so items of other SOPs pay no query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from tayang.sop.model import Sop

if TYPE_CHECKING:
    from tayang.items.models import Item

type Provider = Callable[["Item", Sop], Mapping[str, object]]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def gathered(item: Item, sop: Sop) -> dict[str, object]:
    found: dict[str, object] = {}
    for provider in _providers:
        found.update(provider(item, sop))
    return found
