"""Organizations (agencies), their units and their members.

One installation hosts many organizations (a whole Pemda's agencies); everything else hangs off
an organization and is only ever shown to its members.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TIMEZONES = [
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
]
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class Organization(models.Model):
    """A public body (*Badan Publik*, Dinas, OPD)."""

    slug = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=80, blank=True)
    timezone = models.CharField(_("zona waktu"), max_length=40, choices=TIMEZONES,
                                default="Asia/Jakarta")
    hostname = models.CharField(
        _("nama host situs publik"), max_length=200, blank=True,
        help_text=_(
            "Mis. dinsos.jogjaprov.go.id; kosongkan bila situs dibuka lewat alamat Tayang."
        ),
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("organisasi demo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS.get(self.timezone, self.timezone)


class Unit(models.Model):
    """A division of an organization: Sekretariat, a Bidang or a Balai."""

    class Kind(models.TextChoices):
        SECRETARIAT = "sekretariat", _("Sekretariat")
        DIVISION = "bidang", _("Bidang")
        FIELD_OFFICE = "balai", _("Balai")
        OTHER = "lainnya", _("Lainnya")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.DIVISION)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unit_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person belonging to an organization; their SOP roles are granted per procedure."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="members", verbose_name=_("unit kerja"))
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    is_admin = models.BooleanField(
        _("admin organisasi"), default=False,
        help_text=_("Dapat mengelola anggota, unit, SOP dan peran."),
    )
    is_ppid = models.BooleanField(
        _("pengelola DIP (PPID)"), default=False,
        help_text=_("Dapat mengelola Daftar Informasi Publik organisasi."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"

    @property
    def keeps_dip(self) -> bool:
        """The PPID keeps the DIP; the organization's admins may stand in."""
        return self.is_active and (self.is_ppid or self.is_admin)


class ClosedDay(models.Model):
    """A day the organization does not work besides weekends and national holidays (a regency's
    anniversary, a local holiday): time standards in working days skip it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="closed_days"
    )
    day = models.DateField(_("tanggal"))
    reason = models.CharField(_("keterangan"), max_length=200)

    class Meta:
        verbose_name = _("hari libur organisasi")
        verbose_name_plural = _("hari libur organisasi")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "day"], name="closed_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day:%d-%m-%Y} {self.reason}"
