"""The organization admin's form for one publishing channel, made from its connector's settings.

Every :class:`~tayang.channels.connectors.base.ConfigField` of the connector becomes a form
field. Plain settings show what is stored; credentials (``secret``) are password inputs that
are never filled in again, not even after a refused submission: the page only says that one
is stored, and leaving the input empty keeps it.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify
from django.views.decorators.debug import sensitive_variables

from tayang.channels import crypto
from tayang.channels.connectors.base import ChannelKind, ConfigField, Limits
from tayang.channels.limits import format_duration, format_number, format_size, format_types
from tayang.channels.models import WEBSITE, Channel
from tayang.channels.registry import CONNECTORS, known
from tayang.orgs.models import Organization

SETTING = "cfg_"  # form field of a setting or credential: cfg_<key>
CLEAR = "hapus_"  # checkbox that removes a stored credential: hapus_<key>
STORED_NOTE = "Tersimpan — kosongkan bila tidak diganti"
URL_ERROR = "Masukkan alamat lengkap yang diawali https:// atau http://."
NUMBER_ERROR = "Masukkan angka."
KEY_LENGTH = Channel._meta.get_field("key").max_length or 40
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


# --- which kinds there are --------------------------------------------------------------------


def addable_kinds() -> list[tuple[str, type[ChannelKind]]]:
    """(kind, connector) an admin may add, in the registry's order; never the website."""
    found = []
    for kind in CONNECTORS:
        if kind == WEBSITE:
            continue
        connector = known(kind)
        if connector is not None:
            found.append((kind, connector))
    return found


def limits_summary(limits: Limits) -> list[str]:
    """What the platform accepts, in short sentences for the admin choosing a channel."""
    lines = []
    if limits.caption_max is not None:
        lines.append(f"Teks paling banyak {format_number(limits.caption_max)} {limits.count_name}.")
    counts = []
    if limits.max_photos is not None:
        counts.append(f"{limits.max_photos} foto")
    if limits.max_videos is not None:
        counts.append(f"{limits.max_videos} video")
    if counts:
        lines.append(f"Paling banyak {' dan '.join(counts)} per tayangan.")
    if limits.max_items is not None:
        lines.append(f"Paling banyak {limits.max_items} foto/video sekaligus.")
    if limits.requires_video:
        lines.append("Wajib ada video.")
    elif limits.requires_media:
        lines.append("Wajib ada sedikitnya satu foto atau video.")
    if not limits.mixed_media:
        lines.append("Foto dan video tidak dapat digabung dalam satu tayangan.")
    photo = f"Foto: {format_types(limits.photo_types)}"
    if limits.photo_max_bytes is not None:
        photo += f", paling besar {format_size(limits.photo_max_bytes)}"
    if limits.photo_min_width:
        photo += f", lebar sedikitnya {limits.photo_min_width} px"
    lines.append(photo + ".")
    video = f"Video: {format_types(limits.video_types)}"
    if limits.video_max_bytes is not None:
        video += f", paling besar {format_size(limits.video_max_bytes)}"
    if limits.video_min_seconds is not None:
        video += f", paling singkat {format_duration(limits.video_min_seconds)}"
    if limits.video_max_seconds is not None:
        video += f", paling lama {format_duration(limits.video_max_seconds)}"
    lines.append(video + ".")
    if limits.needs_alt_text:
        lines.append("Setiap foto wajib punya teks alternatif.")
    lines.extend(limits.notes)
    return lines


# --- keys and credentials ---------------------------------------------------------------------


def derive_key(organization: Organization, kind: str, name: str) -> str:
    """A new channel's key: its kind and name as a slug, unique within the organization.

    The key never changes afterwards: publications refer to their channel by it.
    """
    base = slugify(f"{kind} {name}")[:KEY_LENGTH].strip("-") or kind
    taken = {WEBSITE, *organization.channels.values_list("key", flat=True)}
    key, number = base, 2
    while key in taken:
        suffix = f"-{number}"
        key = base[: KEY_LENGTH - len(suffix)].rstrip("-") + suffix
        number += 1
    return key


def stored_secrets(channel: Channel | None) -> tuple[frozenset[str], bool]:
    """(names of the credentials stored, whether they can be read with today's key)."""
    if channel is None or not channel.sealed_secrets:
        return frozenset(), True
    try:
        channel.secrets()
    except crypto.UnreadableSecrets:
        return frozenset(), False
    return frozenset(channel.secrets_set), True


@sensitive_variables("changes", "current")
def apply_secrets(channel: Channel, changes: dict[str, str], clear: set[str]) -> None:
    """Seal ``changes`` (empty values keep what is stored) and drop the ``clear``ed ones."""
    if clear or not stored_secrets(channel)[1]:
        try:
            current = channel.secrets()
        except crypto.UnreadableSecrets:
            current = {}  # nothing readable is left to keep; the admin enters them again
        current = {key: value for key, value in current.items() if key not in clear}
        channel.sealed_secrets = crypto.encrypt(current)
        channel.secrets_set = sorted(current)
    if any(changes.values()):
        channel.set_secrets(changes)


