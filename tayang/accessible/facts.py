"""What the engine is told of an item's accessible formats (:mod:`tayang.items.facts`)."""

from __future__ import annotations

from collections.abc import Mapping

from tayang.accessible.models import AccessibleFormat, Format
from tayang.engine.content import FORMATS, FormatReadiness
from tayang.items.models import Item
from tayang.sop.model import CheckKind, Sop

State = AccessibleFormat.State
# The names the engine's messages use ("Format aksesibel masih dibuat: audio, Braille").
NAMES = {Format.AUDIO: "audio", Format.BRAILLE: "Braille", Format.LARGE_PRINT: "cetak besar"}


def readiness(item: Item, sop: Sop) -> Mapping[str, object]:
    """The formats' states for an SOP that checks them; nothing (no query) for the others."""
    if not any(requirement.check is CheckKind.ACCESSIBLE_FORMATS
               for step in sop.steps for requirement in step.requirements):
        return {}
    if item.pk is None:
        return {FORMATS: FormatReadiness()}
    by_state: dict[str, list[str]] = {}
    rows = AccessibleFormat.objects.filter(item=item).order_by("format")
    for kind, state in rows.values_list("format", "state"):
        by_state.setdefault(state, []).append(NAMES[Format(kind)])
    return {FORMATS: FormatReadiness(
        ready=tuple(by_state.get(State.READY, ())),
        waiting=tuple(name for state in (State.QUEUED, State.WORKING, State.RETRYING)
                      for name in by_state.get(state, ())),
        failed=tuple(by_state.get(State.FAILED, ())),
        unavailable=tuple(by_state.get(State.UNAVAILABLE, ())),
    )}
