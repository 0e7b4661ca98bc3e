"""What Tayang has issued on paper: verification entries, letters and their numbers.

An :class:`IssuedRecord` is written when a record is printed (a letter, an approval record, a
register, an evaluation report). It keeps the number, the date, the signer and the SHA-256 of
a canonical serialisation of what the record said, under a random code that the QR code on the
paper carries to the public page ``/verifikasi/<code>/`` (docs/records.md#verification).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.orgs.models import Organization


class IssuedRecord(models.Model):
    class Kind(models.TextChoices):
        LETTER = "letter", _("Surat")
        APPROVAL = "approval", _("Catatan persetujuan")
        REGISTER = "register", _("Register dokumentasi dan konten")
        EVALUATION = "evaluation", _("Laporan evaluasi")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="issued_records")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What the content is recomputed from: the approval's or letter's id, or the register's
    # filters (a query string) — see tayang.records.verification.
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    params = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=300)
    number = models.CharField(max_length=120, blank=True)
    issued_on = models.DateField()
    signer_name = models.CharField(max_length=200, blank=True)
    signer_position = models.CharField(max_length=200, blank=True)
    signer_rank = models.CharField(max_length=100, blank=True)
    signer_nip = models.CharField(max_length=21, blank=True)
    content_hash = models.CharField(max_length=64)
    code = models.CharField(max_length=32, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("naskah terbit")
        verbose_name_plural = _("naskah terbit")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "kind", "source_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or self.code}"


class LetterCounter(models.Model):
    """The last letter sequence number given in an organization for a year.

    Incremented with one ``UPDATE … SET last = last + 1`` inside the transaction that writes
    the letter, so the row's write lock orders concurrent letters: no number twice, no gap
    (a rolled-back letter rolls its number back too).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="letter_counter_unique")
        ]


class Letter(models.Model):
    """A written response issued as an official letter (*surat dinas*), numbered once."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="letters")
    response = models.OneToOneField("items.WrittenResponse", on_delete=models.PROTECT,
                                    related_name="letter")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("nomor surat"), max_length=120)
    classification = models.CharField(_("kode klasifikasi"), max_length=30, blank=True)
    place = models.CharField(_("tempat"), max_length=80)
    dated = models.DateField(_("tanggal surat"))
    addressee = models.TextField(_("kepada"), max_length=500)
    subject = models.CharField(_("perihal"), max_length=300)
    attachment = models.CharField(_("lampiran"), max_length=100, blank=True)
    signer_name = models.CharField(_("nama penanda tangan"), max_length=200)
    signer_position = models.CharField(_("jabatan penanda tangan"), max_length=200)
    signer_rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    signer_nip = models.CharField(_("NIP"), max_length=21, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "sequence"],
                                    name="letter_sequence_unique"),
        ]

    def __str__(self) -> str:
        return self.number
