"""The offices an organization's admin enters as outside parties, and the definition party keys
each one fills.

An office acts through an account of its own that can never sign in (inactive, without a
usable password, no membership): every record that names who acted — the history, written
responses, approvals, letters, exports — then names the office, and the decision-link
machinery (:mod:`tayang.decisions`) serves it like any person, bound to that account.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tayang.orgs.models import Organization
from tayang.procedures.models import Procedure


class OutsideParty(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="outside_parties")
    name = models.CharField(_("nama pihak"), max_length=150)
    office = models.CharField(_("unit atau kantor"), max_length=200)
    email = models.EmailField(_("alamat e-mail"), max_length=254)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="outside_party")
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pihak luar")
        verbose_name_plural = _("pihak luar")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "email"],
                                    name="outside_party_email_once"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """How the history and every record name the office."""
        return f"{self.name} ({self.office})" if self.office else self.name


class PartyGrant(models.Model):
    """The office fills the party ``party_key`` of one of the organization's SOPs."""

    party = models.ForeignKey(OutsideParty, on_delete=models.CASCADE, related_name="grants")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE,
                                  related_name="party_grants")
    party_key = models.CharField(_("pihak dalam SOP"), max_length=80)

    class Meta:
        verbose_name = _("pengisian pihak luar")
        verbose_name_plural = _("pengisian pihak luar")
        constraints = [
            models.UniqueConstraint(fields=["party", "procedure", "party_key"],
                                    name="party_grant_once"),
        ]

    def __str__(self) -> str:
        return f"{self.party} → {self.procedure.key}:{self.party_key}"
