"""A stored version's typeset SOP document goes with the version, however the version goes
(the admin, or the cascade when its procedure or organization is deleted), so no PDF
outlives its record in the storage (``typeset/sop/versi/<id>/``, :mod:`tayang.web.stored_pdf`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from tayang.procedures.models import ProcedureVersion


@receiver(post_delete, sender=ProcedureVersion)
def remove_typeset_document(sender: type[ProcedureVersion], instance: ProcedureVersion,
                            **kwargs: Any) -> None:
    from tayang.web.stored_pdf import remove_slot

    slot = f"sop/versi/{instance.pk}"
    # After the commit: a rolled-back delete keeps its PDF.
    transaction.on_commit(lambda: remove_slot(slot))
