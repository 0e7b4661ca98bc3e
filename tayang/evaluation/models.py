"""What the evaluator writes into a report: kept with the report's period and unit, so the
same report opened again (or printed for signature) carries the same conclusions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tayang.orgs.models import Organization, Unit


class EvaluationNote(models.Model):
    """The evaluator's conclusions and recommendations on one period (and unit) of an
    organization's SOPs, and who signs the printed report."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="evaluation_notes")
    start = models.DateField(_("dari tanggal"))
    end = models.DateField(_("sampai tanggal"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+", verbose_name=_("unit kerja"))
    conclusions = models.TextField(_("kesimpulan"), blank=True)
    recommendations = models.TextField(_("rekomendasi"), blank=True)
    evaluator = models.CharField(_("nama evaluator"), max_length=120, blank=True)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("catatan evaluasi SOP")
        verbose_name_plural = _("catatan evaluasi SOP")
        constraints = [
            models.UniqueConstraint(fields=["organization", "start", "end", "unit"],
                                    condition=Q(unit__isnull=False),
                                    name="evaluation_note_unit_unique"),
            models.UniqueConstraint(fields=["organization", "start", "end"],
                                    condition=Q(unit__isnull=True),
                                    name="evaluation_note_all_units_unique"),
        ]

    def __str__(self) -> str:
        return f"Evaluasi {self.organization} {self.start}–{self.end}"
