"""What the evaluator writes into a report: kept with the report's period and unit, so the
same report opened again (or printed for signature) carries the same conclusions."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tayang.evaluation.tally import BUCKETS
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


class StepTally(models.Model):
    """The sums of the closed step visits of one SOP step, entered on one local day (or in one
    month), for one unit or (``unit`` 0) the whole organization: what the dashboard and the
    report add up instead of reading every visit (``evaluation/tally.py`` says what each
    column holds; the worker's sweep adds the visits the actions closed, ``sweep.py``).

    ``unit`` is a plain number, not a foreign key: 0 must mean "all units" in the unique key
    (a NULL would never conflict, and the upsert would add a row each time)."""

    class Grain(models.TextChoices):
        DAY = "d", _("hari")
        MONTH = "m", _("bulan")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     db_index=False)
    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.CASCADE,
                                  related_name="+", db_index=False)
    step = models.CharField(max_length=80)
    unit = models.PositiveIntegerField()
    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()  # the local day; for a month, its first day
    measure = models.CharField(max_length=1)  # "h": hours, "w": working days
    # The counters and sums: NULL is 0 (``ZERO`` below).
    visits = models.PositiveIntegerField(null=True)
    performed = models.PositiveIntegerField(null=True)
    on_time = models.PositiveIntegerField(null=True)
    past_target = models.PositiveIntegerField(null=True)
    late = models.PositiveIntegerField(null=True)
    untimed = models.PositiveIntegerField(null=True)
    skipped = models.PositiveIntegerField(null=True)
    repeated = models.PositiveIntegerField(null=True)
    sent_back = models.PositiveIntegerField(null=True)
    refused = models.PositiveIntegerField(null=True)
    cancelled = models.PositiveIntegerField(null=True)
    timed = models.PositiveIntegerField(null=True)
    target_sum = models.FloatField(null=True)
    limit_sum = models.FloatField(null=True)

    class Meta:
        verbose_name = _("rekap langkah SOP")
        verbose_name_plural = _("rekap langkah SOP")
        constraints = [
            # Also the index of every read: an organization's unit over a range of days.
            models.UniqueConstraint(
                fields=["organization", "unit", "grain", "day", "procedure", "step", "measure"],
                name="step_tally_key"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id}/{self.step} {self.grain}{self.day} unit {self.unit}"


# ZERO: a tally's counters, sums and buckets store 0 as NULL, and every reader takes NULL
# for 0 (``SUM`` of them is NULL when all are, read ``or 0``). Most of a row's 150-odd
# values are 0: PostgreSQL stores a NULL as one bit of the row's null bitmap, a 0 in 4 or 8
# bytes (SQLite stores either in its record header alone). The writers (``tallies.add``,
# ``publishing.add``) write NULL for 0 and add ``NULLIF(COALESCE(old, 0) + COALESCE(new,
# 0), 0)``; columns an insert does not name are NULL (no default). Issue 16: a row of
# 1,291 bytes on PostgreSQL became 163 at 20,000 items.


def _add_histogram(model: type[models.Model], count: Callable[[], models.Field],
                   total: Callable[[], models.Field]) -> None:
    """The histogram's columns: the count (``nNN``) and the summed time (``sNN``) of each of
    the ``tally.BUCKETS`` buckets."""
    for bucket in range(BUCKETS):
        model.add_to_class(f"n{bucket:02d}", count())
        model.add_to_class(f"s{bucket:02d}", total())


_add_histogram(StepTally, lambda: models.PositiveIntegerField(null=True),
               lambda: models.FloatField(null=True))


class TallyState(models.Model):
    """Which layout the tallies were last rebuilt for: ``migrate`` rebuilds them from the step
    visits when this row is missing or older than ``tallies.LAYOUT`` (a database from before
    the tallies, or after a change of the buckets)."""

    layout = models.PositiveIntegerField()
    rebuilt_at = models.DateTimeField()

    class Meta:
        verbose_name = _("keadaan rekap langkah")
        verbose_name_plural = _("keadaan rekap langkah")


class ActivityTally(models.Model):
    """How many actions of one kind an organization's unit (or, ``unit`` 0, the whole
    organization) did on one local day: hand-ins, publications, send-backs and refusals as
    the history logs them, and first hand-ins of items (``evaluation/activity.py``). The
    dashboard's weekly flow and per-unit chart add these up instead of reading the log."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     db_index=False)
    unit = models.PositiveIntegerField()
    day = models.DateField()
    kind = models.CharField(max_length=20)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rekap kegiatan")
        verbose_name_plural = _("rekap kegiatan")
        constraints = [
            models.UniqueConstraint(fields=["organization", "unit", "day", "kind"],
                                    name="activity_tally_key"),
        ]


