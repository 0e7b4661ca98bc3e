"""A written response issued as an official letter (*surat dinas*, tata naskah dinas).

Issuing (:func:`issue_letter`) gives the letter its number once, in one transaction with the
letter's row: the organization's pattern filled with the classification code, the year's next
sequence, the unit code and the year (:mod:`tayang.records.numbering`). Printing
(:func:`letter_pdf`) lays it out as Indonesian government letters are: kop surat, place and
date, Nomor / Sifat / Lampiran / Hal, Yth. addressee, the body (the response verbatim between
an opening and a closing sentence), the signatory's position with room for a wet or an
electronic signature, name, rank and NIP, and the QR code of its verification page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tayang.items.models import WrittenResponse
from tayang.orgs.models import Membership
from tayang.records import verification
from tayang.records.models import IssuedRecord, Letter
from tayang.records.names import person_name, step_name
from tayang.records.numbering import format_number, next_sequence, unit_code
from tayang.records.typesetting import (
    compile_template,
    letterhead_of,
    long_date,
    verification_of,
)

TEMPLATE = Path(__file__).with_name("letter.typ")
CLOSING = "Demikian kami sampaikan. Atas perhatian dan kerja samanya, kami ucapkan terima kasih."


@dataclass(frozen=True)
class LetterDraft:
    """What the person issuing the letter chose (the form's cleaned data)."""

    addressee: str
    subject: str
    place: str
    dated: date
    classification: str = ""
    attachment: str = ""
    signer_name: str = ""
    signer_position: str = ""
    signer_rank: str = ""
    signer_nip: str = ""


def suggested(response: WrittenResponse, today: date) -> dict[str, object]:
    """The form's starting values: the addressee is who handed the item in, the signatory
    the response's author as the organization knows them."""
    item = response.item
    organization = item.organization
    author = Membership.objects.filter(organization=organization, user=response.author).first()
    creator = item.created_by
    addressee = person_name(creator) if creator else ""
    if creator is not None:
        held = Membership.objects.filter(organization=organization, user=creator).first()
        if held and held.position:
            addressee = f"{addressee}\n{held.position}"
    code = f"nomor register {item.register_code}" if item.register_code else f"#{item.pk}"
    return {
        "addressee": addressee,
        "subject": f"Tanggapan atas konten {code}"[:300],
        "place": organization.city,
        "dated": today,
        "classification": organization.letter_classification,
        "signer_name": person_name(response.author),
        "signer_position": author.position if author else "",
        "signer_rank": author.rank if author else "",
        "signer_nip": author.nip if author else "",
    }


def issue_letter(response: WrittenResponse, draft: LetterDraft,
                 user: AbstractBaseUser) -> Letter:
    """Number the letter and keep it; a response is issued as a letter once."""
    organization = response.item.organization
    with transaction.atomic():
        existing = Letter.objects.filter(response=response).first()
        if existing is not None:
            return existing
        sequence = next_sequence(organization, draft.dated.year)
        number = format_number(organization.letter_number_pattern, sequence=sequence,
                               classification=draft.classification,
                               unit=unit_code(organization), day=draft.dated)
        return Letter.objects.create(
            organization=organization, response=response, year=draft.dated.year,
            sequence=sequence, number=number, classification=draft.classification,
            place=draft.place, dated=draft.dated, addressee=draft.addressee,
            subject=draft.subject, attachment=draft.attachment,
            signer_name=draft.signer_name, signer_position=draft.signer_position,
            signer_rank=draft.signer_rank, signer_nip=draft.signer_nip, created_by=user,
        )


def issue_verification(letter: Letter, user: AbstractBaseUser | None = None) -> IssuedRecord:
    return verification.issue(
        letter.organization, IssuedRecord.Kind.LETTER, verification.letter_content(letter),
        title=f"Surat: {letter.subject}", issued_on=letter.dated, number=letter.number,
        signer=verification.Signer(letter.signer_name, letter.signer_position,
                                   letter.signer_rank, letter.signer_nip),
        source_id=letter.pk, user=user,
    )


def letter_data(letter: Letter, issued: IssuedRecord | None) -> dict[str, object]:
    response = letter.response
    item = response.item
    sop = item.procedure_version.sop
    code = item.register_code or f"#{item.pk}"
    opening = (f"Bersama ini kami sampaikan tanggapan tertulis atas konten nomor register {code} "
               f"«{item.title or '(tanpa judul)'}» pada langkah {step_name(sop, response.step)}, "
               f"dengan keputusan: {response.label}.")
    if response.kind == WrittenResponse.Kind.SENT_BACK:
        opening += (f" Konten dikembalikan ke langkah {step_name(sop, response.to_step)} "
                    "untuk diperbaiki.")
    organization = letter.organization
    return {
        "title": f"Surat {letter.number}",
        "organization": organization.name,
        "letterhead": letterhead_of(organization).__dict__,
        "place_date": f"{letter.place}, {long_date(letter.dated)}" if letter.place
        else long_date(letter.dated),
        "number": letter.number, "nature": "Biasa",
        "attachment": letter.attachment or "-", "subject": letter.subject,
        "addressee": [line for line in letter.addressee.splitlines() if line.strip()],
        "opening": opening,
        "body": [part for part in response.text.splitlines() if part.strip()],
        "closing": CLOSING,
        "signer": {"position": letter.signer_position, "name": letter.signer_name,
                   "rank": letter.signer_rank, "nip": letter.signer_nip},
        "verification": verification_of(issued).__dict__ if issued else None,
        "footer": f"{organization.name} · surat {letter.number}",
    }


def letter_pdf(letter: Letter, issued: IssuedRecord | None, *, now: datetime) -> bytes:
    return compile_template(TEMPLATE, letter_data(letter, issued), now=now)
