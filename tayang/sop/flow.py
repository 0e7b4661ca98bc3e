"""The SOP as a graph of steps: where an item goes next, and the structural checks on that graph.

Edges: accepting a step leads to its ``next``; sending back leads to its ``reject``; a step whose
condition does not hold is passed over to its ``next``. Both the loader (to refuse a broken flow)
and the engine (to move an item) use these functions, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from tayang.sop.model import END, Sop, Step, StepKind


@dataclass(frozen=True)
class FlowProblem:
    line: int
    path: str
    message: str


def resolve(
    sop: Sop, target: str, values: Mapping[str, object], *, returning: bool = False
) -> str:
    """The first step at or after ``target`` that applies to an item with ``values``.

    A conditional step that does not apply is passed over to its ``next``, and so is a step
    reached only by being sent back (``only_on_return``) unless the item is ``returning``
    (sent back straight to it); the walk ends at :data:`END`. The loader guarantees this
    terminates (every chain of skips reaches a step without a condition or the end, because
    cycles are refused).
    """
    seen: set[str] = set()
    while target != END:
        step = sop.step(target)
        on_way = returning or not step.only_on_return
        returning = False  # only the step sent back to is entered on return
        if on_way and (step.condition is None or step.condition.holds(dict(values))):
            return target
        if target in seen:  # defensive: a checked definition has no cycle of skips
            return END
        seen.add(target)
        target = step.next
    return END


def path(sop: Sop, values: Mapping[str, object]) -> list[Step]:
    """The steps an item with ``values`` passes when every step accepts it."""
    steps: list[Step] = []
    key = resolve(sop, sop.first_step.key, values)
    while key != END and len(steps) <= len(sop.steps):
        step = sop.step(key)
        steps.append(step)
        key = resolve(sop, step.next, values)
    return steps


def edges(step: Step) -> Iterator[tuple[str, str]]:
    """(kind, target) of every way out of ``step``, whatever the item's values."""
    yield "next", step.next
    for target in step.reject_targets:
        yield "reject", target


def forward(sop: Sop, target: str) -> str:
    """``target``, or past it when it is reached only by being sent back (``only_on_return``):
    where accepting into ``target`` really leads, whatever the route."""
    seen: set[str] = set()
    while target != END and target not in seen and sop.step(target).only_on_return:
        seen.add(target)
        target = sop.step(target).next
    return target


def _successors(sop: Sop, step: Step) -> set[str]:
    # Passing over a conditional step leads to its ``next`` as accepting does, so the skip
    # needs no edge of its own; a step only sent back to is no way forward.
    found = set(step.reject_targets)
    found.add(step.next)
    found.add(forward(sop, step.next))
    return {target for target in found if target == END or not (
        sop.step(target).only_on_return and target not in step.reject_targets)}


def check(sop: Sop) -> list[FlowProblem]:
    """Structural problems of a definition whose steps are individually valid.

    Every independent problem is reported in one run; only unreachable steps are left out when
    a loop of ``next`` was found, because such a loop strands the steps after it.
    """
    index = {step.key: position for position, step in enumerate(sop.steps)}
    problems = [
        *_first_step(sop),
        *_kind_counts(sop, index),
        *_kind_order(sop, index),
    ]
    problems.extend(_only_on_return(sop, index))
    for step in sop.steps:
        problems.extend(_reject_direction(step, index))
        problems.extend(_late_route_choices(sop, step, index))
        problems.extend(_reject_into_skipped(sop, step, index))
    problems.extend(_correction_steps(sop, index))
    cycles = list(_accept_cycles(sop, index))
    problems.extend(cycles)
    if not cycles:
        problems.extend(_unreachable(sop, index))
    return problems


