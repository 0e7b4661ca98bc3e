"""Plain-text renderings for the terminal: an SOP as its procedure table, a simulated walk."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date, datetime

from tayang.cli.simulate import Walk, WalkRow
from tayang.engine.due import Timeliness
from tayang.engine.state import Status
from tayang.sop import flow as sop_flow
from tayang.sop.dates import indonesian
from tayang.sop.model import Requirement, Sop, StepKind
from tayang.sop.rules import product_rules
from tayang.sop.timetext import describe

_TIMELINESS = {
    Timeliness.NO_STANDARD: "tanpa standar waktu",
    Timeliness.ON_TIME: "tepat waktu",
    Timeliness.PAST_TARGET: "lewat target, dalam batas",
    Timeliness.OVERDUE: "TERLAMBAT",
}
_ZONES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def render_sop(sop: Sop, *, width: int = 160) -> str:
    identity = sop.identity
    lines = [*_identity_lines(sop), "Pelaksana: " + "; ".join(role.name for role in sop.roles)]
    if sop.parties:
        lines.append("Pihak luar (menjawab melalui tautan e-mail, tanpa akun): " + "; ".join(
            party.name for party in sop.parties))
    lines.append("")
    rows = []
    for step in sop.steps:
        # The hand-in also carries the rules Tayang adds to every SOP (tayang.sop.rules).
        added = product_rules(sop) if step.kind is StepKind.HANDIN else ()
        requirements = "\n".join(
            [f"- {r.text}" + _requirement_marks(r) for r in step.requirements]
            + [f"- {r.text} [aturan Tayang: {r.check.value}]" for r in added if r.check]
        )
        time = f"{step.time.text}\n({describe(step.time)})" if step.time else "-"
        # A step entered only when sent back is no way forward: name where accepting leads.
        flow = f"lanjut: {sop_flow.forward(sop, step.next)}"
        if step.accept_response:
            flow += f"\n{step.accept_label}: dengan tanggapan tertulis"
        if step.reject:
            flow += f"\n{step.reject_label}: kembali ke {step.reject}"
        for value, target in step.reject_to:
            label = sop.field(step.reject_by or "").choice_label(value)
            flow += f"\n{step.reject_label} bila {step.reject_by} = {label}: kembali ke {target}"
        if step.only_on_return:
            flow += "\nhanya dicapai bila dikembalikan"
        if step.party:
            flow += "\npihak luar: menjawab melalui tautan"
        if step.condition:
            flow += f"\nhanya bila {step.condition.field} ∈ {sorted(step.condition.values)}"
        rows.append(
            [
                str(step.number),
                step.activity,
                "; ".join(sop.role(key).name for key in step.roles),
                requirements,
                time,
                step.output,
                "\n".join(dict.fromkeys(  # a condition's text is often the step's note too
                    part for part in (flow, step.condition.text if step.condition else "",
                                      step.notes) if part
                )),
            ]
        )
    headers = ["No", "Kegiatan", "Pelaksana", "Kelengkapan", "Waktu", "Output", "Alur/Keterangan"]
    lines.append(_table(headers, rows, [3, 34, 16, 24, 18, 20, 26], width))
    for title, entries in (
        ("Dasar hukum", identity.legal_bases),
        ("Kualifikasi pelaksana", identity.qualifications),
        ("Keterkaitan", identity.related_sops),
        ("Peralatan/perlengkapan", identity.equipment),
        ("Peringatan", identity.warnings),
        ("Pencatatan dan pendataan", identity.records),
    ):
        if entries:
            lines.append(f"\n{title}:")
            lines.extend(f"  {n}. {entry}" for n, entry in enumerate(entries, start=1))
    return "\n".join(lines)


def _identity_lines(sop: Sop) -> list[str]:
    """The identity block: who issues and signs the SOP, its number, revision and dates."""
    identity = sop.identity
    official = identity.approved_by
    dates = (
        f"Kunci: {sop.key}    Nomor SOP: {identity.number or '-'}    "
        f"Dibuat: {_date(identity.made_on)}    Revisi: {_date(identity.revised_on)}"
        + (f" (revisi ke-{identity.revision})" if identity.revision is not None else "")
        + f"    Efektif: {_date(identity.effective_on)}"
    )
    lines = [identity.name, identity.organization]
    if identity.unit:
        lines.append(identity.unit)
    if identity.issued_by:
        lines.append(f"Diterbitkan oleh: {identity.issued_by}")
    lines.append(dates)
    signer = [part for part in (official.name, official.position, official.rank) if part]
    if official.nip:
        signer.append(f"NIP. {official.nip}")
    if signer:
        lines.append("Disahkan oleh: " + " · ".join(signer))  # names carry commas
    if identity.purpose:
        lines.append(f"Tujuan: {identity.purpose}")
    if identity.scope:
        lines.append(f"Ruang lingkup: {identity.scope}")
    return lines


def _date(value: date | None) -> str:
    return indonesian(value) if value else "-"


def _requirement_marks(requirement: Requirement) -> str:
    marks = [] if requirement.check is None else [f"cek: {requirement.check.value}"]
    if requirement.in_notes:
        marks.append("tertulis di Keterangan")
    return f" [{'; '.join(marks)}]" if marks else ""


def render_walk(sop: Sop, walk: Walk, *, width: int = 160) -> str:
    zone = walk.rows[0].acted_at.tzinfo if walk.rows else None
    zone_name = _ZONES.get(str(zone), str(zone))
    lines = [f"Simulasi: {sop.identity.name} ({sop.key}), waktu {zone_name}", ""]
    rows = [
        [
            str(row.step.number),
            row.step.activity,
            row.actor_role,
            _when(row.entered_at),
            _due(row),
            _when(row.acted_at),
            row.action + (f"\n«{row.detail}»" if row.detail else ""),
            _TIMELINESS[row.timeliness],
        ]
        for row in walk.rows
    ]
    headers = ["No", "Langkah", "Pelaksana", "Tiba", "Batas waktu", "Bertindak", "Tindakan",
               "Ketepatan"]
    lines.append(_table(headers, rows, [3, 34, 18, 12, 22, 12, 14, 14], width))
    for key in walk.skipped:
        step = sop.step(key)
        reason = step.condition.text if step.condition and step.condition.text else ""
        lines.append(f"Langkah {step.number} dilewati: syarat rute tidak terpenuhi. {reason}")
    lines.append("Jalur: " + " → ".join(str(sop.step(key).number) for key in walk.path))
    if walk.refusal:
        lines.append(f"Berhenti: {walk.refusal}")
    else:
        finished = walk.state.archived_at or walk.state.finished_at
        outcome = "Diarsipkan" if walk.state.status is Status.ARCHIVED else "Selesai"
        lines.append(f"{outcome} pada {_when(finished)}")
    return "\n".join(lines)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%d-%m %H:%M") if moment else "-"


def _due(row: WalkRow) -> str:
    due = row.due
    if not due.is_timed:
        return "-"
    if due.target != due.limit:
        return f"{_when(due.target)} / {_when(due.limit)}"
    return _when(due.limit)


def _table(headers: Sequence[str], rows: list[list[str]], widths: list[int], total: int) -> str:
    """A boxed text table; columns keep their share of ``total`` and wrap their text."""
    scale = max(total - 3 * len(widths) - 1, len(widths) * 4) / sum(widths)
    widths = [max(3, int(w * scale)) for w in widths]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [rule, *_row(headers, widths), rule.replace("-", "=")]
    for row in rows:
        out.extend(_row(row, widths))
        out.append(rule)
    return "\n".join(out)


def _row(cells: Sequence[str], widths: list[int]) -> list[str]:
    wrapped = [
        [line for paragraph in cell.split("\n") for line in textwrap.wrap(paragraph, w) or [""]]
        for cell, w in zip(cells, widths, strict=True)
    ]
    height = max(len(lines) for lines in wrapped)
    return [
        "| " + " | ".join(
            (lines[i] if i < len(lines) else "").ljust(w) for lines, w in zip(wrapped, widths,
                                                                                strict=True)
        ) + " |"
        for i in range(height)
    ]
