"""The hand-in form, generated from the SOP's item fields: no form is written per agency.

Text, dates, choices and the 5W+1H answers are form fields; media are uploaded separately (the
upload endpoint) and appear here as a list where each file's alt text can be written, its order
kept, or the file taken out of the content.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django import forms

from tayang.items.content import media_entries
from tayang.media.alt_text import alt_text_problem
from tayang.media.models import MediaAsset
from tayang.sop.model import FIVE_W_ONE_H_PARTS, FieldKind, ItemField, Sop

_MEDIA_KINDS = (FieldKind.MEDIA, FieldKind.DOCUMENT)


class ContentForm(forms.Form):
    """Bound to an SOP; ``changes()`` gives the stored-form values to hand to the workflow."""

    def __init__(
        self, sop: Sop, values: dict[str, Any], *args: Any, editable: set[str] | None = None,
        dip_entries: list[tuple[str, str]] | None = None,
        assets: Mapping[int, MediaAsset] | None = None, **kwargs: Any,
    ) -> None:
        """``assets``: the files ``values`` name, when the caller has read them already."""
        self.sop = sop
        self.stored = values
        self.editable = editable
        self.assets = assets
        super().__init__(*args, initial=_initial(sop, values), **kwargs)
        for item_field in sop.fields:
            if item_field.kind in _MEDIA_KINDS:
                continue
            if editable is not None and item_field.key not in editable:
                continue
            if item_field.kind is FieldKind.FIVE_W_ONE_H:
                for part, label in FIVE_W_ONE_H_PARTS:
                    self.fields[f"{item_field.key}__{part}"] = forms.CharField(
                        label=f"{label}?", required=False, max_length=500,
                        widget=forms.TextInput(attrs={"autocomplete": "off"}),
                    )
                continue
            self.fields[item_field.key] = _form_field(item_field, dip_entries)
        for item_field in self.media_fields:
            for entry in media_entries(values, item_field.key):
                asset_id = entry["id"]
                # As large as the other long fields: a description is a sentence.
                self.fields[alt_name(item_field.key, asset_id)] = forms.CharField(
                    label="Teks alternatif", required=False, max_length=500,
                    initial=entry.get("alt", ""),
                    widget=forms.Textarea(attrs={"rows": 3, "data-alt-text": ""}),
                )
                self.fields[f"{item_field.key}__keep__{asset_id}"] = forms.BooleanField(
                    label="Sertakan", required=False, initial=True,
                )

    @property
    def media_fields(self) -> list[ItemField]:
        return [
            f for f in self.sop.fields
            if f.kind in _MEDIA_KINDS and (self.editable is None or f.key in self.editable)
        ]

    def field_groups(self) -> list[tuple[ItemField, list[forms.BoundField]]]:
        """Bound fields grouped by SOP field, in the SOP's order, for the template."""
        groups = []
        for item_field in self.sop.fields:
            if item_field.kind in _MEDIA_KINDS:
                continue
            names = [
                name for name in self.fields
                if name == item_field.key or name.startswith(f"{item_field.key}__")
            ]
            if names:
                groups.append((item_field, [self[name] for name in names]))
        return groups

    def clean(self) -> dict[str, Any]:
        """Alt texts that name the file or the medium instead of the picture are refused."""
        data = super().clean() or {}
        names = {
            f"{item_field.key}__alt__{entry['id']}": int(entry["id"])
            for item_field in self.media_fields
            for entry in media_entries(self.stored, item_field.key)
        }
        if self.assets is not None:
            photos = {pk: asset.original_name for pk, asset in self.assets.items()
                      if pk in names.values() and asset.kind == MediaAsset.Kind.PHOTO}
        else:
            photos = dict(
                MediaAsset.objects.filter(pk__in=list(names.values()), kind=MediaAsset.Kind.PHOTO)
                .values_list("pk", "original_name")
            ) if names else {}
        for name, asset_id in names.items():
            text = data.get(name)
            problem = (alt_text_problem(text, photos[asset_id])
                       if asset_id in photos and isinstance(text, str) else None)
            if problem:
                self.add_error(name, problem)
        return data

    def changes(self) -> dict[str, Any]:
        """The cleaned data in stored form (ISO dates, 5W+1H as a mapping, media entries)."""
        data = self.cleaned_data
        result: dict[str, Any] = {}
        for item_field in self.sop.fields:
            key = item_field.key
            if self.editable is not None and key not in self.editable:
                continue
            if item_field.kind is FieldKind.FIVE_W_ONE_H:
                result[key] = {
                    part: data.get(f"{key}__{part}", "").strip() for part, _ in FIVE_W_ONE_H_PARTS
                }
            elif item_field.kind in _MEDIA_KINDS:
                result[key] = [
                    self._media_entry(key, entry)
                    for entry in media_entries(self.stored, key)
                    if not self._shown(key, entry) or data.get(f"{key}__keep__{entry['id']}")
                ]
            elif key in data:
                result[key] = _stored(data[key])
        return result


    def _shown(self, key: str, entry: dict[str, Any]) -> bool:
        # Files uploaded after the page was opened were not on it: keep them as they are.
        return f"{key}__present__{entry['id']}" in self.data

    def _media_entry(self, key: str, entry: dict[str, Any]) -> dict[str, Any]:
        # Captions are set on the item page, not in this form: kept as they are.
        kept = {"captions": entry["captions"]} if entry.get("captions") else {}
        if not self._shown(key, entry):
            return {"id": entry["id"], "alt": str(entry.get("alt") or ""), **kept}
        return {"id": entry["id"],
                "alt": self.cleaned_data.get(f"{key}__alt__{entry['id']}", "").strip(), **kept}


