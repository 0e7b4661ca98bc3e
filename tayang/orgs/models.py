"""Organizations (agencies), their units and their members.

One installation hosts many organizations (a whole Pemda's agencies); everything else hangs off
an organization and is only ever shown to its members.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tayang.engine.moments import ZONE_ABBREVIATIONS

TIMEZONES = [
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
]


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
    # The profile printed as the kop surat of every record and shown on the public site
    # (docs/records.md#organization-profile).
    parent_lines = models.TextField(
        _("baris hierarki di atas nama"), max_length=300, blank=True,
        help_text=_("Satu baris per jenjang, mis. PEMERINTAH KABUPATEN GUNUNGKIDUL; dicetak "
                    "di atas nama organisasi pada kop surat. Paling banyak tiga baris."),
    )
    telephone = models.CharField(_("telepon"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), max_length=200, blank=True)
    website = models.URLField(_("situs web"), max_length=200, blank=True)
    city = models.CharField(
        _("tempat (kota) pada surat"), max_length=80, blank=True,
        help_text=_("Ditulis sebelum tanggal surat dan register, mis. Wonosari."),
    )
    postal_code = models.CharField(_("kode pos"), max_length=10, blank=True)
    logo = models.ForeignKey(
        "media.MediaAsset", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("logo"),
    )
    # Who signs "Mengetahui" under the register (the head of the organization, usually).
    head_position = models.CharField(
        _("jabatan pimpinan"), max_length=200, blank=True,
        help_text=_("Mis. Kepala Dinas; ditulis di bawah «Mengetahui,» pada register."),
    )
    head_name = models.CharField(_("nama pimpinan"), max_length=200, blank=True)
    head_rank = models.CharField(_("pangkat/golongan pimpinan"), max_length=100, blank=True)
    head_nip = models.CharField(_("NIP pimpinan"), max_length=21, blank=True)
    # Letter numbers (tata naskah dinas): the pattern, the unit code and the default
    # classification code; the sequence is tayang.records.models.LetterCounter.
    letter_number_pattern = models.CharField(
        _("pola nomor surat"), max_length=120, default="{klasifikasi}/{nomor}/{unit}/{tahun}",
        help_text=_("Unsur yang tersedia: {klasifikasi}, {nomor}, {unit}, {tahun}, {bulan} "
                    "(angka Romawi). {nomor} wajib ada."),
    )
    letter_unit_code = models.CharField(
        _("kode unit pada nomor surat"), max_length=40, blank=True,
        help_text=_("Mis. Diskominfo; kosong berarti nama singkat organisasi."),
    )
    letter_classification = models.CharField(
        _("kode klasifikasi bawaan"), max_length=30, default="000.1", blank=True,
        help_text=_("Kode klasifikasi arsip yang diusulkan untuk surat tanggapan, mis. 000.1."),
    )
    is_demo = models.BooleanField(_("organisasi demo"), default=False)
    # Accounts the organization's admin creates are named "<prefix>.<name>": a new name is
    # only ever checked against the organization's own names, so the form says nothing
    # about accounts of other organizations (docs/security.md).
    account_prefix = models.SlugField(
        _("awalan nama pengguna"), max_length=40, unique=True, null=True, blank=True,
        help_text=_("Akun baru yang dibuat admin organisasi bernama <awalan>.<nama>."),
    )
    require_two_factor = models.BooleanField(
        _("wajib verifikasi dua langkah bagi admin dan penyetuju"), default=False,
        help_text=_("Admin organisasi dan pemegang peran yang menyetujui atau menayangkan "
                    "harus memakai kode dari aplikasi autentikator untuk masuk."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.account_prefix:
            self.account_prefix = free_prefix(self.slug, exclude=self.pk)
        super().save(*args, **kwargs)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS.get(self.timezone, self.timezone)

    @property
    def hierarchy(self) -> list[str]:
        """The lines printed above the name on the kop surat (at most three)."""
        return [line.strip() for line in self.parent_lines.splitlines() if line.strip()][:3]

    @property
    def contact_line(self) -> str:
        """``Telepon (0274) 391000 · Pos-el diskominfo@… · Laman https://…`` for the kop."""
        parts = []
        if self.telephone:
            parts.append(f"Telepon {self.telephone}")
        if self.email:
            parts.append(f"Pos-el {self.email}")
        if self.website:
            parts.append(f"Laman {self.website}")
        return " · ".join(parts)

    @property
    def full_address(self) -> str:
        code = f" {self.postal_code}" if self.postal_code else ""
        return f"{self.address}{code}" if self.address else ""


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
    # Printed under the signature of the records this person signs (tata naskah dinas).
    rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True,
                            help_text=_("Mis. Pembina Tk. I, IV/b."))
    nip = models.CharField(_("NIP"), max_length=21, blank=True,
                           help_text=_("18 angka, boleh dipisah spasi; kosongkan bila tidak "
                                       "ber-NIP."))
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


