"""The form in which an organization's admin edits an SOP's identity (*identitas SOP*).

It only collects what is typed: dates as text ("16 Februari 2016"), the revision number as text,
lists one item per line. Whether it makes a sound definition is the loader's to say, with the
same messages as for an uploaded file (``tayang.procedures.identity``); its problems are shown
at the field they concern.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from tayang.sop.dates import indonesian
from tayang.sop.errors import DefinitionProblem
from tayang.sop.identity_edit import LIST_KEYS, Value
from tayang.sop.model import Identity

_DATE_HELP = "Tulis seperti pada dokumen: 16 Februari 2016, 16-02-2016 atau 2016-02-16."
_LIST_HELP = "Satu butir per baris."
# Form field -> the identity key it writes (the signer's under approved_by).
_SIGNER = {"approver_name": "name", "approver_position": "position",
           "approver_rank": "rank", "approver_nip": "nip"}


def _text(label: str, *, required: bool = False, help_text: str = "",
          max_length: int = 300, placeholder: str = "") -> forms.CharField:
    attrs = {"placeholder": placeholder} if placeholder else {}
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text, widget=forms.TextInput(attrs=attrs))


def _paragraph(label: str, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=5000, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class IdentityForm(forms.Form):
    organization = _text("Nama badan publik (pelaksana SOP)", required=True,
                         help_text="Mis. Dinas Komunikasi dan Informatika Kabupaten Sleman.")
    unit = _text("Unit / bidang / balai")
    issued_by = _text(
        "Diterbitkan oleh (bila bukan badan publik itu sendiri)",
        help_text="Mis. Sekretariat Daerah atau Bupati yang menerbitkan SOP untuk dinas; "
                  "dicetak di atas nama badan publik.",
    )
    logo = forms.FileField(
        label="Logo", required=False,
        help_text="Gambar PNG, JPEG atau WebP, paling besar 5 MB; dicetak di tabel identitas "
                  "menggantikan tulisan «LOGO».",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label="Hapus logo yang sekarang", required=False)
    name = _text("Nama SOP", required=True)
    number = _text("Nomor SOP", max_length=100, placeholder="000.8.3.3/017")
    revision = _text("Revisi ke", max_length=10, placeholder="0",
                     help_text="Angka: 0 untuk terbitan pertama. Kosongkan bila tidak ada.")
    made_on = _text("Tanggal pembuatan", max_length=40, help_text=_DATE_HELP,
                    placeholder="16 Februari 2016")
    revised_on = _text("Tanggal revisi", max_length=40, help_text=_DATE_HELP)
    effective_on = _text("Tanggal efektif", max_length=40, help_text=_DATE_HELP)
    approver_position = _text("Jabatan pengesah", placeholder="Kepala Dinas")
    approver_name = _text("Nama pengesah", placeholder="Dra. SRI LESTARI, M.Si")
    approver_rank = _text("Pangkat/golongan", max_length=100, placeholder="Pembina Tk I, IV/b")
    approver_nip = _text("NIP", max_length=40, placeholder="19700101 200003 2 001",
                         help_text="18 angka, boleh dipisah spasi; kosongkan bila tidak ber-NIP.")
    purpose = _paragraph("Tujuan")
    scope = _paragraph("Ruang lingkup")
    legal_bases = _paragraph("Dasar hukum", _LIST_HELP, rows=6)
    qualifications = _paragraph("Kualifikasi pelaksana", _LIST_HELP)
    related_sops = _paragraph("Keterkaitan", _LIST_HELP)
    equipment = _paragraph("Peralatan/perlengkapan", _LIST_HELP)
    warnings = _paragraph("Peringatan", _LIST_HELP)
    records = _paragraph("Pencatatan dan pendataan", _LIST_HELP)

    GROUPS = (
        ("Badan publik", ("organization", "unit", "issued_by", "logo", "remove_logo")),
        ("SOP", ("name", "number", "revision", "made_on", "revised_on", "effective_on",
                 "purpose", "scope")),
        ("Disahkan oleh", ("approver_position", "approver_name", "approver_rank",
                           "approver_nip")),
        ("Daftar pada tabel identitas", ("legal_bases", "qualifications", "related_sops",
                                         "equipment", "warnings", "records")),
    )

    def __init__(self, *args: Any, has_logo: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_logo:  # nothing to remove
            del self.fields["remove_logo"]

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]

    def values(self) -> dict[str, Value]:
        """What was typed, under the definition's identity keys."""
        data = self.cleaned_data
        values: dict[str, Value] = {
            key: str(data[key]).strip()
            for key in ("organization", "unit", "issued_by", "name", "number", "revision",
                        "made_on", "revised_on", "effective_on", "purpose", "scope")
        }
        values["approved_by"] = {key: str(data[field]).strip() for field, key in _SIGNER.items()}
        for key in LIST_KEYS:
            values[key] = [line.strip() for line in str(data[key]).splitlines() if line.strip()]
        return values

    def show_problems(self, problems: list[DefinitionProblem]) -> None:
        """The loader's problems, each at the field it names (else above the form)."""
        for problem in problems:
            field = _field_of(problem.path)
            self.add_error(field if field in self.fields else None, problem.message)


def initial_from(identity: Identity) -> dict[str, Any]:
    """The form filled with what the current version says, dates as the document prints them."""
    official = identity.approved_by

    def day(value: Any) -> str:
        return indonesian(value) if value else ""

    return {
        "organization": identity.organization, "unit": identity.unit,
        "issued_by": identity.issued_by, "name": identity.name, "number": identity.number,
        "revision": "" if identity.revision is None else str(identity.revision),
        "made_on": day(identity.made_on), "revised_on": day(identity.revised_on),
        "effective_on": day(identity.effective_on),
        "approver_name": official.name, "approver_position": official.position,
        "approver_rank": official.rank, "approver_nip": official.nip,
        "purpose": identity.purpose, "scope": identity.scope,
        **{key: "\n".join(getattr(identity, key)) for key in LIST_KEYS},
    }


def _field_of(path: str) -> str:
    """``identity.approved_by.nip`` -> ``approver_nip``; ``identity.legal_bases[2]`` ->
    ``legal_bases``."""
    parts = re.sub(r"\[\d+\]", "", path).split(".")
    if parts[:2] == ["identity", "approved_by"] and len(parts) > 2:
        return next((field for field, key in _SIGNER.items() if key == parts[2]), "")
    return parts[1] if len(parts) > 1 and parts[0] == "identity" else ""
