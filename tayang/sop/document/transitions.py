"""Every arrow the flowchart must draw, read from the SOP's flow, with the SOP's own labels.

The arrows are the transitions of :func:`tayang.sop.flow.edges` (accepting leads to ``next``,
sending back leads to ``reject``) plus one *skip* for each way around a conditional step: when
a step's ``next`` is a step that applies only to some items, the items it does not apply to go
on to that step's own ``next``. The skip is labelled with the values it is taken for (seed C:
"Kegiatan biasa rutin" goes around the Kepala Dinas straight to the Admin).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tayang.sop import flow
from tayang.sop.model import END, Condition, FieldKind, Sop, Step, StepKind


class TransitionKind(StrEnum):
    NEXT = "next"  # accepting (or finishing) a step
    REJECT = "reject"  # sending back
    SKIP = "skip"  # passing over a conditional step that does not apply


@dataclass(frozen=True)
class Transition:
    kind: TransitionKind
    source: str  # step key
    target: str  # step key or END
    label: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.source}:{self.target}"


def transitions(sop: Sop) -> list[Transition]:
    """The arrows of ``sop`` in table order: each step's ways out, then the skips it opens."""
    found: list[Transition] = []
    for step in sop.steps:
        for kind, target in flow.edges(step):
            if kind == "next":
                # A step entered only on return is no way forward: the arrow goes past it.
                target = flow.forward(sop, target)
                found.append(Transition(TransitionKind.NEXT, step.key, target, _accept(step)))
                found.extend(_skips(sop, step, target))
            else:
                found.append(Transition(TransitionKind.REJECT, step.key, target,
                                        _reject(sop, step, target)))
    return _unique(found)


def _reject(sop: Sop, step: Step, target: str) -> str:
    """The send-back's label; one chosen by the route names the values it is taken for
    ("Kembalikan (Perdata)")."""
    if step.reject_by is None or not sop.has_field(step.reject_by):
        return step.reject_label
    field = sop.field(step.reject_by)
    values = [field.choice_label(value) for value, aimed in step.reject_to if aimed == target]
    return f"{step.reject_label} ({' / '.join(values)})"


def _accept(step: Step) -> str:
    """Only a decision's way out is labelled (Ya, Terima...); plain steps just lead on."""
    return step.accept_label if step.kind is StepKind.DECISION else ""


def _skips(sop: Sop, step: Step, target: str) -> list[Transition]:
    skips: list[Transition] = []
    seen: set[str] = set()
    while target != END and target not in seen:
        seen.add(target)
        passed = sop.step(target)
        if passed.condition is None:
            break
        target = passed.next
        skips.append(Transition(
            TransitionKind.SKIP, step.key, target, skip_label(sop, passed.condition)
        ))
    return skips


def skip_label(sop: Sop, condition: Condition) -> str:
    """The values an item goes around the conditional step with, as the SOP names them."""
    field = sop.field(condition.field) if sop.has_field(condition.field) else None
    if field is not None and field.kind is FieldKind.CHOICE and field.choices:
        others = [label for value, label in field.choices if value not in condition.values]
        if others:
            return " / ".join(others)
    shown = ", ".join(sorted(field.choice_label(v) if field else v for v in condition.values))
    return f"Selain {shown}"


def _unique(found: list[Transition]) -> list[Transition]:
    """A skip that duplicates an existing arrow (same ends) is dropped."""
    seen: set[tuple[str, str]] = set()
    unique: list[Transition] = []
    for transition in found:
        ends = (transition.source, transition.target)
        if transition.kind is TransitionKind.SKIP and ends in seen:
            continue
        seen.add(ends)
        unique.append(transition)
    return unique
