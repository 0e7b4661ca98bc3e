"""Choosing an item's route (the value of a routing field) at a step that chooses it.

A route may be chosen on its own ("Simpan rute") or with the step's accepting action, so that
the button always decides with the route the page showed as selected (one version, one
history entry).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from tayang.engine import events as ev
from tayang.engine.refusals import RefusalReason, Refused, refuse
from tayang.engine.state import ItemState
from tayang.sop.model import Sop, Step


def route_refusal(sop: Sop, step: Step, key: str, value: str) -> Refused | None:
    """Why ``key`` may not be set to ``value`` at ``step``, or None."""
    if key not in step.chooses:
        return refuse(
            RefusalReason.INVALID,
            f"Rute berdasarkan «{key}» tidak dipilih pada langkah ini.",
        )
    item_field = sop.field(key)
    if value not in {choice for choice, _ in item_field.choices}:
        labels = ", ".join(label for _, label in item_field.choices)
        return refuse(
            RefusalReason.INVALID,
            f"Pilihan «{value}» tidak dikenal untuk {item_field.label}; "
            f"pilih salah satu: {labels}.",
        )
    return None


def apply_route(
    sop: Sop, step: Step, state: ItemState, route: Mapping[str, str], now: datetime
) -> tuple[ItemState, tuple[ev.Event, ...], str] | Refused:
    """``state`` with the changed route values, their events and a line for the history."""
    changed = {}
    for key, value in route.items():
        if refused := route_refusal(sop, step, key, value):
            return refused
        if state.values.get(key) != value:
            changed[key] = value
    if not changed:
        return state, (), ""
    routed = replace(state, values={**state.values, **changed})
    texts = [
        f"{sop.field(key).label}: {sop.field(key).choice_label(value)}"
        for key, value in changed.items()
    ]
    events = tuple(ev.RouteChosen(key, value, now) for key, value in changed.items())
    return routed, events, "Rute " + ", ".join(texts)
