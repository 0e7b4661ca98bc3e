"""Where and when Tayang may reach a person (their own page: ``/profil/pemberitahuan/``)."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.orgs.models import Organization


class Preference(models.Model):
    """A person's choices. The workspace list always receives every message; these add media.

    Quiet hours are read in the zone of the organization a message is about (WIB, WITA or
    WIT): during them messages to the other media wait until the end, except overdue
    escalations when ``escalations_in_quiet`` allows them through.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference"
    )
    by_email = models.BooleanField(_("lewat e-mail"), default=True)
    by_telegram = models.BooleanField(_("lewat Telegram"), default=False)
    by_whatsapp = models.BooleanField(_("lewat WhatsApp"), default=False)
    whatsapp_number = models.CharField(
        _("nomor WhatsApp"), max_length=16, blank=True,
        help_text=_("Disimpan dalam format internasional tanpa +, mis. 6281234567890."),
    )
    quiet_enabled = models.BooleanField(_("jam tenang"), default=True)
    quiet_start = models.TimeField(_("jam tenang mulai"), default=time(21, 0))
    quiet_end = models.TimeField(_("jam tenang selesai"), default=time(6, 0))
    escalations_in_quiet = models.BooleanField(
        _("eskalasi keterlambatan tetap dikirim saat jam tenang"), default=False
    )
    digest_enabled = models.BooleanField(_("ringkasan harian"), default=False)
    digest_hour = models.PositiveSmallIntegerField(_("jam ringkasan harian"), default=7)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengaturan pemberitahuan")
        verbose_name_plural = _("pengaturan pemberitahuan")

    def __str__(self) -> str:
        return f"Pemberitahuan {self.user}"


class DigestSchedule(models.Model):
    """When a person's next daily digest for one organization is due (indexed: the sweep reads
    only the due ones). Kept for every active membership of a person who wants a digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    next_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="digest_unique")
        ]
        indexes = [models.Index(fields=["next_at"], name="digest_due_idx")]
