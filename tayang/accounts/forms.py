"""The forms of signing in and of the profile page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from tayang.accounts import lockout
from tayang.accounts.address import client_address

WRONG = "Nama pengguna atau kata sandi salah. Periksa lagi lalu coba kembali."


class SignInForm(AuthenticationForm):
    """Django's sign-in form, throttled before any password is hashed (:mod:`.lockout`)."""

    error_messages = {**AuthenticationForm.error_messages, "invalid_login": WRONG,
                      "inactive": WRONG}

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        address = client_address(self.request)
        if refused := lockout.refusal(username, address):
            raise ValidationError(refused.message, code="throttled")
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            lockout.failed(username, address)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Kode verifikasi", max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
        help_text="6 angka dari aplikasi autentikator, atau salah satu kode pemulihan.",
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ("first_name", "last_name")
        labels = {"first_name": "Nama depan", "last_name": "Nama belakang"}


class SignerForm(forms.Form):
    """What the person's signature on records of one organization says beside the name."""

    rank = forms.CharField(label="Pangkat/golongan", max_length=100, required=False,
                           help_text="Mis. Penata Tk. I, III/d.")
    nip = forms.CharField(label="NIP", max_length=40, required=False,
                          help_text="18 angka, boleh dipisah spasi; kosongkan bila tidak "
                                    "ber-NIP.")

    def clean_nip(self) -> str:
        from tayang.workspace.letter_form import clean_nip

        return clean_nip(self.cleaned_data.get("nip", ""))


class EmailForm(forms.Form):
    """A new e-mail address needs the current password: it is where reset links go."""

    email = forms.EmailField(label="E-mail", required=False)
    password = forms.CharField(label="Kata sandi saat ini", widget=forms.PasswordInput)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("Kata sandi saat ini salah.")
        return password


class ConfirmCodeForm(CodeForm):
    """The first code, which proves the app holds the key before 2FA is switched on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "6 angka yang tampil di aplikasi autentikator."


class SwitchOffForm(forms.Form):
    password = forms.CharField(label="Kata sandi saat ini", widget=forms.PasswordInput)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not authenticate(username=self.user.get_username(), password=password):
            raise ValidationError("Kata sandi saat ini salah.")
        return password
