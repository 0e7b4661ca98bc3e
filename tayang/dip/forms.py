"""Forms of the DIP screens: an entry, a decree, a document, an import file."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from tayang.dip.models import Decree, Entry
from tayang.dip.tabular import MAX_IMPORT_BYTES
from tayang.orgs.models import Organization


class EntryForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = ("number", "summary", "holder", "responsible", "made_when", "made_where",
                  "softcopy", "hardcopy", "retention", "classification", "decree")
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, organization: Organization, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organization = organization
        self.fields["decree"].queryset = organization.dip_decrees.all()  # type: ignore[attr-defined]

    def clean_number(self) -> str:
        number = " ".join(self.cleaned_data["number"].split())
        clash = self.organization.dip_entries.filter(number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("Nomor ini sudah dipakai entri DIP lain.")
        return number

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("softcopy") and not data.get("hardcopy"):
            raise ValidationError("Pilih paling sedikit satu bentuk: softcopy atau hardcopy.")
        return data


class DecreeForm(forms.ModelForm):
    class Meta:
        model = Decree
        fields = ("number", "issued_on", "title")
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class DocumentForm(forms.Form):
    title = forms.CharField(label="Judul dokumen", max_length=300)
    file = forms.FileField(label="Berkas (PDF, gambar, atau dokumen Office)")


class ImportForm(forms.Form):
    file = forms.FileField(label="Berkas DIP (XLSX atau CSV)")
    decree = forms.ModelChoiceField(label="SK penetapan", queryset=Decree.objects.none(),
                                    required=False)

    def __init__(self, organization: Organization, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["decree"].queryset = organization.dip_decrees.all()  # type: ignore[attr-defined]

    def clean_file(self) -> object:
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_IMPORT_BYTES:
            raise ValidationError("Berkas terlalu besar (paling besar 5 MB).")
        return uploaded
