"""The procedure table: each step's kind, executors, targets, decision, routing and duties."""

from __future__ import annotations

from datetime import timedelta

from tayang.sop.model import (
    END,
    AfterPublish,
    Condition,
    Decision,
    Destination,
    FieldKind,
    ItemField,
    Step,
    StepKind,
    TimeStandard,
)
from tayang.sop.reading import keys
from tayang.sop.reading.context import ReadContext, unique_valid
from tayang.sop.reading.executors import read_party, read_reject, read_roles_and_lanes
from tayang.sop.reading.requirements import read_requirements
from tayang.sop.reading.time import read_duration, read_time
from tayang.sop.yamlnodes import Mapping, mappings, suggestion


def read_steps(
    ctx: ReadContext, top: Mapping, roles: set[str], fields: dict[str, ItemField],
    parties: set[str] | None = None,
) -> list[Step]:
    nodes = top.sequence("steps", required="daftar langkah (steps)")
    entries = list(mappings(nodes, "steps", ctx.problems, keys.STEP))
    seen: set[str] = set()
    step_keys_in_order = [ctx.key(entry, seen, "langkah") for _, entry in entries]
    for (_, entry), key in zip(entries, step_keys_in_order, strict=True):
        if key == END:
            ctx.problems.add(
                entry.node_of("key"), entry.sub("key"),
                f"«{END}» adalah kata khusus untuk akhir prosedur; yang diharapkan: kunci lain",
            )
    if top.has("steps") and not entries:
        ctx.problems.add(top.node_of("steps"), "steps", "paling sedikit satu langkah")
    if len(entries) != len(nodes) or not unique_valid(step_keys_in_order):
        ctx.flow_ready = False
    reader = _StepReader(ctx, {key for key in step_keys_in_order if key}, roles, fields,
                         parties or set())
    steps = []
    for position, ((_, entry), key) in enumerate(zip(entries, step_keys_in_order, strict=True)):
        following = (
            step_keys_in_order[position + 1] if position + 1 < len(step_keys_in_order) else END
        )
        steps.append(reader.step(entry, key, position + 1, following))
    return steps


