"""What was said to whom: a notification per person, and its deliveries (the outbox)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.items.models import Item
from tayang.orgs.models import Organization


class Kind(models.TextChoices):
    ARRIVED = "arrived", _("Menunggu Anda")
    SENT_BACK = "sent_back", _("Dikembalikan")
    TARGET = "target", _("Lewat target")
    LIMIT = "limit", _("Terlambat")
    ESCALATION = "escalation", _("Eskalasi")
    ESCALATION_AGAIN = "escalation_again", _("Eskalasi kedua")
    PUBLISHED = "published", _("Sudah tayang")
    CHANNEL_PROBLEM = "channel_problem", _("Kanal bermasalah")
    DIGEST = "digest", _("Ringkasan harian")
    DELIVERY_FAILED = "delivery_failed", _("Pemberitahuan gagal terkirim")


# Messages about one visit of a step: never sent once the item has left that visit.
ABOUT_A_VISIT = frozenset({
    Kind.ARRIVED, Kind.SENT_BACK, Kind.TARGET, Kind.LIMIT, Kind.ESCALATION,
    Kind.ESCALATION_AGAIN,
})
# May pass through a person's quiet hours when they allow it.
URGENT = frozenset({Kind.ESCALATION, Kind.ESCALATION_AGAIN})


class Medium(models.TextChoices):
    """Where a notification goes besides the workspace list."""

    EMAIL = "email", _("E-mail")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Notification(models.Model):
    """One message to one person, as the workspace list shows it.

    ``key`` names the occasion (the item's arrival at a visit of a step, a reminder stage, a
    publication request, a day's digest): unique per person, so however often an occasion is
    announced (a retried task, two workers, a crash and a restart) a person is told once.
    The text is kept without any personal link: links are made when a message is sent.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=200)
    title = models.CharField(_("judul"), max_length=160)
    body = models.TextField(_("isi"), blank=True)
    link = models.CharField(max_length=300, blank=True)  # a path on this installation
    # The visit the message is about (step and when the item entered it), for ABOUT_A_VISIT.
    step = models.CharField(max_length=80, blank=True)
    visit = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once")
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_list_idx"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True),
                         name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """A notification on one medium: the outbox row and the result, in one.

    Written in the transaction that writes the notification (itself written in the
    transaction of the action or the wake-up that calls for it). A background task
    (:mod:`tayang.notify.dispatch`) sends it, with the shared outbox machinery
    (:mod:`tayang.outbox`): claim under a lease, journal before the send, back-off.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Antre")
        SENDING = "sending", _("Sedang dikirim")
        RETRYING = "retrying", _("Dicoba lagi nanti")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")
        UNCERTAIN = "uncertain", _("Tidak pasti terkirim")
        CANCELLED = "cancelled", _("Tidak dikirim")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE,
                                     related_name="deliveries")
    medium = models.CharField(max_length=12, choices=Medium.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    due_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=80)
    journal = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("sebab"), blank=True)
    error_detail = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.CharField(max_length=120, blank=True)  # masked: b***@dinsos.go.id
    external_id = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("pengiriman pemberitahuan")
        verbose_name_plural = _("pengiriman pemberitahuan")
        ordering = ["notification", "medium"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "medium"], name="delivery_once")
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="delivery_due_idx")]

    @property
    def is_problem(self) -> bool:
        return self.state in (self.State.FAILED, self.State.UNCERTAIN)
