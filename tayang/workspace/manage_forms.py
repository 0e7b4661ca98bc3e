"""Forms of an organization's own management screens: members, units, roles and SOPs."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tayang.orgs.models import Organization, Unit
from tayang.procedures.models import Procedure
from tayang.sop.bundled import bundled_sops
from tayang.sop.yamlbounds import MAX_DEFINITION_BYTES, too_large


class NewMemberForm(forms.Form):
    """Add a person: an existing account by user name, or a new one with a first password."""

    username = forms.CharField(label="Nama pengguna", max_length=150)
    full_name = forms.CharField(label="Nama lengkap", max_length=150, required=False)
    password = forms.CharField(
        label="Kata sandi awal", required=False, widget=forms.PasswordInput,
        help_text="Wajib untuk akun baru; sampaikan kepada yang bersangkutan secara langsung.",
    )
    unit = forms.ModelChoiceField(label="Unit kerja", queryset=Unit.objects.none(),
                                  required=False)
    position = forms.CharField(label="Jabatan", max_length=200, required=False)
    is_admin = forms.BooleanField(label="Admin organisasi", required=False)

    def __init__(self, organization: Organization, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organization = organization
        self.fields["unit"].queryset = organization.units.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        username = data.get("username")
        if not username:
            return data
        user = get_user_model().objects.filter(username=username).first()
        if user is not None:
            if self.organization.memberships.filter(user=user).exists():
                self.add_error("username", "Orang ini sudah menjadi anggota organisasi.")
            return data
        password = data.get("password")
        if not password:
            self.add_error("password", "Akun baru membutuhkan kata sandi awal.")
        else:
            try:
                validate_password(str(password))
            except ValidationError as error:
                self.add_error("password", error)
        return data


class MemberForm(forms.Form):
    unit = forms.ModelChoiceField(label="Unit kerja", queryset=Unit.objects.none(),
                                  required=False)
    position = forms.CharField(label="Jabatan", max_length=200, required=False)
    is_admin = forms.BooleanField(label="Admin organisasi", required=False)
    is_ppid = forms.BooleanField(
        label="Pengelola DIP (PPID)", required=False,
        help_text="Dapat mengelola Daftar Informasi Publik organisasi.",
    )
    is_active = forms.BooleanField(
        label="Aktif", required=False,
        help_text="Anggota nonaktif tidak dapat masuk ke ruang kerja organisasi ini.",
    )

    def __init__(self, organization: Organization, procedures: list[Procedure],
                 *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = organization.units.all()  # type: ignore[attr-defined]
        self.procedures = procedures
        for procedure in procedures:
            sop = procedure.current.sop
            self.fields[f"roles_{procedure.pk}"] = forms.MultipleChoiceField(
                label=f"Peran pada SOP «{procedure.name}»", required=False,
                choices=[(role.key, role.name) for role in sop.roles],
                widget=forms.CheckboxSelectMultiple,
            )

    def roles_of(self, procedure: Procedure) -> set[str]:
        return set(self.cleaned_data.get(f"roles_{procedure.pk}") or [])


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ("name", "kind")


class AdoptForm(forms.Form):
    bundled_key = forms.ChoiceField(label="SOP bawaan")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["bundled_key"].choices = [  # type: ignore[attr-defined]
            (key, f"{sop.identity.name} — {sop.identity.organization}")
            for key, sop in sorted(bundled_sops().items())
        ]


class DefinitionUploadForm(forms.Form):
    definition = forms.FileField(
        label="Berkas definisi SOP (YAML)",
        help_text="Format berkas dijelaskan dalam dokumentasi format SOP Tayang.",
    )

    def clean_definition(self) -> tuple[str, str]:
        uploaded = self.cleaned_data["definition"]
        if uploaded.size > MAX_DEFINITION_BYTES:
            raise ValidationError(f"{too_large(uploaded.size).capitalize()}.")
        try:
            text = uploaded.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(
                "Berkas definisi harus berupa teks UTF-8 (YAML), bukan dokumen Word atau PDF."
            ) from None
        return uploaded.name, text
