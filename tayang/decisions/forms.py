"""The PIN form of a person's own page: a new PIN twice, confirmed with the account password."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from tayang.decisions.pins import MAX_DIGITS, MIN_DIGITS, pin_problem


def _pin_widget(autocomplete: str) -> forms.PasswordInput:
    return forms.PasswordInput(attrs={
        "inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": autocomplete,
        "minlength": MIN_DIGITS, "maxlength": MAX_DIGITS, "aria-describedby": "pin-help",
    })


class PasswordConfirmed(forms.Form):
    """Changing how one decides needs the account password: a session left open on a shared
    computer must not be enough."""

    password = forms.CharField(
        label="Kata sandi akun Anda", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: AbstractBaseUser, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError("Kata sandi salah.")
        return password


class PinForm(PasswordConfirmed):
    pin = forms.CharField(label="PIN baru", strip=False, widget=_pin_widget("new-password"))
    pin_again = forms.CharField(label="Ulangi PIN baru", strip=False,
                                widget=_pin_widget("new-password"))
    field_order = ["pin", "pin_again", "password"]

    def clean_pin(self) -> str:
        pin = self.cleaned_data.get("pin", "")
        if problem := pin_problem(pin):
            raise forms.ValidationError(problem)
        return pin

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("pin") and data.get("pin") != data.get("pin_again"):
            self.add_error("pin_again", "Kedua PIN tidak sama. Ketik PIN yang sama dua kali.")
        return data
