"""The time standards' wake-ups: one row per visit of a timed step and stage."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tayang.items.models import Item


class WakeUp(models.Model):
    """Wake at ``due_at`` and tell people if the item still waits at this visit of ``step``.

    Written from the engine's ``ReminderDue`` events in the transaction of the action that
    entered the step (or moved its due time). One row per (item, step, visit, stage): an edit
    re-emitting the stages updates the pending rows to the new ``version`` and due time, and
    a stage already announced is never announced again in that visit. Rows of a visit the item
    has left stay pending until due, when the sweep marks them stale (all in one statement)
    without waking them; the sweep reads the due rows through a partial index on ``due_at``.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Menunggu waktunya")
        DONE = "done", _("Sudah diberitahukan")
        STALE = "stale", _("Tidak berlaku (konten sudah berpindah)")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=80)
    visit = models.DateTimeField()  # when the item entered the step
    stage = models.CharField(max_length=20)  # tayang.engine.events.ReminderStage
    due_at = models.DateTimeField()
    version = models.PositiveIntegerField()
    roles = models.JSONField(default=list, blank=True)  # who; [] for an escalation: admins
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "step", "visit", "stage"],
                                    name="wakeup_once_per_visit")
        ]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(state="pending"),
                         name="wakeup_pending_due_idx"),
            models.Index(fields=["item", "state"], name="wakeup_item_idx"),
            models.Index(fields=["due_at"], condition=~Q(state="pending"),
                         name="wakeup_finished_idx"),
        ]