def _first_step(sop: Sop) -> Iterator[FlowProblem]:
    first = sop.steps[0]
    if first.condition is not None:
        yield FlowProblem(first.line, "steps[0].when", "langkah pertama tidak boleh bersyarat")
    if first.only_on_return:
        yield FlowProblem(first.line, "steps[0].only_on_return",
                          "langkah pertama dilewati setiap konten, jadi tidak dapat "
                          "only_on_return")
    if first.party is not None:
        yield FlowProblem(first.line, "steps[0].party",
                          "langkah pertama dikerjakan anggota organisasi yang membuat konten, "
                          "bukan pihak luar")
    if first.kind not in (StepKind.HANDIN, StepKind.WORK):
        yield FlowProblem(
            first.line, "steps[0].kind",
            f"langkah pertama harus berjenis handin atau work (konten dibuat di sana), "
            f"bukan {first.kind.value}",
        )


def _kind_counts(sop: Sop, index: dict[str, int]) -> Iterator[FlowProblem]:
    """Exactly one hand-in (it gives the register number); at most one publish and archive."""
    handins = list(sop.steps_of_kind(StepKind.HANDIN))
    if not handins:
        yield FlowProblem(
            sop.steps[0].line, "steps",
            "harus ada tepat satu langkah berjenis handin (penyerahan, saat nomor register "
            "diberikan); tidak ditemukan satu pun",
        )
    limits = (
        (StepKind.HANDIN, "tepat"),
        (StepKind.PUBLISH, "paling banyak"),
        (StepKind.ARCHIVE, "paling banyak"),
    )
    for kind, what in limits:
        found = list(sop.steps_of_kind(kind))
        for extra in found[1:]:
            yield FlowProblem(
                extra.line, f"steps[{index[extra.key]}].kind",
                f"{what} satu langkah berjenis {kind.value}; langkah «{found[0].key}» "
                f"(nomor {found[0].number}) sudah berjenis {kind.value}",
            )
    for step in sop.steps[1:]:  # a conditional first step is reported as such
        if step.kind is StepKind.HANDIN and step.condition is not None:
            yield FlowProblem(
                step.line, f"steps[{index[step.key]}].when",
                "langkah handin tidak boleh bersyarat: setiap konten harus diserahkan dan "
                "mendapat nomor register",
            )


def _kind_order(sop: Sop, index: dict[str, int]) -> Iterator[FlowProblem]:
    handin = next(sop.steps_of_kind(StepKind.HANDIN), None)
    publish = next(sop.steps_of_kind(StepKind.PUBLISH), None)
    archive = next(sop.steps_of_kind(StepKind.ARCHIVE), None)
    for step in (publish, archive):
        if step and handin and index[step.key] < index[handin.key]:
            yield FlowProblem(
                step.line, f"steps[{index[step.key]}].kind",
                f"langkah {step.kind.value} tidak boleh mendahului penyerahan (handin)",
            )
    if archive and publish and index[archive.key] < index[publish.key]:
        yield FlowProblem(
            archive.line, f"steps[{index[archive.key]}].kind",
            "pengarsipan (archive) harus sesudah penayangan (publish)",
        )


def _reject_direction(step: Step, index: dict[str, int]) -> Iterator[FlowProblem]:
    """Sending back returns the content to an earlier step so that it can be corrected."""
    position = index[step.key]
    for target in step.reject_targets:
        if target == END:
            yield FlowProblem(
                step.line, f"steps[{position}].reject",
                "pengembalian harus menuju sebuah langkah sebelumnya agar konten dapat "
                f"diperbaiki, bukan «{END}»",
            )
        elif index[target] >= position:
            earlier = "nomor 1" if position == 1 else f"nomor 1 sampai {position}"
            yield FlowProblem(
                step.line, f"steps[{position}].reject",
                f"pengembalian harus menuju langkah sebelumnya ({earlier}), bukan "
                f"«{target}» (nomor {index[target] + 1})",
            )


def _only_on_return(sop: Sop, index: dict[str, int]) -> Iterator[FlowProblem]:
    """A step reached only by being sent back must be the target of some send-back."""
    targets = {target for step in sop.steps for target in step.reject_targets}
    for step in sop.steps:
        if step.only_on_return and step.key not in targets:
            yield FlowProblem(
                step.line, f"steps[{index[step.key]}].only_on_return",
                f"langkah «{step.key}» hanya dicapai bila konten dikembalikan, tetapi tidak ada "
                "reject yang menuju ke sini; yang diharapkan: reject langkah sesudahnya menuju "
                "langkah ini, atau hapus only_on_return",
            )


