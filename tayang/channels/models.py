"""The channels an organization publishes to, with their settings and sealed credentials."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.channels import crypto
from tayang.channels.registry import CONNECTORS, connector_class
from tayang.items.models import Item
from tayang.orgs.models import Organization

WEBSITE = "website"


class SealedSecrets(models.Model):
    """Credentials kept encrypted (:mod:`tayang.channels.crypto`) beside settings one may see.

    ``sealed_secrets`` is never sent back to a browser: forms only say which names are set
    (``secrets_set``). Used by the channels and by the organization's notification settings
    (``tayang.notify``), so every credential of an organization is sealed the same way.
    """

    sealed_secrets = models.TextField(blank=True)
    secrets_set = models.JSONField(default=list, blank=True)  # names only, for the form

    class Meta:
        abstract = True

    def secrets(self) -> dict[str, str]:
        return crypto.decrypt(self.sealed_secrets)

    def set_secrets(self, changes: dict[str, str]) -> None:
        """Merge ``changes`` (empty values keep what is stored) and seal them again."""
        current = self.secrets() if self.sealed_secrets else {}
        current.update({key: value for key, value in changes.items() if value})
        self.sealed_secrets = crypto.encrypt(current)
        self.secrets_set = sorted(current)


class Channel(SealedSecrets):
    """One place an organization publishes to: its website, a Facebook Page, a WordPress site.

    ``config`` holds the settings an admin may see again (a page id, a site address);
    ``sealed_secrets`` holds the credentials, encrypted (:mod:`tayang.channels.crypto`), and
    is never sent back to a browser: the form only says whether each one is set.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="channels"
    )
    key = models.SlugField(_("kode"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=20,
                            choices=[(kind, kind) for kind in CONNECTORS])
    name = models.CharField(_("nama"), max_length=120)
    config = models.JSONField(default=dict, blank=True)
    enabled = models.BooleanField(_("aktif"), default=True)
    selected_by_default = models.BooleanField(
        _("dipilih otomatis untuk konten baru"), default=True
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kanal")
        verbose_name_plural = _("kanal")
        ordering = ["organization", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="channel_key_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def connector(self) -> type:
        return connector_class(self.kind)

    @property
    def label(self) -> str:
        return self.connector.label


class ChannelChoice(models.Model):
    """A channel chosen for an item when it was handed in, with its caption for that channel."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="channel_choices")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="choices")
    caption = models.TextField(_("teks khusus kanal ini"), blank=True)

    class Meta:
        ordering = ["item", "channel__position", "channel_id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "channel"], name="channel_choice_unique")
        ]