def free_prefix(slug: str, exclude: int | None = None) -> str:
    """The last part of the slug ("gunungkidul" of "dpmptsp-gunungkidul") when no other
    organization has it, else the whole slug (slugs are unique)."""
    others = Organization.objects.exclude(pk=exclude)
    for candidate in (slug.rsplit("-", 1)[-1], slug):
        if not others.filter(account_prefix=candidate).exists():
            return candidate
    number = 2
    while others.filter(account_prefix=f"{slug}-{number}").exists():
        number += 1
    return f"{slug}-{number}"


INVITATION_DAYS = 14


class Invitation(models.Model):
    """An organization asks an existing account to join; the account's owner decides.

    Every invitation an admin sends is recorded, also for a name that has no account or
    cannot be invited (a superuser): ``user`` is then empty and the invitation can never be
    accepted. The admin sees the same answer and the same list either way, so inviting
    reveals nothing about accounts outside the organization.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Menunggu jawaban")
        ACCEPTED = "accepted", _("Diterima")
        DECLINED = "declined", _("Ditolak")
        WITHDRAWN = "withdrawn", _("Dibatalkan")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="invitations")
    username = models.CharField(_("nama pengguna"), max_length=150)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                             blank=True, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    is_admin = models.BooleanField(_("admin organisasi"), default=False)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.username} → {self.organization}"

    @property
    def expires_at(self) -> Any:
        return self.created_at + timedelta(days=INVITATION_DAYS)

    @property
    def is_open(self) -> bool:
        return self.state == self.State.PENDING and timezone.now() < self.expires_at

    @property
    def state_label(self) -> str:
        if self.state == self.State.PENDING and not self.is_open:
            return str(_("Kedaluwarsa"))
        return self.get_state_display()


class AuditEntry(models.Model):
    """One change to who belongs to an organization and what they may do.

    Written in the same transaction as the change; shown to the organization's admins
    (Kelola › Riwayat). Never holds a password, a code or a token.
    """

    class Action(models.TextChoices):
        MEMBER_CREATED = "member_created", _("Akun baru dibuat dan ditambahkan")
        INVITED = "invited", _("Undangan dikirim")
        INVITATION_WITHDRAWN = "invitation_withdrawn", _("Undangan dibatalkan")
        INVITATION_ACCEPTED = "invitation_accepted", _("Undangan diterima")
        INVITATION_DECLINED = "invitation_declined", _("Undangan ditolak")
        ROLE_GRANTED = "role_granted", _("Peran diberikan")
        ROLE_REVOKED = "role_revoked", _("Peran dicabut")
        ADMIN_GRANTED = "admin_granted", _("Dijadikan admin organisasi")
        ADMIN_REVOKED = "admin_revoked", _("Hak admin organisasi dicabut")
        PPID_GRANTED = "ppid_granted", _("Dijadikan pengelola DIP (PPID)")
        PPID_REVOKED = "ppid_revoked", _("Hak pengelola DIP dicabut")
        DEACTIVATED = "deactivated", _("Keanggotaan dinonaktifkan")
        REACTIVATED = "reactivated", _("Keanggotaan diaktifkan kembali")
        UNIT_CHANGED = "unit_changed", _("Unit kerja atau jabatan diubah")
        LOCK_LIFTED = "lock_lifted", _("Kunci masuk dibuka")
        TWO_FACTOR_RESET = "two_factor_reset", _("Verifikasi dua langkah diatur ulang")
        SECURITY_CHANGED = "security_changed", _("Pengaturan keamanan organisasi diubah")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="audit_entries")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    action = models.CharField(max_length=30, choices=Action.choices)
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    subject_name = models.CharField(max_length=150, blank=True)  # kept if the account goes
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("riwayat organisasi")
        verbose_name_plural = _("riwayat organisasi")
        ordering = ["-at", "-pk"]
