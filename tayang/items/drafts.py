"""Deleting a draft that was never handed in.

A draft has no register number and no record anyone relies on yet, so the person who made it
may delete it with its files. Anything handed in stays in the register: it can only be
cancelled (*Dibatalkan*, through the engine), never deleted.
"""

from __future__ import annotations

import contextlib
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import Storage
from django.db import transaction

from tayang.engine.state import Status
from tayang.items.models import Item
from tayang.items.scheduling import SCHEDULE_USERNAME
from tayang.items.workflow import roles_of
from tayang.media.models import Derivative, MediaAsset


def may_delete(item: Item, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may delete ``item`` now (shown as the "Hapus draf" button)."""
    never_handed_in = (item.status == Status.DRAFT and not item.handed_in_at
                       and not item.register_number)
    return never_handed_in and (
        item.created_by_id == user.pk or _may_delete_scheduled(item, user)
    )


def delete_draft(item_id: int, user: AbstractBaseUser, expected_version: int | None) -> str:
    """Delete the draft; "" when done, else why not (in Indonesian). Files go after commit."""
    with transaction.atomic():
        item = Item.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            return "Draf ini sudah tidak ada."
        if expected_version is not None and item.version != expected_version:
            return ("Draf ini baru saja diubah. Muat ulang halaman, periksa keadaannya, lalu "
                    "coba lagi.")
        if item.created_by_id != user.pk and not _may_delete_scheduled(item, user):
            return "Hanya pembuat draf yang dapat menghapusnya."
        if item.status != Status.DRAFT or item.handed_in_at or item.register_number:
            return ("Konten yang sudah diserahkan tidak dapat dihapus; batalkan dengan alasan "
                    "agar tetap tercatat di register.")
        assets = list(MediaAsset.objects.filter(item=item))
        derivatives = list(Derivative.objects.filter(asset__in=assets))
        files = [
            (field.storage, field.name)
            for asset in assets for field in (asset.file, asset.thumbnail) if field
        ] + [(d.file.storage, d.file.name) for d in derivatives if d.file]
        Derivative.objects.filter(pk__in=[d.pk for d in derivatives]).delete()
        MediaAsset.objects.filter(pk__in=[a.pk for a in assets]).delete()
        item.delete()
        for storage, name in files:
            transaction.on_commit(partial(_remove, storage, name))
    return ""


def _may_delete_scheduled(item: Item, user: AbstractBaseUser) -> bool:
    """A draft the schedule started belongs to the first step's role holders."""
    if item.created_by.username != SCHEDULE_USERNAME:  # loaded with the item on its page
        return False
    first_roles = set(item.procedure_version.sop.first_step.roles)
    return bool(first_roles & roles_of(user, item.procedure))


def _remove(storage: Storage, name: str) -> None:
    # A file already gone is what we wanted; the rows are gone regardless.
    with contextlib.suppress(OSError):
        storage.delete(name)