# --- the form ---------------------------------------------------------------------------------


def _setting_field(field: ConfigField) -> forms.Field:
    help_text = field.help
    if field.kind == "url":
        widget: forms.Widget = forms.URLInput(attrs={"placeholder": "https://"})
    elif field.kind == "number":
        widget = forms.TextInput(attrs={"inputmode": "decimal"})
    elif field.kind == "textarea":
        widget = forms.Textarea(attrs={"rows": 4})
    else:
        widget = forms.TextInput()
    return forms.CharField(label=field.label, required=field.required, help_text=help_text,
                           widget=widget, initial=field.default or None)


def _secret_field(field: ConfigField, stored: bool) -> forms.Field:
    widget = forms.PasswordInput(render_value=False,
                                 attrs={"autocomplete": "new-password", "value": ""})
    # Required only when nothing is stored; :meth:`ChannelForm.clean` checks it, so a stored
    # credential that is being removed counts as missing.
    form_field = forms.CharField(label=field.label, required=False, help_text=field.help,
                                 widget=widget, strip=True)
    form_field.stored = stored  # type: ignore[attr-defined]
    form_field.secret_required = field.required  # type: ignore[attr-defined]
    if field.required and not stored:
        form_field.widget.attrs["required"] = True
    return form_field


class ChannelForm(forms.Form):
    """Name, switches and every setting of one channel of ``connector``'s kind."""

    name = forms.CharField(
        label="Nama kanal", max_length=120,
        help_text="Nama yang dilihat anggota saat memilih kanal, mis. «Telegram Dinas».",
    )
    enabled = forms.BooleanField(
        label="Aktif", required=False, initial=True,
        help_text="Kanal nonaktif tidak ditawarkan dan tidak dikirimi tayangan baru.",
    )
    selected_by_default = forms.BooleanField(
        label="Dipilih otomatis untuk konten baru", required=False, initial=True,
    )

    def __init__(self, connector: type[ChannelKind], *args: Any,
                 channel: Channel | None = None, **kwargs: Any) -> None:
        if channel is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": channel.name, "enabled": channel.enabled,
                "selected_by_default": channel.selected_by_default,
                **{f"{SETTING}{field.key}": channel.config.get(field.key, "")
                   for field in connector.config_fields if not field.secret},
            }
        super().__init__(*args, **kwargs)
        self.connector = connector
        self.stored, self.readable = stored_secrets(channel)
        for field in connector.config_fields:
            name = f"{SETTING}{field.key}"
            if field.secret:
                stored = field.key in self.stored
                self.fields[name] = _secret_field(field, stored)
                if stored:
                    self.fields[f"{CLEAR}{field.key}"] = forms.BooleanField(
                        label=f"Hapus {field.label} yang tersimpan", required=False,
                    )
            else:
                self.fields[name] = _setting_field(field)

    @sensitive_variables()
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field in self.connector.config_fields:
            name = f"{SETTING}{field.key}"
            value = (data.get(name) or "").strip()
            if field.secret:
                kept = field.key in self.stored and not data.get(f"{CLEAR}{field.key}")
                if field.required and not value and not kept and name not in self.errors:
                    self.add_error(name, ValidationError(
                        self.fields[name].error_messages["required"], code="required"))
                continue
            if not value:
                continue
            if field.kind == "url":
                try:
                    URLValidator(schemes=["http", "https"], message=URL_ERROR)(value)
                except ValidationError:
                    self.add_error(name, URL_ERROR)
                    continue
                # The worker will send the channel's credentials there: only public
                # addresses (checked again at every send, see tayang.outbound). Imported here:
                # its httpx costs 14 MB that the other pages need not carry.
                from tayang import outbound

                if refusal := outbound.url_refusal(value):
                    self.add_error(name, refusal)
            elif field.kind == "number" and not _NUMBER.match(value):
                self.add_error(name, NUMBER_ERROR)
        return data

    def config(self, current: dict[str, Any]) -> dict[str, Any]:
        """``current`` with this form's plain settings (an emptied one is dropped)."""
        config = dict(current)
        for field in self.connector.config_fields:
            if field.secret:
                continue
            value = (self.cleaned_data.get(f"{SETTING}{field.key}") or "").strip()
            if value:
                config[field.key] = value
            else:
                config.pop(field.key, None)
        return config

    @sensitive_variables()
    def secret_changes(self) -> tuple[dict[str, str], set[str]]:
        """(new credentials typed in, names of stored ones to remove)."""
        changes: dict[str, str] = {}
        clear: set[str] = set()
        for field in self.connector.config_fields:
            if not field.secret:
                continue
            value = self.cleaned_data.get(f"{SETTING}{field.key}") or ""
            if value:
                changes[field.key] = value  # a new value replaces the stored one
            elif self.cleaned_data.get(f"{CLEAR}{field.key}"):
                clear.add(field.key)
        return changes, clear
