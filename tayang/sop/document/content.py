"""What the SOP document says, cell by cell, in the agency's own words.

The web page and the PDF print exactly these texts, so they can never say different things.
Nothing is reworded: the document must print what the agency signed. Three things are left out
on purpose: a requirement a definition adds only so that a machine can check it, when its text
is already part of another requirement of the step ("Caption Kegiatan" beside "Caption
Kegiatan dengan maksimal 200 karakter"); a requirement marked ``in_notes``, a duty the SOP
writes in *Keterangan* (seed D's accessibility), which is printed there and not again in
*Kelengkapan*; and a condition's wording when the step's notes already say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tayang.sop.dates import MONTHS as MONTHS  # re-exported: records print dates with it
from tayang.sop.dates import indonesian
from tayang.sop.model import CheckKind, Identity, Requirement, Sop, Step, StepKind
from tayang.sop.rules import product_rules

EMPTY = "-"


@dataclass(frozen=True)
class RowText:
    """The text cells of one row of the procedure table."""

    number: str
    activity: str
    requirements: tuple[str, ...]
    time: str
    output: str
    notes: tuple[str, ...]  # paragraphs


def row_text(step: Step, sop: Sop | None = None) -> RowText:
    return RowText(
        number=str(step.number),
        activity=step.activity,
        requirements=requirement_texts(step),
        time=step.time.text if step.time else "",
        output=step.output,
        notes=notes_text(step, sop),
    )


def requirement_texts(step: Step) -> tuple[str, ...]:
    """The step's *Kelengkapan*, once each, without machine-only repetitions."""
    texts: list[str] = []
    for requirement in step.requirements:
        if requirement.in_notes:  # printed in Keterangan, where the SOP writes it
            continue
        text = requirement.text.strip()
        if text and text not in texts:
            texts.append(text)
    return tuple(
        text for text in texts
        if not any(other != text and text.casefold() in other.casefold() for other in texts)
    )


def rules_line(rules: tuple[Requirement, ...]) -> str:
    """The rules Tayang adds, as one short line of *Kelengkapan* (the agency's own list stays
    as it signed it; the added rules are marked as Tayang's)."""
    parts = []
    for rule in rules:
        match rule.check:
            case CheckKind.ALT_TEXT:
                parts.append("teks alternatif tiap foto")
            case CheckKind.MAX_LENGTH | CheckKind.MAX_COUNT:
                parts.append(rule.text[0].lower() + rule.text[1:])
            case _:
                parts.append(rule.text)
    return "Aturan Tayang: " + "; ".join(dict.fromkeys(parts))


def notes_text(step: Step, sop: Sop | None = None) -> tuple[str, ...]:
    """*Keterangan* as paragraphs: the routing rule of a conditional step, then the notes,
    then what the definition adds that the people must know (escalation, relaxed duties)."""
    notes = step.notes.strip()
    parts: list[str] = []
    if step.condition and step.condition.text.strip() and step.condition.text.strip() != notes:
        parts.append(step.condition.text.strip())
    parts.extend(line.strip() for line in notes.splitlines() if line.strip())
    if step.escalate_to and sop is not None:
        names = ", ".join(sop.role(key).name for key in step.escalate_to)
        again = f", diulang {_duration(step.escalate_again)} kemudian" if step.escalate_again \
            else ""
        parts.append(f"Bila melewati batas waktu, dilaporkan kepada {names}{again}.")
    if sop is not None and step.kind is StepKind.HANDIN and (added := product_rules(sop)):
        # The agency's Kelengkapan stays as it signed it; what Tayang adds to every SOP is
        # printed beside it, marked as Tayang's (and costs no row height: see docs).
        parts.append(rules_line(added))
    if step.approval_by_all and sop is not None:
        names = " dan ".join(sop.role(key).name for key in step.roles)
        parts.append(f"Disetujui oleh semua: {names}, dalam urutan apa pun.")
    if step.refuse:
        parts.append(f"«{step.refuse}»: konten tidak dilanjutkan (Ditolak) dengan alasan tertulis.")
    if step.party is not None:
        parts.append("Pihak luar: dikirimi tautan lewat e-mail dan menjawab secara tertulis "
                     "tanpa akun.")
    if step.only_on_return:
        parts.append("Hanya dilakukan bila konten dikembalikan ke langkah ini.")
    if step.reject_by and sop is not None and sop.has_field(step.reject_by):
        route = sop.field(step.reject_by)
        numbers = {s.key: s.number for s in sop.steps}
        ways = "; ".join(f"{route.choice_label(value)} ke langkah {numbers[target]}"
                         for value, target in step.reject_to)
        parts.append(f"«{step.reject_label}» menurut {route.label}: {ways}.")
    if step.allow_same_person:
        parts.append(
            "Boleh dikerjakan oleh orang yang sama dengan penyerah atau pemberi persetujuan "
            "sebelumnya."
        )
    return tuple(parts)