def _unreachable(sop: Sop, index: dict[str, int]) -> Iterator[FlowProblem]:
    by_key = {step.key: step for step in sop.steps}
    reachable = _reach(
        {sop.steps[0].key}, lambda key: set() if key == END else _successors(sop, by_key[key])
    )
    for step in sop.steps:
        if step.key not in reachable and not step.only_on_return:  # reported on its own
            yield FlowProblem(
                step.line, f"steps[{index[step.key]}]",
                f"langkah «{step.key}» tidak pernah dapat dicapai dari langkah pertama; "
                "yang diharapkan: «next» atau «reject» langkah lain menuju ke sini",
            )


def _accept_cycles(sop: Sop, index: dict[str, int]) -> Iterator[FlowProblem]:
    """Accepting must always move an item towards the end; only rejection may go back.

    Every step has exactly one ``next`` (a skipped conditional step leads there too), so from
    any step the chain of ``next`` either reaches the end or runs into a loop it can never
    leave. Each loop is reported once, at the step whose ``next`` closes it (the one that
    points to itself or to an earlier row); steps that merely lead into it are not repeated.
    """
    reported: set[str] = set()
    for step in sop.steps:
        chain = [step.key]
        target = step.next
        while target != END and target not in chain:
            chain.append(target)
            target = sop.step(target).next
        if target == END:
            continue
        loop = chain[chain.index(target):]
        closing = max(loop, key=index.__getitem__)
        if closing in reported:
            continue
        reported.update(loop)
        closer = sop.step(closing)
        shown = " → ".join([*loop[loop.index(closing) + 1:], *loop[:loop.index(closing) + 1]])
        yield FlowProblem(
            closer.line, f"steps[{index[closing]}].next",
            f"«next: {closer.next}» membuat putaran ({shown} → {closer.next}): konten yang "
            "diterima tidak pernah sampai ke akhir prosedur; yang diharapkan: langkah "
            f"sesudahnya atau «{END}» (hanya reject yang boleh menuju langkah sebelumnya)",
        )


def _reach(start: set[str], successors: Callable[[str], set[str]]) -> set[str]:
    seen = set(start)
    frontier = list(start)
    while frontier:
        key = frontier.pop()
        for target in successors(key):
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    return seen


def _late_route_choices(sop: Sop, step: Step, index: dict[str, int]) -> Iterator[FlowProblem]:
    """A route must be chosen before the conditional steps that depend on it.

    Otherwise an item could pass a skipped approval step and then be re-routed onto a path that
    needs it, reaching publication without that approval.
    """
    changes = {"chooses": step.chooses, "editable": step.editable}
    # Work and hand-in steps correct every field (the engine's editable_fields), so a route
    # field can be changed there without being named.
    edits_everything = step.kind in (StepKind.WORK, StepKind.HANDIN)
    reported: set[str] = set()
    # A conditional first step is refused on its own; it is not a reason to flag every choice.
    for other in sop.steps[1 : index[step.key]]:
        if other.condition is None:
            continue
        route_field = other.condition.field
        for key, fields in changes.items():
            if route_field in fields:
                yield FlowProblem(
                    step.line, f"steps[{index[step.key]}].{key}",
                    f"isian rute «{route_field}» dapat diubah di sini, sesudah langkah "
                    f"bersyarat «{other.key}»; rute harus ditentukan sebelum langkah itu",
                )
                reported.add(route_field)
        if edits_everything and route_field not in reported:
            reported.add(route_field)
            yield FlowProblem(
                step.line, f"steps[{index[step.key]}].kind",
                f"langkah berjenis {step.kind.value} dapat mengubah semua isian, termasuk isian "
                f"rute «{route_field}», padahal letaknya sesudah langkah bersyarat "
                f"«{other.key}»: konten dapat dialihkan ke rute yang butuh persetujuan yang sudah "
                "dilewati lalu macet; yang diharapkan: langkah review (dengan editable tanpa "
                "isian rute) atau letakkan langkah ini sebelum langkah bersyarat",
            )


