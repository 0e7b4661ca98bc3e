"""Files handed in with an item: checked by content, stored with the item all together or not
at all, each file's result named, and the same photo twice pointed out.

Shared by the form upload (no script), the first screen of *Konten baru* and the chunked
uploader (tayang.media.chunked), so every way in is held to the same checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile

from tayang.engine.actions import Edit
from tayang.items.content import media_entries
from tayang.items.models import Item
from tayang.items.workflow import perform
from tayang.media.intake import Checked, MediaRejected, StorageFailed, check_upload, stored
from tayang.media.models import MediaAsset
from tayang.workspace.access import OrgRequest


class _Overtaken(Exception):
    """The item moved on while the files were stored: the batch is not kept."""


@dataclass
class Taken:
    """What became of a batch of files: stored, refused by name, and look-alikes to warn of."""

    accepted: list[MediaAsset]
    rejected: list[dict[str, str]]
    status: int
    warnings: list[str]

    def answer(self, item: Item) -> dict[str, Any]:
        return {
            "accepted": [{"id": a.pk, "name": a.original_name} for a in self.accepted],
            "rejected": self.rejected,
            "warnings": self.warnings,
            "version": Item.objects.values_list("version", flat=True).get(pk=item.pk),
        }

    def tell(self, request: OrgRequest) -> None:
        """Each file's result as a message, for the page without the script."""
        if self.accepted:
            messages.success(
                request,
                f"{len(self.accepted)} berkas diterima: "
                + ", ".join(a.original_name for a in self.accepted)
                + ".",
            )
        for problem in self.rejected:
            messages.error(request, f"{problem['name']} ditolak: {problem['message']}.")
        for warning in self.warnings:
            messages.warning(request, warning)


def take_files(
    request: OrgRequest,
    item: Item,
    field_key: str,
    files: list[UploadedFile],
    rejected: list[dict[str, str]],
) -> Taken:
    """Check ``files`` by content and store those that pass with the item, all together."""
    item_field = item.procedure_version.sop.field(field_key)
    checked: list[Checked] = []
    accepted: list[MediaAsset] = []
    status = 200
    try:
        for uploaded in files:
            try:
                checked.append(check_upload(item_field, uploaded))
            except MediaRejected as exc:
                rejected.append({"name": uploaded.name or "berkas", "message": str(exc)})
        if checked:
            try:
                accepted = _store_and_attach(request, item, field_key, checked)
            except (_Overtaken, StorageFailed) as failed:
                status = 503 if isinstance(failed, StorageFailed) else 422
                rejected.extend({"name": c.original_name, "message": str(failed)} for c in checked)
    finally:
        for done in checked:
            done.close()
    if rejected and not accepted and status == 200:
        status = 422
    return Taken(accepted, rejected, status, duplicate_warnings(item, field_key, accepted))


def duplicate_warnings(item: Item, field_key: str, accepted: list[MediaAsset]) -> list[str]:
    """The same photo twice (same content, whatever its name) is worth a word, not a refusal."""
    if not accepted:
        return []
    current = Item.objects.values_list("values", flat=True).get(pk=item.pk)
    ids = [int(entry["id"]) for entry in media_entries(current, field_key)]
    others = MediaAsset.objects.filter(pk__in=ids).values_list("pk", "sha256", "original_name")
    warnings = []
    for asset in accepted:
        twins = [name for pk, digest, name in others if digest == asset.sha256 and pk < asset.pk]
        if twins:
            warnings.append(
                f"{asset.original_name} sama persis dengan {twins[0]} yang sudah diunggah; "
                "hapus salah satunya bila tidak sengaja (hilangkan centang «Sertakan»)."
            )
    return warnings


def _store_and_attach(
    request: OrgRequest, item: Item, field_key: str, checked: list[Checked]
) -> list[MediaAsset]:
    with stored(item, checked, request.user) as assets:
        # Appended to the list as it stands under the item's lock, not as it stood when this
        # request began: two uploads at the same moment both keep their files.
        current = Item.objects.select_for_update().values_list("values", flat=True).get(pk=item.pk)
        entries = [
            *media_entries(current, field_key),
            *({"id": asset.pk, "alt": ""} for asset in assets),
        ]
        result = perform(item.pk, request.user, Edit({field_key: entries}, note="Unggah berkas"))
        if not result.ok:
            raise _Overtaken(result.message)  # the rows and files of the batch go with it
    return assets
