"""Plain-text renderings for the terminal: an SOP as its procedure table, a simulated walk."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import datetime

from tayang.cli.simulate import Walk, WalkRow
from tayang.engine.due import Timeliness
from tayang.engine.state import Status
from tayang.sop.model import Sop, StepKind
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
    lines = [
        f"{identity.name}",
        f"{identity.organization}",
        f"Kunci: {sop.key}    Nomor SOP: {identity.number or '-'}    "
        f"Dibuat: {identity.made_on or '-'}    Revisi: {identity.revised_on or '-'}    "
        f"Efektif: {identity.effective_on or '-'}",
    ]
    if identity.approved_by.name:
        lines.append(f"Disahkan oleh: {identity.approved_by.name}, {identity.approved_by.position}")
    lines.append("Pelaksana: " + "; ".join(role.name for role in sop.roles))
    lines.append("")
    rows = []
    for step in sop.steps:
        # The hand-in also carries the rules Tayang adds to every SOP (tayang.sop.rules).
        added = product_rules(sop) if step.kind is StepKind.HANDIN else ()
        requirements = "\n".join(
            [f"- {r.text}" + ("" if r.check is None else f" [cek: {r.check.value}]")
             for r in step.requirements]
            + [f"- {r.text} [aturan Tayang: {r.check.value}]" for r in added if r.check]
        )
        time = f"{step.time.text}\n({describe(step.time)})" if step.time else "-"
        flow = f"lanjut: {step.next}"
        if step.reject:
            flow += f"\n{step.reject_label}: kembali ke {step.reject}"
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
