"""Checking a printed record without logging in: a code, a hash and a public page.

When a record is printed, :func:`issue` keeps what it said as the SHA-256 of a canonical
serialisation (:func:`digest`: JSON with sorted keys, no spaces, UTF-8) under a random code
(:func:`new_code`, 128 bits: unguessable, so the page lists nothing anyone could walk). The
QR code on the paper points to ``/verifikasi/<code>/`` on the organization's public address
(:func:`verification_url`); that page recomputes the same serialisation from what Tayang holds
now (:func:`current_hash`) and says plainly whether it still matches.

The content of each kind is made by one function below, used both when the record is issued
and when it is checked, so the two can never be computed differently.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tayang.orgs.models import Organization
from tayang.records.models import IssuedRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from tayang.items.models import Approval
    from tayang.records.models import Letter

Kind = IssuedRecord.Kind


def digest(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of ``content`` (sorted keys, compact, UTF-8)."""
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                         default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def new_code() -> str:
    """22 URL-safe characters (128 random bits)."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Signer:
    name: str = ""
    position: str = ""
    rank: str = ""
    nip: str = ""


def issue(organization: Organization, kind: str, content: dict[str, Any], *, title: str,
          issued_on: date, number: str = "", signer: Signer | None = None,
          source_id: int | None = None, params: str = "",
          user: AbstractBaseUser | None = None) -> IssuedRecord:
    """The verification entry of a record being printed.

    Printing the same record with the same content again gives the same entry (and the same
    QR code), so a register downloaded ten times is one entry, not ten; a changed content is
    a new entry with its own code, while the old paper's code keeps saying "changed".
    """
    signer = signer or Signer()
    content_hash = digest(content)
    existing = IssuedRecord.objects.filter(
        organization=organization, kind=kind, source_id=source_id, params=params[:500],
        content_hash=content_hash, number=number, signer_name=signer.name[:200],
        signer_position=signer.position[:200],
    ).first()
    if existing is not None:
        return existing
    return IssuedRecord.objects.create(
        organization=organization, kind=kind, source_id=source_id, params=params[:500],
        title=title[:300], number=number[:120], issued_on=issued_on,
        signer_name=signer.name[:200], signer_position=signer.position[:200],
        signer_rank=signer.rank[:100], signer_nip=signer.nip[:21],
        content_hash=content_hash, code=new_code(),
        issued_by=user if user is not None and user.is_authenticated else None,
    )


# --- the content of each kind ----------------------------------------------------------------

def approval_content(approval: Approval) -> dict[str, Any]:
    """An approval record says who approved which content, and what that content is now."""
    from tayang.items.records import item_content_hash
    from tayang.records.names import person_name

    item = approval.item
    return {
        "jenis": "persetujuan", "persetujuan": approval.pk,
        "register": item.register_code, "judul": item.title,
        "penyetuju": person_name(approval.approver), "peran": approval.role,
        "langkah": approval.step, "keputusan": approval.label,
        "waktu": approval.created_at.isoformat(), "revisi": approval.revision,
        "sidik_disetujui": approval.content_hash,
        "sidik_isi": item_content_hash(item, item.procedure_version.sop),
    }


def letter_content(letter: Letter) -> dict[str, Any]:
    """A letter says what its fields and the response's text say."""
    response = letter.response
    return {
        "jenis": "surat", "nomor": letter.number, "tanggal": letter.dated.isoformat(),
        "tempat": letter.place, "kepada": letter.addressee, "perihal": letter.subject,
        "lampiran": letter.attachment, "register": response.item.register_code,
        "keputusan": response.label, "jenis_tanggapan": response.kind,
        "langkah": response.step, "ke_langkah": response.to_step,
        "isi": response.text, "revisi": response.revision,
        "penanda_tangan": [letter.signer_name, letter.signer_position, letter.signer_rank,
                           letter.signer_nip],
    }


def register_content(rows: list[Any]) -> dict[str, Any]:
    """A register says its rows, in order."""
    from dataclasses import astuple

    return {"jenis": "register", "baris": [list(astuple(row)) for row in rows]}


def evaluation_content(tables: list[Any]) -> dict[str, Any]:
    """An evaluation report says its figures (the rows of its tables)."""
    return {"jenis": "evaluasi", "tabel": tables}


# --- checking ---------------------------------------------------------------------------------

def current_content(record: IssuedRecord) -> dict[str, Any] | None:
    """What the record would say if printed now; None when what it was made from is gone."""
    from django.http import QueryDict

    match record.kind:
        case Kind.APPROVAL:
            from tayang.items.models import Approval

            approval = (Approval.objects.select_related("item__procedure_version", "approver")
                        .filter(pk=record.source_id, item__organization=record.organization)
                        .first())
            return approval_content(approval) if approval else None
        case Kind.LETTER:
            from tayang.records.models import Letter

            letter = (Letter.objects.select_related("response__item")
                      .filter(pk=record.source_id, organization=record.organization).first())
            return letter_content(letter) if letter else None
        case Kind.REGISTER:
            from tayang.records.register import current_rows

            return register_content(current_rows(record.organization,
                                                 QueryDict(record.params)))
        case Kind.EVALUATION:
            from tayang.evaluation.report_files import current_content as evaluation_now

            tables = evaluation_now(record.organization, record.params)
            return None if tables is None else evaluation_content(tables)
    return None


def current_hash(record: IssuedRecord) -> str | None:
    content = current_content(record)
    return None if content is None else digest(content)


def verification_url(record: IssuedRecord) -> str:
    """The page's address on the organization's public site (its own host when it has one,
    else Tayang's public address under /situs/<org>/): what the QR code carries."""
    from tayang.public.addresses import canonical_url

    return canonical_url(record.organization, "public:verification", code=record.code)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as SVG text (medium error correction: survives a fold)."""
    import segno  # only when a record is printed

    qr = segno.make(url, error="m", micro=False)
    return str(qr.svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=False))
