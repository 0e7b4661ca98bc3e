"""The *Pihak luar* form: an office's name, unit or office, e-mail address, and the party keys of
the organization's SOPs it fills."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import validate_email

from tayang.orgs.models import Organization
from tayang.parties.models import OutsideParty
from tayang.procedures.models import Procedure


def party_slots(organization: Organization) -> list[tuple[Procedure, str, str]]:
    """(procedure, party key, label) for every party the organization's active SOPs declare."""
    slots = []
    for procedure in organization.procedures.filter(is_active=True).order_by("name", "pk"):
        for party in procedure.current.sop.parties:
            slots.append((procedure, party.key, f"{procedure.name} › {party.name}"))
    return slots


def slot_value(procedure: Procedure, key: str) -> str:
    return f"{procedure.pk}:{key}"


class PartyForm(forms.Form):
    name = forms.CharField(
        label="Nama pihak", max_length=150,
        help_text="Seperti yang dicatat dalam riwayat konten, mis. Kepaniteraan Perdata.",
        error_messages={"required": "Nama pihak wajib diisi.",
                        "max_length": "Nama pihak paling panjang 150 karakter."},
    )
    office = forms.CharField(
        label="Unit atau kantor", max_length=200,
        help_text="Tempat pihak ini berada, mis. Pengadilan Negeri Sleman.",
        error_messages={"required": "Unit atau kantor wajib diisi.",
                        "max_length": "Unit atau kantor paling panjang 200 karakter."},
    )
    email = forms.CharField(
        label="Alamat e-mail", max_length=254,
        help_text="Tautan untuk menjawab dikirim ke alamat ini; hanya pemegang kotak surat ini "
                  "yang dapat menjawab.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Alamat e-mail wajib diisi.",
                        "max_length": "Alamat e-mail paling panjang 254 karakter."},
    )
    slots = forms.MultipleChoiceField(
        label="Pihak dalam SOP yang diisinya", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Centang pihak luar SOP yang dikerjakan kantor ini; langkah pihak itu dikirim "
                  "ke alamat di atas.",
        error_messages={"invalid_choice": "Pilihan «%(value)s» tidak ada pada SOP organisasi."},
    )
    is_active = forms.BooleanField(
        label="Aktif (menerima tautan)", required=False, initial=True,
    )

    def __init__(self, *args: Any, organization: Organization,
                 party: OutsideParty | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.party = party
        self.known = {slot_value(p, key): (p, key) for p, key, _ in party_slots(organization)}
        self.fields["slots"].choices = [
            (slot_value(p, key), label) for p, key, label in party_slots(organization)
        ]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_office(self) -> str:
        return " ".join(self.cleaned_data["office"].split())

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        try:
            validate_email(email)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                f"«{email}» bukan alamat e-mail yang sah; tulis seperti "
                "kepaniteraan@pn-contoh.go.id."
            ) from error
        taken = OutsideParty.objects.filter(organization=self.organization, email=email)
        if self.party is not None:
            taken = taken.exclude(pk=self.party.pk)
        if taken.exists():
            raise forms.ValidationError(
                f"Alamat {email} sudah dipakai pihak luar lain di organisasi ini; satu alamat "
                "untuk satu pihak."
            )
        return email

    def grants(self) -> list[tuple[Procedure, str]]:
        return [self.known[value] for value in self.cleaned_data.get("slots", [])]