class PublicationTally(models.Model):
    """The dashboard's publications per channel, moved by the worker's sweep after every change
    of a publication's state (``channels/transitions.py`` marks it, ``evaluation/sweep.py``
    and ``publishing.py`` move it), per organization, unit
    (0: the whole organization), channel, and local day (or month, ``grain``):

    * ``kind`` "s": how many publications *requested* that day are now in ``state`` (a change
      of state moves one from the old state's row to the new one's);
    * ``kind`` "h": the publications *published* that day, with the histogram of their hours
      from the item's hand-in (the 72 buckets of ``evaluation/tally.py``; ``state`` is "").

    Signed counts, not positive ones: a move subtracts, and a tally that was wrong (a database
    not yet rebuilt) must never make an action fail on a constraint."""

    class Kind(models.TextChoices):
        STATE = "s", _("keadaan")
        HOURS = "h", _("jam serah sampai tayang")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     db_index=False)
    unit = models.PositiveIntegerField()
    grain = models.CharField(max_length=1, choices=StepTally.Grain.choices)
    day = models.DateField()
    kind = models.CharField(max_length=1, choices=Kind.choices)
    channel = models.CharField(max_length=40)
    state = models.CharField(max_length=20, blank=True)
    count = models.IntegerField(null=True)  # NULL is 0 (``ZERO`` above)

    class Meta:
        verbose_name = _("rekap penayangan")
        verbose_name_plural = _("rekap penayangan")
        constraints = [
            # Also the index of every read: an organization's unit over a range of days.
            models.UniqueConstraint(
                fields=["organization", "unit", "grain", "day", "kind", "channel", "state"],
                name="publication_tally_key"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}/{self.kind}{self.state} {self.grain}{self.day} unit {self.unit}"


# Written only by the upsert, which names the columns it adds to: the others are NULL (0).
_add_histogram(PublicationTally, lambda: models.IntegerField(null=True),
               lambda: models.FloatField(null=True))


class LateItem(models.Model):
    """An item's closed late step visits, summed (``evaluation/lateness.py``): what the
    report's furthest items are ranked by, read as the few largest through an index instead of
    summing every late visit of a period. Moments are POSIX seconds (min and max in the
    upsert are then the same arithmetic on both databases).

    ``first`` and ``last`` are when the first and the last of those visits were *entered*: an
    item whose late visits all lie inside a period counts whole; one that straddles the
    period's edge (``span`` bounds how far back to look) is summed from its visits."""

    item = models.OneToOneField("items.Item", on_delete=models.CASCADE, primary_key=True,
                                related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     db_index=False)
    unit = models.PositiveIntegerField()
    overrun = models.FloatField()  # seconds past the limits
    late = models.PositiveIntegerField()  # late visits
    first = models.FloatField()
    last = models.FloatField()
    span = models.FloatField()  # last - first

    class Meta:
        verbose_name = _("rekap keterlambatan konten")
        verbose_name_plural = _("rekap keterlambatan konten")
        indexes = [
            # The furthest first; the columns the period and the unit are checked on are in
            # the index, so the walk reads no table row until it has its few.
            models.Index(fields=["organization", "-overrun", "item", "first", "last", "unit"],
                         name="late_item_overrun_idx"),
            models.Index(fields=["organization", "-span"], name="late_item_span_idx"),
            models.Index(fields=["organization", "first", "last"], name="late_item_first_idx"),
        ]
