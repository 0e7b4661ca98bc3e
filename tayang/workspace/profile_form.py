"""Kelola › Profil organisasi: the kop surat, the public site's contacts and letter numbers."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from tayang.orgs.models import Organization
from tayang.records.numbering import pattern_problems
from tayang.workspace.letter_form import clean_nip

MAX_HIERARCHY_LINES = 3


class OrganizationProfileForm(forms.ModelForm):
    logo_file = forms.FileField(
        label="Logo", required=False,
        help_text="Gambar PNG atau JPEG (juga WebP), paling besar 5 MB; dicetak pada kop surat "
                  "setiap naskah dan tampil di kepala situs publik.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label="Hapus logo yang sekarang", required=False)

    class Meta:
        model = Organization
        fields = ("name", "short_name", "parent_lines", "address", "postal_code", "city",
                  "telephone", "email", "website", "head_position", "head_name", "head_rank",
                  "head_nip", "letter_number_pattern",
                  "letter_unit_code", "letter_classification")
        widgets: ClassVar = {"parent_lines": forms.Textarea(attrs={"rows": 3}),
                             "address": forms.TextInput()}

    GROUPS = (
        ("Identitas dan kop surat", ("name", "short_name", "parent_lines", "logo_file",
                                     "remove_logo")),
        ("Alamat dan kontak", ("address", "postal_code", "city", "telephone", "email",
                               "website")),
        ("Pimpinan (penanda tangan register)", ("head_position", "head_name", "head_rank",
                                               "head_nip")),
        ("Nomor surat", ("letter_number_pattern", "letter_unit_code",
                         "letter_classification")),
    )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_parent_lines(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["parent_lines"].splitlines()
                 if line.strip()]
        if len(lines) > MAX_HIERARCHY_LINES:
            raise forms.ValidationError(
                f"Paling banyak {MAX_HIERARCHY_LINES} baris hierarki; tulis satu jenjang "
                "per baris.")
        return "\n".join(lines)

    def clean_head_nip(self) -> str:
        return clean_nip(self.cleaned_data.get("head_nip", ""))

    def clean_letter_number_pattern(self) -> str:
        pattern = self.cleaned_data["letter_number_pattern"].strip()
        problems = pattern_problems(pattern)
        if problems:
            raise forms.ValidationError(problems)
        return pattern