class _StepReader:
    """Reads one step after another against the SOP's roles, fields and step keys."""

    def __init__(
        self, ctx: ReadContext, step_keys: set[str], roles: set[str],
        fields: dict[str, ItemField], parties: set[str],
    ) -> None:
        self.parties = parties
        self.ctx = ctx
        self.problems = ctx.problems
        self.step_keys = step_keys
        self.roles = roles
        self.fields = fields
        self.activity_field = next((f for f in fields.values() if f.is_activity_date), None)

    def step(self, entry: Mapping, key: str, number: int, following: str) -> Step:
        ctx = self.ctx
        kind = ctx.enum(entry, "kind", StepKind, required=True)
        if kind is None:
            ctx.flow_ready = False
            kind = StepKind.REVIEW
        party = read_party(self, entry, kind)
        if party is not None:
            step_roles = lanes = (party,) if party else ()
        else:
            step_roles, lanes = read_roles_and_lanes(self, entry)
        next_key = self.target(entry, "next") or following
        reject, reject_by, reject_to = read_reject(self, entry)
        decision = self._decision(entry, kind, reject or reject_by)
        # A refused key is reported once here and then dropped, not reported again by the flow.
        refused = self._refuse_unused(entry, kind)
        if party is not None:
            refused |= {key for key in keys.NOT_FOR_PARTY_STEPS if entry.has(key)}
        if "reject" in refused:
            reject, reject_by, reject_to = None, None, ()
        editable = () if "editable" in refused else self._field_references(entry, "editable")
        chooses = () if "chooses" in refused else self._choice_references(entry)
        time = read_time(ctx, entry, self.activity_field)
        escalate_to, escalate_again = self._escalation(entry, time)
        notes = entry.text("notes")
        return Step(
            key=key,
            number=number,
            activity=entry.text("activity", required="uraian kegiatan"),
            kind=kind,
            roles=step_roles,
            lanes=lanes,
            requirements=read_requirements(ctx, entry, self.fields, notes,
                                           handin=kind is StepKind.HANDIN),
            time=time,
            output=entry.text("output"),
            notes=notes,
            next=next_key,
            reject=reject,
            reject_by=reject_by,
            reject_to=reject_to,
            party=party or None,
            only_on_return=(
                False if "only_on_return" in refused else entry.boolean("only_on_return")
            ),
            decision=decision,
            condition=self._condition(entry),
            editable=editable,
            chooses=chooses,
            escalate_to=escalate_to,
            escalate_again=escalate_again,
            refuse=None if "refuse" in refused else (entry.text("refuse") or None),
            approval_by_all=(
                False if "approval" in refused else self._approval_by_all(entry, step_roles)
            ),
            after_publish=None if "after_publish" in refused else self._after_publish(entry),
            destinations=() if "destinations" in refused else self._destinations(entry),
            outside=() if "outside" in refused else entry.texts("outside"),
            allow_same_person=(
                False if "allow_same_person" in refused else entry.boolean("allow_same_person")
            ),
            # An outside party always answers in writing: its answer is the step's record.
            accept_response=bool(party) or (
                False if "accept_response" in refused else entry.boolean("accept_response")
            ),
            line=entry.node.start_mark.line + 1,
        )

    def _escalation(
        self, entry: Mapping, time: TimeStandard | None
    ) -> tuple[tuple[str, ...], timedelta | None]:
        """Who hears of an overdue step, and after how long they hear again."""
        escalate_to = self.ctx.references(entry, "escalate_to", self.roles, "pelaksana")
        escalate_again = read_duration(self.ctx, entry, "escalate_again")
        if time is None or time.is_tentative:
            for key in ("escalate_to", "escalate_again"):
                if entry.has(key):
                    self.problems.add(
                        entry.node_of(key), entry.sub(key),
                        "langkah tanpa standar waktu (time kosong atau Tentatif) tidak pernah "
                        "terlambat, jadi tidak dieskalasi; yang diharapkan: beri time atau "
                        f"hapus {key}",
                    )
            return (), None
        return escalate_to, escalate_again

    def _destinations(self, entry: Mapping) -> tuple[str, ...]:
        """Where a publish step sends items: news or announcements, channels, the DIP."""
        values = entry.texts("destinations")
        known = {destination.value for destination in Destination}
        for value in values:
            if value not in known:
                self.problems.add(
                    entry.node_of("destinations"), entry.sub("destinations"),
                    f"tujuan «{value}» tidak dikenal; yang diharapkan: "
                    f"{', '.join(d.value for d in Destination)}{suggestion(value, known)}",
                )
        if {Destination.NEWS.value, Destination.ANNOUNCEMENTS.value} <= set(values):
            self.problems.add(
                entry.node_of("destinations"), entry.sub("destinations"),
                "news dan announcements tidak dapat dipilih bersama: satu konten tayang di satu "
                "bagian situs web (Berita atau Pengumuman)",
            )
        if Destination.DIP.value in values and not any(
            field.kind is FieldKind.DIP_ENTRY for field in self.fields.values()
        ):
            self.problems.add(
                entry.node_of("destinations"), entry.sub("destinations"),
                "tujuan dip butuh isian berjenis dip_entry (entri DIP yang diperbarui)",
            )
        if entry.has("destinations") and not values:
            entry.missing("destinations", "paling sedikit satu tujuan")
        return tuple(value for value in values if value in known)

    def _after_publish(self, entry: Mapping) -> AfterPublish | None:
        """Who may take down, correct, reschedule or pause the item once it is published."""
        block = entry.mapping("after_publish", keys.AFTER_PUBLISH)
        if block is None:
            return None
        roles = {
            key: self.ctx.references(block, key, self.roles, "pelaksana")
            for key in ("take_down", "correct", "reschedule", "pause")
        }
        # Which approval steps a correction passes is checked with the flow (all steps known).
        approvals = block.texts("correct_approval")
        for value in approvals:
            if value not in self.step_keys:
                self.problems.add(
                    block.node_of("correct_approval"), block.sub("correct_approval"),
                    f"langkah «{value}» tidak ada; yang diharapkan: langkah persetujuan "
                    f"sebelum penayangan{suggestion(value, self.step_keys)}",
                )
        if approvals and not roles["correct"]:
            block.missing("correct", "siapa yang boleh memulai koreksi (correct)")
        return AfterPublish(correct_approval=approvals, **roles)

    def _approval_by_all(self, entry: Mapping, roles: tuple[str, ...]) -> bool:
        """``approval: all`` (every role approves) or ``any`` (the default: one of them)."""
        value = entry.text("approval", default="any")
        if value not in ("any", "all"):
            self.problems.add(
                entry.node_of("approval"), entry.sub("approval"),
                f"«{value}» tidak dikenal; yang diharapkan: any (salah satu pelaksana) atau all "
                "(semua pelaksana menyetujui)",
            )
            return False
        if value == "all" and len(roles) < 2:
            self.problems.add(
                entry.node_of("approval"), entry.sub("approval"),
                "approval: all butuh paling sedikit dua pelaksana di roles; dengan satu "
                "pelaksana, satu persetujuan sudah cukup",
            )
            return False
        return value == "all"

    def _decision(self, entry: Mapping, kind: StepKind, reject: str | None) -> Decision | None:
        block = entry.mapping("decision", keys.DECISION)
        decision = None
        if block is not None:
            decision = Decision(
                accept_label=block.text("accept", default="Ya"),
                reject_label=block.text("reject", default="Tidak"),
            )
        if kind is StepKind.DECISION:
            decision = decision or Decision()
            if reject is None and not entry.has("reject"):
                entry.missing(
                    "reject",
                    f"langkah keputusan harus menyebut ke mana «{decision.reject_label}» "
                    "mengembalikan konten (kunci langkah sebelumnya)",
                )
        elif block is not None and kind is not StepKind.REVIEW:
            # A review may name its buttons too ("Layak tayang"); other kinds decide nothing.
            self.problems.add(
                entry.node_of("decision"), entry.sub("decision"),
                "label keputusan hanya untuk langkah berjenis decision atau review, bukan "
                f"{kind.value}",
            )
        return decision

    def _refuse_unused(self, entry: Mapping, kind: StepKind) -> set[str]:
        """Refuse keys the engine would ignore at this kind of step."""
        refused = set()
        for key, kinds in keys.STEP_KEYS_BY_KIND.items():
            if entry.has(key) and kind not in kinds:
                refused.add(key)
                names = ", ".join(k.value for k in kinds)
                self.problems.add(
                    entry.node_of(key), entry.sub(key),
                    f"tidak berlaku untuk langkah berjenis {kind.value}; hanya untuk: {names}"
                    f"{keys.STEP_KEY_WHY.get(key, '')}",
                )
        return refused

    def target(self, entry: Mapping, key: str) -> str | None:
        value = entry.text(key)
        if not value:
            return None
        if value != END and value not in self.step_keys:
            self.ctx.flow_ready = False
            expected = ", ".join(sorted(self.step_keys))
            self.problems.add(
                entry.node_of(key), entry.sub(key),
                f"langkah «{value}» tidak ada; yang diharapkan: {END} atau salah satu dari: "
                f"{expected}{suggestion(value, self.step_keys)}",
            )
            return None
        return value

    def _field_references(self, entry: Mapping, key: str) -> tuple[str, ...]:
        return self.ctx.references(entry, key, set(self.fields), "isian")

    def _choice_references(self, entry: Mapping) -> tuple[str, ...]:
        chosen = self._field_references(entry, "chooses")
        for name in chosen:
            if name in self.fields and self.fields[name].kind is not FieldKind.CHOICE:
                self.problems.add(
                    entry.node_of("chooses"), entry.sub("chooses"),
                    f"isian «{name}» bukan berjenis choice, jadi tidak dapat dipilih sebagai rute",
                )
        return chosen

    def _condition(self, entry: Mapping) -> Condition | None:
        block = entry.mapping("when", keys.WHEN)
        if block is None:
            return None
        fields = self.fields
        field_key = block.text("field", required="isian yang menentukan rute")
        values = block.texts("in")
        if not values:
            block.missing("in", "nilai isian yang membuat langkah ini berlaku")
        field = fields.get(field_key)
        if field_key and field is None and fields:
            self.problems.add(
                block.node_of("field"), block.sub("field"),
                f"isian «{field_key}» tidak dikenal; yang diharapkan salah satu dari: "
                f"{', '.join(sorted(fields))}{suggestion(field_key, fields)}",
            )
        elif field is not None and field.kind is not FieldKind.CHOICE:
            self.problems.add(
                block.node_of("field"), block.sub("field"),
                f"rute hanya dapat bergantung pada isian berjenis choice; «{field_key}» berjenis "
                f"{field.kind.value}",
            )
        elif field is not None:
            known = {value for value, _ in field.choices}
            for value in values if known else ():  # no choices: reported at the field
                if value not in known:
                    self.problems.add(
                        block.node_of("in"), block.sub("in"),
                        f"«{value}» bukan pilihan isian «{field_key}»; yang diharapkan: "
                        f"{', '.join(sorted(known))}",
                    )
        return Condition(field=field_key, values=frozenset(values), text=block.text("text"))
