"""A job's file goes with its row, however the row goes (the clean-up, or the cascade when an
organization or a person is deleted), so no export outlives its record on disk."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from tayang.exports.models import ExportJob


@receiver(post_delete, sender=ExportJob)
def remove_file(sender: type[ExportJob], instance: ExportJob, **kwargs: Any) -> None:
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        # After the commit: a rolled-back delete keeps its file.
        transaction.on_commit(lambda: storage.delete(name))
