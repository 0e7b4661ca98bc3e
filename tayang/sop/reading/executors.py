"""Who executes a step (the organization's roles, or an outside party) and where sending back
leads (one step, or one per value of the route), read for :mod:`tayang.sop.reading.steps`."""

from __future__ import annotations

from typing import Protocol

import yaml

from tayang.sop.model import FieldKind, ItemField, StepKind
from tayang.sop.reading import keys
from tayang.sop.reading.context import ReadContext
from tayang.sop.yamlnodes import Mapping, Problems, suggestion


class StepReading(Protocol):
    """What these readers need of the step reader."""

    ctx: ReadContext
    problems: Problems
    roles: set[str]
    parties: set[str]
    fields: dict[str, ItemField]

    def target(self, entry: Mapping, key: str) -> str | None: ...


def read_roles_and_lanes(
    reader: StepReading, entry: Mapping
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The organization's roles acting at the step, and the lanes it is drawn in."""
    ctx = reader.ctx
    for value in entry.texts("roles"):
        if value in reader.parties:
            reader.problems.add(
                entry.node_of("roles"), entry.sub("roles"),
                f"«{value}» adalah pihak luar, bukan pelaksana organisasi; yang diharapkan: "
                f"«party: {value}» menggantikan roles",
            )
    known = reader.roles | reader.parties  # a party named in roles is reported just above
    step_roles = ctx.references(entry, "roles", known, "pelaksana", required=True)
    lanes = ctx.references(entry, "lanes", reader.roles, "pelaksana") or step_roles
    missing_lanes = [r for r in step_roles if r not in lanes and r in reader.roles]
    if missing_lanes:
        reader.problems.add(
            entry.node_of("lanes"), entry.sub("lanes"),
            f"harus memuat juga pelaksana langkah ini: {', '.join(missing_lanes)}",
        )
    return step_roles, lanes

def read_party(reader: StepReading, entry: Mapping, kind: StepKind) -> str | None:
    """The outside party executing the step ("" when named wrongly), None when none."""
    if not entry.has("party"):
        return None
    party = entry.text("party")
    for key, why in keys.NOT_FOR_PARTY_STEPS.items():
        if entry.has(key):
            reader.problems.add(entry.node_of(key), entry.sub(key),
                              f"tidak berlaku pada langkah pihak luar: {why}")
    if party and party not in reader.parties:
        if reader.parties:
            expected = (f"salah satu dari: {', '.join(sorted(reader.parties))}"
                        f"{suggestion(party, reader.parties)}")
        else:
            expected = "pihak luar yang dinyatakan di parties (belum ada satu pun)"
        hint = " (itu pelaksana organisasi: tulis di roles)" if party in reader.roles else ""
        reader.problems.add(
            entry.node_of("party"), entry.sub("party"),
            f"pihak luar «{party}» tidak dikenal{hint}; yang diharapkan {expected}",
        )
        return ""
    if kind not in keys.PARTY_STEP_KINDS:
        names = ", ".join(k.value for k in keys.PARTY_STEP_KINDS)
        reader.problems.add(
            entry.node_of("party"), entry.sub("party"),
            f"pihak luar tidak dapat mengerjakan langkah berjenis {kind.value}; hanya: "
            f"{names} (pihak luar menjawab atau mengembalikan melalui tautan)",
        )
    return party

def read_reject(
    reader: StepReading, entry: Mapping
) -> tuple[str | None, str | None, tuple[tuple[str, str], ...]]:
    """``reject: step`` or ``reject: {by: field, to: {value: step}}`` (by the route)."""
    if not entry.has("reject") or not isinstance(entry.node_of("reject"), yaml.MappingNode):
        return reader.target(entry, "reject"), None, ()
    block = entry.mapping("reject", keys.REJECT_ROUTE)
    if block is None:
        raise AssertionError
    by = block.text("by", required="isian pilihan (choice) yang menentukan tujuan "
                                   "pengembalian")
    targets = block.mapping("to", None, required="tujuan pengembalian untuk tiap pilihan")
    field = reader.fields.get(by)
    if by and field is None:
        reader.problems.add(
            block.node_of("by"), block.sub("by"),
            f"isian «{by}» tidak dikenal; yang diharapkan salah satu dari: "
            f"{', '.join(sorted(reader.fields))}{suggestion(by, reader.fields)}",
        )
    elif field is not None and field.kind is not FieldKind.CHOICE:
        reader.problems.add(
            block.node_of("by"), block.sub("by"),
            f"pengembalian hanya dapat ditentukan oleh isian berjenis choice; «{by}» "
            f"berjenis {field.kind.value}",
        )
        field = None
    if targets is None:
        reader.ctx.flow_ready = False
        return None, None, ()
    routed: list[tuple[str, str]] = []
    choices = {value for value, _ in field.choices} if field else set()
    for value in targets.entries:
        if field is not None and value not in choices:
            reader.problems.add(
                targets.node_of(value), targets.sub(value),
                f"«{value}» bukan pilihan isian «{by}»; yang diharapkan: "
                f"{', '.join(sorted(choices))}{suggestion(value, choices)}",
            )
        target = reader.target(targets, value)
        if target is not None:
            routed.append((value, target))
    missing = [
        value for value, _ in (field.choices if field else ()) if value not in targets.entries
    ]
    if missing:
        named = ", ".join(f"«{value}»" for value in missing)
        targets.missing(missing[0], f"tujuan pengembalian untuk pilihan {named} (setiap "
                        "pilihan perlu tujuan)")
    if field is None or missing or len(routed) != len(targets.entries):
        reader.ctx.flow_ready = False
        return None, None, ()
    return None, by, tuple(routed)