def _correction_steps(sop: Sop, index: dict[str, int]) -> Iterator[FlowProblem]:
    """A correction passes approval steps before publishing, nothing else."""
    publish = next(sop.steps_of_kind(StepKind.PUBLISH), None)
    if publish is None or publish.after_publish is None:
        return
    path = f"steps[{index[publish.key]}].after_publish.correct_approval"
    for key in publish.after_publish.correct_approval:
        step = next((s for s in sop.steps if s.key == key), None)
        if step is None:
            continue  # reported by the reader
        if step.kind not in (StepKind.REVIEW, StepKind.DECISION) or index[key] > index[
            publish.key
        ]:
            yield FlowProblem(
                publish.line, path,
                f"«{key}» bukan langkah persetujuan (review atau decision) sebelum penayangan; "
                "koreksi sesudah tayang hanya melewati persetujuan",
            )


_MAX_ROUTE_COMBINATIONS = 512


def _reject_into_skipped(sop: Sop, step: Step, index: dict[str, int]) -> Iterator[FlowProblem]:
    """Sending back must land on an earlier step for every route the item may be on.

    A ``reject`` aimed at a conditional step that does not apply to the item passes on to that
    step's ``next``; if that is the rejecting step itself or a later one, the "send back" would
    not go back at all. Every combination of route values (including "not chosen yet") under
    which the rejecting step applies is tried.
    """
    targets = step.reject_targets
    if not targets or any(t == END or index[t] >= index[step.key] for t in targets):
        return  # no reject, or a wrong direction already reported
    if sop.steps[0].key in targets:
        return  # a conditional first step is refused on its own
    for values in _route_values(sop, step.reject_by):
        if step.condition is not None and not step.condition.holds(values):
            continue
        aimed = step.reject_target(values)
        if aimed is None:
            continue  # a send-back chosen by a route not chosen yet is refused by the engine
        landing = resolve(sop, aimed, values, returning=True)
        if landing == END or index[landing] >= index[step.key]:
            where = "akhir prosedur" if landing == END else (
                f"«{landing}» (nomor {index[landing] + 1})"
            )
            yield FlowProblem(
                step.line, f"steps[{index[step.key]}].reject",
                f"«reject: {aimed}» menuju langkah bersyarat yang tidak berlaku bila "
                f"{_describe(sop, values)}; konten lalu tidak kembali melainkan ke {where}; "
                "yang diharapkan: langkah tanpa syarat sebelum langkah ini",
            )
            return


def _route_values(sop: Sop, also: str | None = None) -> list[dict[str, object]]:
    """Every assignment of the routing fields' values (and "not chosen"), bounded; ``also``
    is one more field to vary (the one a send-back is chosen by)."""
    combos: list[dict[str, object]] = [{}]
    fields = sorted({s.condition.field for s in sop.steps if s.condition is not None}
                    | ({also} if also else set()))
    for key in fields:
        try:
            choices = [value for value, _ in sop.field(key).choices]
        except KeyError:
            choices = []
        options = [*choices, ""]
        if len(combos) * len(options) > _MAX_ROUTE_COMBINATIONS:
            break  # an SOP with this many routes is checked on the first fields only
        combos = [{**combo, key: option} for combo in combos for option in options]
    return combos


def _describe(sop: Sop, values: Mapping[str, object]) -> str:
    parts = []
    for key, value in values.items():
        try:
            label = sop.field(key).label
            shown = sop.field(key).choice_label(str(value)) if value else "belum dipilih"
        except KeyError:
            label, shown = key, str(value)
        parts.append(f"{label} = {shown}")
    return ", ".join(parts) or "rutenya lain"
