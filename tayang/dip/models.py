"""The list of public information (*Daftar Informasi Publik*, DIP) an agency keeps.

Perki 1/2021 asks every public body to keep a DIP fixed by a decree (SK) of its head: each entry
says what the information is, who holds it, who answers for it, when and where it was made, in
which forms it is available, how long it is kept, and its classification. Entries classified
*dikecualikan* (exempt) are kept here for the PPID but are never shown to the public.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.orgs.models import Organization

STALE_AFTER = timedelta(days=183)  # a *berkala* entry not updated for six months is flagged


class Classification(models.TextChoices):
    PERIODIC = "berkala", _("Informasi berkala")
    IMMEDIATE = "serta_merta", _("Informasi serta merta")
    ANYTIME = "setiap_saat", _("Informasi tersedia setiap saat")
    EXEMPT = "dikecualikan", _("Informasi dikecualikan")


PUBLIC_CLASSIFICATIONS = (
    Classification.PERIODIC, Classification.IMMEDIATE, Classification.ANYTIME,
)


class Decree(models.Model):
    """The SK of the agency's head that fixes the DIP (number and date)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="dip_decrees")
    number = models.CharField(_("nomor SK"), max_length=120)
    issued_on = models.DateField(_("tanggal SK"))
    title = models.CharField(_("tentang"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SK penetapan DIP")
        verbose_name_plural = _("SK penetapan DIP")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="dip_decree_unique")
        ]

    def __str__(self) -> str:
        return f"SK {self.number} ({self.issued_on:%d-%m-%Y})"


class EntryQuerySet(models.QuerySet["Entry"]):
    def public(self) -> EntryQuerySet:
        """What the public may see: never an exempt entry."""
        return self.exclude(classification=Classification.EXEMPT)


class Entry(models.Model):
    """One item of public information on the list."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="dip_entries")
    decree = models.ForeignKey(Decree, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="entries", verbose_name=_("SK penetapan"))
    number = models.CharField(_("nomor"), max_length=40)
    summary = models.TextField(_("ringkasan isi informasi"))
    holder = models.CharField(_("pejabat/unit penguasa informasi"), max_length=300)
    responsible = models.CharField(_("penanggung jawab"), max_length=300)
    made_when = models.CharField(_("waktu pembuatan"), max_length=120)
    made_where = models.CharField(_("tempat pembuatan"), max_length=200, blank=True)
    softcopy = models.BooleanField(_("tersedia softcopy"), default=True)
    hardcopy = models.BooleanField(_("tersedia hardcopy"), default=False)
    retention = models.CharField(_("jangka waktu penyimpanan"), max_length=120)
    classification = models.CharField(_("klasifikasi"), max_length=20,
                                      choices=Classification.choices)
    updated_on = models.DateField(_("terakhir diperbarui"), default=date.today)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entri DIP")
        verbose_name_plural = _("entri DIP")
        ordering = ["organization", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="dip_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.summary[:60]}"

    @property
    def is_public(self) -> bool:
        return self.classification != Classification.EXEMPT

    @property
    def forms_label(self) -> str:
        forms = [name for name, has in (("softcopy", self.softcopy),
                                        ("hardcopy", self.hardcopy)) if has]
        return " dan ".join(forms) or "—"

    def is_stale(self, today: date) -> bool:
        """A periodic entry must be refreshed at least every six months (Perki 1/2021)."""
        return (
            self.classification == Classification.PERIODIC
            and today - self.updated_on > STALE_AFTER
        )


def _document_path(document: Document, filename: str) -> str:
    return f"org/{document.entry.organization_id}/dip/{document.sha256}.{document.extension}"


class Document(models.Model):
    """A file of an entry, downloadable from the public-information page."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_document_path, max_length=300)
    title = models.CharField(_("judul dokumen"), max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen DIP")
        verbose_name_plural = _("dokumen DIP")
        ordering = ["entry", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title
