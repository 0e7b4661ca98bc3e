"""The SOPs an organization runs, each kept in numbered versions, and who holds which role.

Items point at the exact version they were started under, so revising an SOP never changes the
rules an item already in progress is following.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.media.models import MediaAsset
from tayang.orgs.models import Membership, Organization
from tayang.procedures.definitions import parsed
from tayang.sop.model import Sop


class Procedure(models.Model):
    """An SOP run by one organization (a bundled definition or an uploaded file)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="procedures"
    )
    key = models.SlugField(_("kode"), max_length=80)
    name = models.CharField(_("nama SOP"), max_length=300)
    bundled_key = models.CharField(
        _("SOP bawaan"), max_length=80, blank=True,
        help_text=_("Kosong bila definisi diunggah oleh organisasi."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    public_category = models.CharField(
        _("kategori di situs publik"), max_length=200, blank=True,
        help_text=_("Nama kategori berita SOP ini di situs publik, mis. «Kegiatan Dinas». "
                    "Kosong: «Kegiatan»."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="procedure_key_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> ProcedureVersion:
        version = self.versions.order_by("-number").first()
        if version is None:
            raise ProcedureVersion.DoesNotExist(f"SOP {self.key} has no version")
        return version


class ProcedureVersion(models.Model):
    """One exact text of an SOP definition, as checked when it was added."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    text = models.TextField(_("definisi (YAML)"))
    sha256 = models.CharField(max_length=64, editable=False)
    source_name = models.CharField(_("nama berkas"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # The organization's logo printed on this version's document (tayang.procedures.logo);
    # carried over to each new version until the admin changes or removes it.
    logo = models.ForeignKey(
        MediaAsset, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("logo"),
    )

    class Meta:
        verbose_name = _("versi SOP")
        verbose_name_plural = _("versi SOP")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure} v{self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.sha256 = hashlib.sha256(self.text.encode()).hexdigest()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def sop(self) -> Sop:
        return parsed(self.text, self.sha256, self.source_name or f"{self.procedure.key}.yaml")


class RoleGrant(models.Model):
    """A member holds one of an SOP's roles (an executor column) in their organization."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="grants")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="grants")
    role_key = models.CharField(_("peran"), max_length=80)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pemberian peran")
        verbose_name_plural = _("pemberian peran")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "procedure", "role_key"], name="role_grant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} — {self.role_key} ({self.procedure.key})"
