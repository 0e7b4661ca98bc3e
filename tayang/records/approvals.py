"""The approval record: who approved which exact version of the content, and whether the
content is still that version.

The hash on the record is the one written when the approval was given; the item's current
hash is computed afresh each time the record is shown or printed, so an edit made after the
approval makes the record say so visibly instead of lending the approval to new content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser

from tayang.items.models import Approval
from tayang.items.records import item_content_hash
from tayang.orgs.models import Membership
from tayang.records import verification
from tayang.records.models import IssuedRecord
from tayang.records.names import person_name, role_name, step_name
from tayang.records.typesetting import (
    Record,
    Signature,
    letterhead_of,
    local_time,
    place_date,
    render,
    verification_of,
)

CHANGED = "Isi konten telah berubah sejak persetujuan ini"
UNCHANGED = "Isi konten sama dengan yang disetujui"


@dataclass(frozen=True)
class ApprovalRecord:
    approval: Approval
    approver: str
    role: str
    step: str
    when: str
    current_hash: str
    position: str = ""  # the approver's jabatan, pangkat/golongan and NIP (their membership)
    rank: str = ""
    nip: str = ""

    @property
    def matches(self) -> bool:
        return self.current_hash == self.approval.content_hash

    @property
    def verdict(self) -> str:
        return UNCHANGED if self.matches else CHANGED


def approval_record(approval: Approval) -> ApprovalRecord:
    item = approval.item
    organization = item.organization
    sop = item.procedure_version.sop
    held = Membership.objects.filter(organization=organization, user=approval.approver).first()
    return ApprovalRecord(
        approval=approval,
        approver=person_name(approval.approver),
        role=role_name(sop, approval.role),
        step=step_name(sop, approval.step),
        when=local_time(approval.created_at, organization.zone, organization.zone_abbreviation),
        current_hash=item_content_hash(item, sop),
        position=held.position if held else "", rank=held.rank if held else "",
        nip=held.nip if held else "",
    )


def issue_verification(record: ApprovalRecord, *, today: date,
                       user: AbstractBaseUser | None = None) -> IssuedRecord:
    """The approval record's verification entry (the same one each time its content is the
    same)."""
    approval = record.approval
    return verification.issue(
        approval.item.organization, IssuedRecord.Kind.APPROVAL,
        verification.approval_content(approval),
        title=f"Catatan persetujuan #{approval.pk}: {approval.item.title or '(tanpa judul)'}",
        issued_on=today, number=approval.item.register_code,  # the register number it is about
        signer=verification.Signer(record.approver, record.position, record.rank, record.nip),
        source_id=approval.pk, user=user,
    )


def grouped(digest: str) -> str:
    """A hex digest in groups of eight: it fits the page, and a reader compares it group by
    group with the one on the screen."""
    return " ".join(digest[i:i + 8] for i in range(0, len(digest), 8))


def approval_pdf(record: ApprovalRecord, *, now: datetime,
                 issued: IssuedRecord | None = None) -> bytes:
    approval = record.approval
    item = approval.item
    organization = item.organization
    printed = local_time(now, organization.zone, organization.zone_abbreviation)
    fields = [
        ("Nomor register", item.register_code or "-"),
        ("Judul konten", item.title or "(tanpa judul)"),
        ("SOP", item.procedure_version.sop.identity.name),
        ("Keputusan", approval.label),
        ("Disetujui oleh", record.approver),
        *([("Jabatan", record.position)] if record.position else []),
        *([("Pangkat/golongan", record.rank)] if record.rank else []),
        *([("NIP", record.nip)] if record.nip else []),
        ("Peran", record.role),
        ("Langkah", record.step),
        ("Waktu", record.when),
        ("Revisi konten", str(approval.revision)),
        ("Sidik isi yang disetujui (SHA-256)", grouped(approval.content_hash)),
        ("Sidik isi saat dicetak (SHA-256)", grouped(record.current_hash)),
        ("Kesesuaian", record.verdict),
    ]
    return render(Record(
        title="CATATAN PERSETUJUAN", organization=organization.name,
        address=organization.address, fields=fields,
        warning="" if record.matches else f"{CHANGED} (revisi sekarang {item.revision}).",
        footer=f"{organization.name} · persetujuan #{approval.pk} · dicetak {printed}",
        letterhead=letterhead_of(organization),
        signature=Signature(
            place_date=place_date(organization.city, approval.created_at.astimezone(
                organization.zone).date()),
            heading="Yang menyetujui,", position=record.position or record.role,
            name=record.approver, rank=record.rank, nip=record.nip,
        ),
        verification=verification_of(issued) if issued else None,
    ), now=now)

