"""The person's choices (``/profil/pemberitahuan/``) and the admin's sending accounts.

Every refusal is a sentence in Bahasa Indonesia next to the field, and a refused form saves
nothing. Tokens are password inputs that are never filled in again: the page says whether
one is stored, and leaving the input empty keeps it.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from tayang.notify.models import Kind, Messaging, Preference, TelegramLink
from tayang.notify.models.accounts import GENERAL_TEMPLATE, TELEGRAM_TOKEN, WHATSAPP_TOKEN
from tayang.notify.preferences import whatsapp_number
from tayang.notify.quiet import is_quiet

HOURS = [(hour, f"{hour:02d}.00") for hour in range(24)]
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
STORED_NOTE = "Tersimpan — kosongkan bila tidak diganti"


class PreferenceForm(forms.ModelForm):
    email = forms.EmailField(
        label="Alamat e-mail", required=False,
        error_messages={"invalid": "Alamat e-mail tidak valid, mis. nama@dinsos.go.id."},
    )
    digest_hour = forms.TypedChoiceField(label="Jam ringkasan harian", choices=HOURS,
                                         coerce=int)
    # As people type it (spaces, dashes, +62); stored normalized, 15 digits at most.
    whatsapp_number = forms.CharField(label="Nomor WhatsApp", required=False, max_length=30)

    class Meta:
        model = Preference
        fields = ["by_email", "by_telegram", "by_whatsapp", "whatsapp_number", "quiet_enabled",
                  "quiet_start", "quiet_end", "escalations_in_quiet", "digest_enabled",
                  "digest_hour"]
        widgets = {"quiet_start": TIME_INPUT, "quiet_end": TIME_INPUT}
        labels = {
            "by_email": "Kirim lewat e-mail", "by_telegram": "Kirim lewat Telegram",
            "by_whatsapp": "Kirim lewat WhatsApp", "quiet_enabled": "Pakai jam tenang",
            "quiet_start": "Jam tenang mulai", "quiet_end": "Jam tenang selesai",
            "escalations_in_quiet": "Eskalasi keterlambatan tetap dikirim saat jam tenang",
            "digest_enabled": "Kirim ringkasan harian",
        }
        error_messages = {
            "quiet_start": {"invalid": "Tulis jam seperti 21:00."},
            "quiet_end": {"invalid": "Tulis jam seperti 06:00."},
        }

    def __init__(self, *args: Any, user: AbstractBaseUser, whatsapp_available: bool,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.whatsapp_available = whatsapp_available
        self.fields["email"].initial = user.email  # type: ignore[attr-defined]
        self.fields["whatsapp_number"].help_text = "Mis. 0812-3456-7890 atau +62 812 3456 7890."
        self.fields["whatsapp_number"].initial = self.instance.whatsapp_number

    def clean_whatsapp_number(self) -> str:
        raw = self.cleaned_data.get("whatsapp_number", "").strip()
        if not raw:
            return ""
        try:
            return whatsapp_number(raw)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Isi alamat e-mail agar pemberitahuan dapat dikirim lewat "
                                    "e-mail, atau matikan pilihan e-mail.")
        if data.get("by_whatsapp"):
            if not self.whatsapp_available:
                self.add_error("by_whatsapp", "Organisasi Anda belum menyalakan pengiriman "
                                              "lewat WhatsApp; minta admin organisasi.")
            elif not data.get("whatsapp_number") and "whatsapp_number" not in self.errors:
                self.add_error("whatsapp_number", "Isi nomor WhatsApp Anda.")
        if data.get("by_telegram") and not TelegramLink.objects.filter(
                user=self.user, blocked_at__isnull=True).exists():
            self.add_error("by_telegram", "Hubungkan akun Telegram Anda dulu (tombol "
                                          "Hubungkan Telegram di bawah).")
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if data.get("quiet_enabled") and start and end:
            if start == end:
                self.add_error("quiet_end", "Jam selesai tidak boleh sama dengan jam mulai.")
            elif data.get("digest_enabled") and data.get("digest_hour") is not None and \
                    is_quiet(time(data["digest_hour"]), start, end):
                self.add_error("digest_hour", f"Jam itu jatuh pada jam tenang Anda "
                                              f"({start:%H.%M}–{end:%H.%M}); pilih jam lain.")
        return data

    def save(self, commit: bool = True) -> Preference:
        preference = super().save(commit=False)
        preference.user = self.user
        email = self.cleaned_data.get("email", "")
        if commit:
            preference.save()
            if email != self.user.email:  # type: ignore[attr-defined]
                self.user.email = email  # type: ignore[attr-defined]
                self.user.save(update_fields=["email"])
        return preference


# The kinds an admin may give a template of their own (the rest use the general one).
TEMPLATE_KINDS = (Kind.ARRIVED, Kind.SENT_BACK, Kind.TARGET, Kind.LIMIT, Kind.ESCALATION,
                  Kind.ESCALATION_AGAIN, Kind.PUBLISHED, Kind.CHANNEL_PROBLEM, Kind.DIGEST)


class MessagingForm(forms.ModelForm):
    telegram_token = forms.CharField(label="Token bot Telegram", required=False,
                                     widget=forms.PasswordInput(render_value=False))
    whatsapp_token = forms.CharField(label="Token akses WhatsApp Cloud API", required=False,
                                     widget=forms.PasswordInput(render_value=False))
    template_umum = forms.CharField(
        label="Templat umum", required=False, max_length=512,
        help_text="Nama templat yang disetujui Meta, dipakai untuk setiap jenis pesan yang "
                  "tidak punya templat sendiri.")

    class Meta:
        model = Messaging
        fields = ["telegram_enabled", "telegram_bot_username", "whatsapp_enabled",
                  "whatsapp_phone_number_id", "whatsapp_language"]
        help_texts = {
            "telegram_bot_username": "Tanpa @, mis. dinsos_diy_bot (dari @BotFather).",
            "whatsapp_phone_number_id": "Dari WhatsApp Manager › API Setup (angka, bukan "
                                        "nomor telepon).",
            "whatsapp_language": "Kode bahasa templat yang disetujui, mis. id.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = set(self.instance.secrets_set)
        for name, secret in (("telegram_token", TELEGRAM_TOKEN),
                             ("whatsapp_token", WHATSAPP_TOKEN)):
            if secret in stored:
                self.fields[name].help_text = STORED_NOTE
        templates = self.instance.whatsapp_templates or {}
        self.fields["template_umum"].initial = templates.get(GENERAL_TEMPLATE, "")
        for kind in TEMPLATE_KINDS:
            self.fields[f"template_{kind.value}"] = forms.CharField(
                label=f"Templat «{kind.label}»", required=False, max_length=512,
                initial=templates.get(kind.value, ""),
            )

    def clean_telegram_bot_username(self) -> str:
        name = self.cleaned_data.get("telegram_bot_username", "").strip().lstrip("@")
        if name and not (5 <= len(name) <= 32 and name.replace("_", "").isalnum()
                         and name.lower().endswith("bot")):
            raise forms.ValidationError("Nama pengguna bot terdiri dari 5–32 huruf, angka atau "
                                        "garis bawah dan diakhiri «bot».")
        return name

    def clean_whatsapp_phone_number_id(self) -> str:
        value = self.cleaned_data.get("whatsapp_phone_number_id", "").strip()
        if value and not value.isdigit():
            raise forms.ValidationError("Phone number ID hanya berisi angka.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        stored = set(self.instance.secrets_set)
        if data.get("telegram_enabled"):
            if not data.get("telegram_bot_username") and "telegram_bot_username" not in \
                    self.errors:
                self.add_error("telegram_bot_username", "Isi nama pengguna bot.")
            if not data.get("telegram_token") and TELEGRAM_TOKEN not in stored:
                self.add_error("telegram_token", "Isi token bot dari @BotFather.")
        if data.get("whatsapp_enabled"):
            if not data.get("whatsapp_phone_number_id") and "whatsapp_phone_number_id" not in \
                    self.errors:
                self.add_error("whatsapp_phone_number_id", "Isi Phone number ID.")
            if not data.get("whatsapp_token") and WHATSAPP_TOKEN not in stored:
                self.add_error("whatsapp_token", "Isi token akses WhatsApp Cloud API.")
            if not data.get("template_umum"):
                self.add_error("template_umum", "Isi nama templat umum yang sudah disetujui.")
        return data

    def save(self, commit: bool = True) -> Messaging:
        messaging = super().save(commit=False)
        templates = {GENERAL_TEMPLATE: self.cleaned_data.get("template_umum", "").strip()}
        for kind in TEMPLATE_KINDS:
            templates[kind.value] = self.cleaned_data.get(f"template_{kind.value}", "").strip()
        messaging.whatsapp_templates = {key: name for key, name in templates.items() if name}
        messaging.set_secrets({TELEGRAM_TOKEN: self.cleaned_data.get("telegram_token", ""),
                               WHATSAPP_TOKEN: self.cleaned_data.get("whatsapp_token", "")})
        if commit:
            messaging.save()
        return messaging

    @property
    def template_fields(self) -> list[forms.BoundField]:
        return [self[f"template_{kind.value}"] for kind in TEMPLATE_KINDS]