def _duration(length: timedelta) -> str:
    """``1 hari``, ``4 jam``, ``30 menit``: a duration as the definition wrote it."""
    seconds = int(length.total_seconds())
    for unit, size in (("hari", 86400), ("jam", 3600), ("menit", 60)):
        if seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds // 60} menit"


def indonesian_date(value: date | None) -> str:
    """``3 Januari 2024``; a date the agency has not set is printed as a dash."""
    if value is None:
        return EMPTY
    return indonesian(value)


@dataclass(frozen=True)
class Logo:
    """The organization's logo, printed in the identity table instead of the placeholder.

    Stored by the workspace as an image checked by content (``tayang.procedures.logo``); the
    renderers only embed the bytes they are given.
    """

    data: bytes
    content_type: str = "image/png"  # image/png or image/jpeg

    @property
    def format(self) -> str:
        return "jpg" if self.content_type == "image/jpeg" else "png"


@dataclass(frozen=True)
class IdentityText:
    """The identity table (*identitas SOP*) of Permenpan-RB 35/2012, ready to print.

    Rows the agency's document does not have (*Revisi ke*, *Tujuan*, *Ruang lingkup*, an
    issuing body) are empty here and not printed, so a seed's document keeps its own rows.
    """

    organization: str
    unit: str
    issued_by: str
    name: str
    number: str
    revision: str  # "" when the definition does not say
    made_on: str
    revised_on: str
    effective_on: str
    approver_position: str
    approver_name: str
    approver_rank: str
    approver_nip: str
    purpose: str
    scope: str
    legal_bases: tuple[str, ...]
    qualifications: tuple[str, ...]
    related_sops: tuple[str, ...]
    equipment: tuple[str, ...]
    warnings: tuple[str, ...]
    records: tuple[str, ...]


def identity_text(identity: Identity) -> IdentityText:
    approver = identity.approved_by
    return IdentityText(
        organization=identity.organization,
        unit=identity.unit,
        issued_by=identity.issued_by,
        name=identity.name,
        number=identity.number or EMPTY,
        revision="" if identity.revision is None else str(identity.revision),
        made_on=indonesian_date(identity.made_on),
        revised_on=indonesian_date(identity.revised_on),
        effective_on=indonesian_date(identity.effective_on),
        approver_position=approver.position,
        approver_name=approver.name,
        approver_rank=approver.rank,
        approver_nip=f"NIP. {approver.nip}" if approver.nip else "",
        purpose=identity.purpose,
        scope=identity.scope,
        legal_bases=identity.legal_bases,
        qualifications=identity.qualifications,
        related_sops=identity.related_sops,
        equipment=identity.equipment,
        warnings=identity.warnings,
        records=identity.records,
    )


def role_names(sop: Sop, step: Step) -> tuple[str, ...]:
    """The executors drawn in the step's lanes, by name."""
    return tuple(sop.role(key).name for key in step.lanes)


def default_footer(sop: Sop) -> str:
    """Where a printed page came from, when the caller knows nothing more (version, owner)."""
    return f"Disusun Tayang dari definisi SOP «{sop.key}»"
