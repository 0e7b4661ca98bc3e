"""A written response (*tanggapan tertulis*) as a printable record (the official, numbered
letter made from it is :mod:`tayang.records.official_letters`).

The review board's responses are records the SOP keeps "in softcopy and hardcopy": the letter
carries everything an auditor needs to read it on its own — which item (by register number),
what was decided at which step, the reasons verbatim, who wrote them in which role, and when.
"""

from __future__ import annotations

from datetime import datetime

from tayang.items.models import WrittenResponse
from tayang.records.names import person_name, role_name, step_name
from tayang.records.typesetting import Record, Section, letterhead_of, local_time, render
from tayang.sop.model import Sop


def response_record(response: WrittenResponse) -> Record:
    """The letter's content; the text is split at line breaks only, never reworded."""
    item = response.item
    organization = item.organization
    sop = item.procedure_version.sop
    when = local_time(response.created_at, organization.zone, organization.zone_abbreviation)
    fields = [
        ("Nomor register", item.register_code or "-"),
        ("Judul konten", item.title or "(tanpa judul)"),
        ("SOP", sop.identity.name),
        ("Langkah", step_name(sop, response.step)),
        ("Keputusan", response.label),
        *_where_to(sop, response),
        ("Revisi konten", str(response.revision)),
        ("Pemberi tanggapan", person_name(response.author)),
        ("Peran", role_name(sop, response.role)),
        ("Tanggal", when),
    ]
    subtitle = f"Konten nomor register {item.register_code}" if item.register_code else ""
    return Record(
        title="TANGGAPAN TERTULIS", organization=organization.name,
        address=organization.address, subtitle=subtitle, fields=fields,
        letterhead=letterhead_of(organization),
        sections=[Section("Tanggapan:", [p for p in response.text.splitlines() if p.strip()])],
        footer=f"{organization.name} · tanggapan tertulis #{response.pk} · {when}",
    )


def _where_to(sop: Sop, response: WrittenResponse) -> list[tuple[str, str]]:
    """Where the item went with this response: back, or on to the next step."""
    match response.kind:
        case WrittenResponse.Kind.SENT_BACK:
            return [("Dikembalikan ke", step_name(sop, response.to_step))]
        case WrittenResponse.Kind.ACCEPTED if response.to_step:
            return [("Diteruskan ke", step_name(sop, response.to_step))]
    return []  # refused, or accepted where the item finished or waits for other approvals


def response_pdf(response: WrittenResponse, *, now: datetime) -> bytes:
    """The letter as PDF; ``now`` is only the file's creation date, the letter is dated by
    the response itself."""
    return render(response_record(response), now=now)
