"""The organization's sending accounts, and each person's link to its Telegram bot."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.channels.models import SealedSecrets
from tayang.orgs.models import Organization

TELEGRAM_TOKEN = "telegram_bot_token"
WHATSAPP_TOKEN = "whatsapp_token"
GENERAL_TEMPLATE = "umum"  # the template used for every kind without one of its own


class Messaging(SealedSecrets):
    """How an organization sends notifications beyond e-mail (*Kelola › Pemberitahuan*).

    Tokens are sealed exactly like channel credentials (:class:`SealedSecrets`): the bot
    token under ``telegram_bot_token``, the WhatsApp Cloud API access token under
    ``whatsapp_token``. ``whatsapp_templates`` maps a message kind (or ``umum``) to the name
    of a template Meta has approved for the number.
    """

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE,
                                        related_name="messaging")
    telegram_enabled = models.BooleanField(_("kirim lewat Telegram"), default=False)
    telegram_bot_username = models.CharField(_("nama pengguna bot"), max_length=64, blank=True)
    telegram_offset = models.BigIntegerField(default=0)  # getUpdates: the next update to read
    telegram_problem = models.TextField(blank=True)  # what the last poll said, for the admin
    whatsapp_enabled = models.BooleanField(_("kirim lewat WhatsApp"), default=False)
    whatsapp_phone_number_id = models.CharField(_("Phone number ID"), max_length=40,
                                                blank=True)
    whatsapp_language = models.CharField(_("kode bahasa templat"), max_length=12, default="id")
    whatsapp_templates = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("akun pengirim pemberitahuan")
        verbose_name_plural = _("akun pengirim pemberitahuan")

    @property
    def telegram_ready(self) -> bool:
        return (self.telegram_enabled and bool(self.telegram_bot_username)
                and TELEGRAM_TOKEN in self.secrets_set)

    @property
    def whatsapp_ready(self) -> bool:
        return (self.whatsapp_enabled and bool(self.whatsapp_phone_number_id)
                and WHATSAPP_TOKEN in self.secrets_set
                and bool(self.whatsapp_templates.get(GENERAL_TEMPLATE)))


class TelegramLink(models.Model):
    """A person's private chat with the organization's bot (made once, by the deep link)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="telegram_links")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    chat_id = models.BigIntegerField()
    telegram_name = models.CharField(max_length=120, blank=True)
    linked_at = models.DateTimeField()
    blocked_at = models.DateTimeField(null=True, blank=True)  # the person blocked the bot

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="telegram_link_once")
        ]


class TelegramLinkToken(models.Model):
    """A one-time token of a deep link ``https://t.me/<bot>?start=<token>``; only its hash is
    kept, the token itself is shown once, to its person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "expires_at"],
                                name="telegram_token_pending_idx")]
