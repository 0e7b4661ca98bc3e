"""Forms of an organization's own management screens: members, units, roles and SOPs."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from tayang.orgs.models import Organization, Unit
from tayang.procedures.models import Procedure
from tayang.sop.bundled import bundled_sops
from tayang.sop.yamlbounds import MAX_DEFINITION_BYTES, too_large
from tayang.workspace.letter_form import NIP_HELP, clean_nip

LOCAL_NAME = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9._-]{0,60}[a-z0-9])?$",
    "Gunakan huruf kecil, angka, titik, tanda hubung atau garis bawah (mis. budi.santoso).",
)


class NewAccountForm(forms.Form):
    """A new account, named in the organization's own namespace: ``<prefix>.<name>``.

    Only names under the organization's prefix are ever looked up, so the answer says nothing
    about accounts of other organizations. An existing account is invited instead
    (:class:`InviteForm`).
    """

    local_name = forms.CharField(label="Nama pengguna", max_length=62, validators=[LOCAL_NAME])
    full_name = forms.CharField(label="Nama lengkap", max_length=150)
    email = forms.EmailField(
        label="E-mail", required=False,
        help_text="Untuk mengatur ulang kata sandi bila lupa.",
    )
    password = forms.CharField(
        label="Kata sandi awal", widget=forms.PasswordInput(render_value=False),
        help_text="Sampaikan kepada yang bersangkutan secara langsung; ia dapat menggantinya "
                  "di halaman Profil.",
    )
    unit = forms.ModelChoiceField(label="Unit kerja", queryset=Unit.objects.none(),
                                  required=False)
    position = forms.CharField(label="Jabatan", max_length=200, required=False)
    is_admin = forms.BooleanField(label="Admin organisasi", required=False)

    def __init__(self, organization: Organization, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organization = organization
        self.fields["unit"].queryset = organization.units.all()  # type: ignore[attr-defined]
        self.fields["local_name"].help_text = (
            f"Akun baru bernama {organization.account_prefix}.<nama>; isi bagian <nama> saja."
        )

    @property
    def username(self) -> str:
        return f"{self.organization.account_prefix}.{self.cleaned_data['local_name']}"

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("local_name"):
            return data
        user_model = get_user_model()
        username = self.username
        existing = user_model.objects.filter(username__iexact=username).first()
        if existing is not None:
            if self.organization.memberships.filter(user=existing).exists():
                self.add_error("local_name", "Orang ini sudah menjadi anggota organisasi.")
            else:
                self.add_error("local_name", f"Nama pengguna {username} sudah dipakai; pilih "
                                             "nama lain.")
            return data
        if password := data.get("password"):
            first, _, last = str(data.get("full_name") or "").partition(" ")
            newcomer = user_model(username=username, first_name=first, last_name=last,
                                  email=data.get("email") or "")
            newcomer.joining_organizations = [self.organization]  # type: ignore[attr-defined]
            try:
                validate_password(str(password), user=newcomer)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class InviteForm(forms.Form):
    """Invite an existing account (of another organization, or of none) to join."""

    username = forms.CharField(label="Nama pengguna akun yang diundang", max_length=150)
    unit = forms.ModelChoiceField(label="Unit kerja", queryset=Unit.objects.none(),
                                  required=False)
    position = forms.CharField(label="Jabatan", max_length=200, required=False)
    is_admin = forms.BooleanField(label="Admin organisasi", required=False)

    def __init__(self, organization: Organization, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organization = organization
        self.fields["unit"].queryset = organization.units.all()  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        # What the organization already knows about its own members may be said.
        if self.organization.memberships.filter(user__username__iexact=username).exists():
            raise ValidationError("Orang ini sudah menjadi anggota organisasi.")
        return username


class MemberForm(forms.Form):
    unit = forms.ModelChoiceField(label="Unit kerja", queryset=Unit.objects.none(),
                                  required=False)
    position = forms.CharField(label="Jabatan", max_length=200, required=False)
    rank = forms.CharField(label="Pangkat/golongan", max_length=100, required=False,
                           help_text="Dicetak di bawah tanda tangan, mis. Pembina Tk. I, IV/b.")
    nip = forms.CharField(label="NIP", max_length=40, required=False, help_text=NIP_HELP)
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

    def person_fields(self) -> list[forms.BoundField]:
        """The membership's own fields (unit, position, flags), before the roles."""
        return [self[name] for name in self.fields if not name.startswith("roles_")]

    def role_fields(self) -> list[tuple[forms.BoundField, Procedure]]:
        """Each SOP's role checkboxes with the SOP, for one group per SOP under its name."""
        return [(self[f"roles_{procedure.pk}"], procedure) for procedure in self.procedures]

    def clean_nip(self) -> str:
        return clean_nip(self.cleaned_data.get("nip", ""))

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
