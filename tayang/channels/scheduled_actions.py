"""Moving or holding a scheduled publication after the publish step has been passed.

An item published "at 08.00 tomorrow" is finished in the procedure while its publications
wait for their time. The SOP names who may then move that time (``after_publish.reschedule``)
or hold the publications (``after_publish.pause``) and let them go again; by default the
publish step's roles. Every change is written into the item's history; nothing already
published changes.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tayang.channels import transitions
from tayang.channels.actions import Done
from tayang.engine.moments import moment_text
from tayang.items.models import Item, LogEntry, Publication
from tayang.items.workflow import roles_of

State = Publication.State
_WAITING = (State.QUEUED, State.RETRYING)


def may(item: Item, user: AbstractBaseUser, action: str) -> bool:
    """Whether ``user`` holds a role the SOP names for ``action`` ("reschedule", "pause")."""
    allowed = set(item.procedure_version.sop.after_publish_roles(action))
    return bool(allowed & roles_of(user, item.procedure))


def waiting(item: Item) -> list[Publication]:
    """The item's publications that wait for a scheduled time (or are held)."""
    return list(item.publications.filter(
        scheduled=True, state__in=(*_WAITING, State.PAUSED)
    ).order_by("channel"))


def reschedule(item_id: int, user: AbstractBaseUser, when: datetime) -> Done:
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related(
            "procedure", "procedure_version", "organization").get(pk=item_id)
        refused = _refusal(item, user, "reschedule")
        if refused:
            return refused
        if when <= timezone.now():
            return Done(False, "Waktu tayang baru harus setelah saat ini.")
        rows = Publication.objects.filter(item=item, scheduled=True,
                                          state__in=(*_WAITING, State.PAUSED))
        if not rows.exists():
            return Done(False, "Tidak ada penayangan terjadwal yang menunggu.")
        # The sweep enqueues each one when it falls due; a task queued for the old time finds
        # it not yet due and leaves it.
        rows.update(due_at=when, enqueued_at=None)
        item.published_at = when
        item.save(update_fields=["published_at"])
        text = moment_text(when, item.organization.zone,
                           zone_label=item.organization.zone_abbreviation)
        _log(item, user, "rescheduled", f"Jadwal tayang diubah ke {text}")
    return Done(True, f"Jadwal tayang diubah ke {text}.")


def pause(item_id: int, user: AbstractBaseUser, *, hold: bool) -> Done:
    """Hold the waiting publications (``hold``), or let held ones go at their time again."""
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related(
            "procedure", "procedure_version").get(pk=item_id)
        refused = _refusal(item, user, "pause")
        if refused:
            return refused
        source, target = ((_WAITING, State.PAUSED) if hold else ((State.PAUSED,), State.QUEUED))
        rows = Publication.objects.filter(
            item=item, scheduled=True, state__in=source, lease_until__isnull=True
        )
        count = rows.count()
        if count:
            transitions.update(rows, state=target, enqueued_at=None)
        else:
            return Done(False, "Tidak ada penayangan terjadwal yang dapat ditahan."
                        if hold else "Tidak ada penayangan yang sedang ditahan.")
        _log(item, user, "paused" if hold else "resumed",
             f"{count} penayangan terjadwal " + ("ditahan" if hold else "dilanjutkan"))
    return Done(True, "Penayangan terjadwal ditahan." if hold
                else "Penayangan terjadwal dilanjutkan pada waktunya.")


def _refusal(item: Item, user: AbstractBaseUser, action: str) -> Done | None:
    if may(item, user, action):
        return None
    sop = item.procedure_version.sop
    names = ", ".join(sop.role(key).name for key in sop.after_publish_roles(action))
    what = "mengubah jadwal tayang" if action == "reschedule" else "menahan penayangan"
    return Done(False, f"Hanya {names} yang dapat {what}.")


def _log(item: Item, user: AbstractBaseUser, outcome: str, detail: str) -> None:
    LogEntry.objects.create(
        item=item, at=timezone.now(), actor=user, role="", action="schedule",
        step=item.step, outcome=outcome, detail=detail, revision=item.revision,
    )
