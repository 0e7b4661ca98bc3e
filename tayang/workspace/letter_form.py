"""The form that issues a written response as an official letter (tata naskah dinas)."""

from __future__ import annotations

import re

from django import forms

from tayang.records.official_letters import LetterDraft

NIP_HELP = "18 angka, boleh dipisah spasi; kosongkan bila tidak ber-NIP."


def clean_nip(value: str) -> str:
    """``19700101 200003 2 001``: 18 digits, grouped as printed on official papers."""
    digits = re.sub(r"\s+", "", value or "")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) != 18:
        raise forms.ValidationError("NIP terdiri atas 18 angka (boleh dipisah spasi).")
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


class LetterForm(forms.Form):
    addressee = forms.CharField(
        label="Kepada (Yth.)", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Nama dan jabatan penerima, satu per baris.")
    subject = forms.CharField(label="Hal (perihal)", max_length=300)
    classification = forms.CharField(
        label="Kode klasifikasi", max_length=30, required=False,
        help_text="Kode klasifikasi arsip pada nomor surat, mis. 000.1.")
    attachment = forms.CharField(label="Lampiran", max_length=100, required=False,
                                 help_text="Mis. 1 berkas; kosongkan bila tidak ada.")
    place = forms.CharField(label="Tempat", max_length=80,
                            help_text="Ditulis sebelum tanggal, mis. Wonosari.")
    dated = forms.DateField(label="Tanggal surat",
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"])
    signer_name = forms.CharField(label="Nama penanda tangan", max_length=200)
    signer_position = forms.CharField(label="Jabatan penanda tangan", max_length=200)
    signer_rank = forms.CharField(label="Pangkat/golongan", max_length=100, required=False)
    signer_nip = forms.CharField(label="NIP", max_length=40, required=False, help_text=NIP_HELP)

    def clean_signer_nip(self) -> str:
        return clean_nip(self.cleaned_data.get("signer_nip", ""))

    def draft(self) -> LetterDraft:
        data = self.cleaned_data
        return LetterDraft(
            addressee=data["addressee"].strip(), subject=data["subject"].strip(),
            place=data["place"].strip(), dated=data["dated"],
            classification=data["classification"].strip(),
            attachment=data["attachment"].strip(), signer_name=data["signer_name"].strip(),
            signer_position=data["signer_position"].strip(),
            signer_rank=data["signer_rank"].strip(), signer_nip=data["signer_nip"],
        )