def alt_name(field_key: str, asset_id: object) -> str:
    """The form's name for one file's alt text."""
    return f"{field_key}__alt__{asset_id}"


def _form_field(
    item_field: ItemField, dip_entries: list[tuple[str, str]] | None = None
) -> forms.Field:
    common: dict[str, Any] = {"label": item_field.label, "required": False,
                              "help_text": item_field.help}
    match item_field.kind:
        case FieldKind.LONGTEXT:
            # No hard max_length here: an over-long text is kept as a draft and the SOP's
            # requirement check says by how much it is too long.
            attrs = {"rows": 8}
            if item_field.max_length:
                attrs["data-limit"] = str(item_field.max_length)
            return forms.CharField(widget=forms.Textarea(attrs=attrs), **common)
        case FieldKind.DATE:
            # ISO whatever the language: a date input reads nothing else.
            return IsoDateField(
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
            )
        case FieldKind.DATETIME:
            return forms.DateTimeField(
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                           format="%Y-%m-%dT%H:%M"),
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], **common,
            )
        case FieldKind.CHOICE:
            return forms.ChoiceField(
                choices=[("", "— pilih —"), *item_field.choices], **common
            )
        case FieldKind.DIP_ENTRY if dip_entries is not None:
            # Only the organization's public entries: an exempt entry is never announced.
            return forms.ChoiceField(choices=[("", "— pilih entri DIP —"), *dip_entries],
                                     **common)
        case FieldKind.DIP_ENTRY:
            return forms.CharField(
                max_length=100, **common,
                widget=forms.TextInput(attrs={"placeholder": "Nomor entri DIP"}),
            )
    attrs = {"data-limit": str(item_field.max_length)} if item_field.max_length else {}
    return forms.CharField(max_length=2000, widget=forms.TextInput(attrs=attrs), **common)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class IsoDateField(forms.DateField):
    """A ``DateField`` that reads the date input's own ``YYYY-MM-DD`` first. Django tries
    the language's input formats in turn (Indonesian: ``%d-%m-%Y``, ``%d/%m/%Y``, ``%d %b %Y``
    …), each failing ``strptime`` raising, before the ISO format it appends last: ~0.1 ms
    a date. No format of any language reads ``dddd-dd-dd`` but the ISO one, so the date is
    the same; anything else (a typed ``02-03-2026``, an impossible date and its error) goes
    Django's way."""

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, str):
            text = value.strip()
            if _ISO_DATE.fullmatch(text):
                with contextlib.suppress(ValueError):
                    return date.fromisoformat(text)
        return super().to_python(value)


def _initial(sop: Sop, values: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for item_field in sop.fields:
        raw = values.get(item_field.key)
        if item_field.kind is FieldKind.FIVE_W_ONE_H and isinstance(raw, dict):
            for part, _ in FIVE_W_ONE_H_PARTS:
                initial[f"{item_field.key}__{part}"] = raw.get(part, "")
        elif item_field.kind is FieldKind.DATE and isinstance(raw, str) and raw:
            initial[item_field.key] = raw[:10]
        elif item_field.kind is FieldKind.DATETIME and isinstance(raw, str) and raw:
            initial[item_field.key] = raw[:16]
        elif raw is not None and item_field.kind not in _MEDIA_KINDS:
            initial[item_field.key] = raw
    return initial


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value
