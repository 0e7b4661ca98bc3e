"""The *Laporan Evaluasi Penerapan SOP* of a period: every SOP's steps in its own numbering
with their figures, the overall compliance, the items furthest from the standard, the
evaluator's notes, and, when asked, the change against a second period."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tayang.evaluation import figures as fig
from tayang.evaluation import pending, queries
from tayang.evaluation.models import EvaluationNote
from tayang.evaluation.period import Period
from tayang.evaluation.steps import SopFigures, StepRow, sop_figures
from tayang.items.models import Item

FURTHEST = 10
LONGEST_NOTE = 10_000


@dataclass(frozen=True)
class Change:
    """A step's figures in the comparison period, and the difference."""

    before: fig.StepFigures
    on_time_points: float | None  # percentage points gained (+) or lost (−)
    median_change: float | None  # in the step's unit; negative is faster

    @property
    def on_time_text(self) -> str:
        return _signed(self.on_time_points, " poin")

    @property
    def median_text(self) -> str:
        return _signed(self.median_change, "")


def _signed(value: float | None, suffix: str) -> str:
    if value is None:
        return "-"
    value = round(value, 1)  # "−0,04" is no change: no sign for what the digits do not show
    text = f"{abs(value):.1f}".replace(".", ",").removesuffix(",0")
    return f"{'+' if value > 0 else '−' if value < 0 else '±'}{text}{suffix}"


@dataclass(frozen=True)
class Furthest:
    item: Item
    sop: str
    late_steps: int
    overrun: str


@dataclass(frozen=True)
class Report:
    period: Period
    sops: list[SopFigures]
    compliance: float | None
    furthest: list[Furthest]
    note: EvaluationNote | None
    compared: Period | None
    compared_compliance: float | None
    changes: dict[tuple[int, str], Change]

    def change(self, sop: SopFigures, row: StepRow) -> Change | None:
        return self.changes.get((sop.procedure.pk, row.key))

    @property
    def compliance_change(self) -> str:
        if self.compliance is None or self.compared_compliance is None:
            return "-"
        return _signed((self.compliance - self.compared_compliance) * 100, " poin")


def build(scope: queries.Scope, now: datetime, compared: Period | None = None) -> Report:
    # The tallies and the rows the sweep has not added yet, read as of one moment.
    with pending.one_snapshot():
        return _build(scope, now, compared)


def _build(scope: queries.Scope, now: datetime, compared: Period | None = None) -> Report:
    sops = sop_figures(scope, now)
    worst = furthest(scope, now)
    items = queries.items_by_id([deviation.item for deviation in worst])
    names = {sop.procedure.pk: sop.sop.identity.name for sop in sops}
    changes: dict[tuple[int, str], Change] = {}
    compared_compliance = None
    if compared is not None:
        earlier = sop_figures(queries.Scope(scope.organization, compared, scope.unit), now,
                              with_reasons=False)
        compared_compliance = fig.compliance(row.figures for sop in earlier for row in sop.steps)
        for sop in earlier:
            for row in sop.steps:
                changes[sop.procedure.pk, row.key] = _change(sops, sop.procedure.pk, row)
    return Report(
        period=scope.period, sops=sops,
        compliance=fig.compliance(row.figures for sop in sops for row in sop.steps),
        furthest=[Furthest(items[d.item], names.get(items[d.item].procedure_id, ""),
                           d.late_steps, _overrun(d)) for d in worst if d.item in items],
        note=note_of(scope), compared=compared, compared_compliance=compared_compliance,
        changes=changes,
    )


def furthest(scope: queries.Scope, now: datetime, count: int = FURTHEST) -> list[fig.Deviation]:
    """The items whose late visits of the period overran their limits the most, as
    ``figures.furthest_from_standard`` ranks them, without reading every visit: the closed
    late visits summed by the database (its ``count`` worst items, and the items late right
    now), the open ones judged here."""
    moment = now.timestamp()
    overrun: dict[int, float] = {}
    late: dict[int, int] = {}
    for visits in queries.open_visits(scope).values():
        for visit, _ in visits:
            if fig.result_of(visit, moment) is fig.Result.LATE and visit.due_limit is not None:
                overrun[visit.item] = overrun.get(visit.item, 0.0) + moment - visit.due_limit
                late[visit.item] = late.get(visit.item, 0) + 1
    for item, (seconds, visits) in queries.late_closed(scope, count, set(overrun)).items():
        overrun[item] = overrun.get(item, 0.0) + seconds
        late[item] = late.get(item, 0) + visits
    worst = sorted(overrun, key=lambda item: (-overrun[item], item))[:count]
    return [fig.Deviation(item, late[item], timedelta(seconds=overrun[item])) for item in worst]


def _change(now_sops: list[SopFigures], procedure: int, before: StepRow) -> Change:
    current = next((row.figures for sop in now_sops if sop.procedure.pk == procedure
                    for row in sop.steps if row.key == before.key), None)
    points = median = None
    if current is not None:
        if current.on_time_share is not None and before.figures.on_time_share is not None:
            points = (current.on_time_share - before.figures.on_time_share) * 100
        if current.median is not None and before.figures.median is not None:
            median = current.median - before.figures.median
    return Change(before.figures, points, median)


def _overrun(deviation: fig.Deviation) -> str:
    from tayang.workspace.time_left import span

    return span(deviation.overrun)


def note_of(scope: queries.Scope) -> EvaluationNote | None:
    return EvaluationNote.objects.filter(
        organization=scope.organization, start=scope.period.start, end=scope.period.end,
        unit_id=scope.unit,
    ).first()


NOTE_FIELDS = {"kesimpulan": "conclusions", "rekomendasi": "recommendations",
               "evaluator": "evaluator", "jabatan": "position", "nip": "nip"}
NOTE_LIMITS = {"conclusions": LONGEST_NOTE, "recommendations": LONGEST_NOTE, "evaluator": 120,
               "position": 200, "nip": 30}
NOTE_LABELS = {"conclusions": "Kesimpulan", "recommendations": "Rekomendasi",
               "evaluator": "Nama evaluator", "position": "Jabatan", "nip": "NIP"}


def save_notes(scope: queries.Scope, data: Mapping[str, str], user: AbstractBaseUser,
               now: datetime) -> tuple[EvaluationNote | None, list[str]]:
    """Keep what the evaluator wrote for this period and unit; too long a text is refused
    whole (nothing saved) with the field named."""
    values = {field: (data.get(name, "") or "").strip() for name, field in NOTE_FIELDS.items()}
    problems = [f"{NOTE_LABELS[field]} paling panjang {NOTE_LIMITS[field]:,} karakter."
                .replace(",", ".") for field, value in values.items()
                if len(value) > NOTE_LIMITS[field]]
    if problems:
        return None, problems
    with transaction.atomic():
        note, _ = EvaluationNote.objects.select_for_update().update_or_create(
            organization=scope.organization, start=scope.period.start, end=scope.period.end,
            unit_id=scope.unit, defaults={**values, "updated_by": user, "updated_at": now},
        )
    return note, []


def query_of(scope: queries.Scope, compared: Period | None) -> str:
    query = dict(scope.period.query)
    if scope.unit is not None:
        query["unit"] = str(scope.unit)
    if compared is not None:
        query["banding_dari"] = compared.start.isoformat()
        query["banding_sampai"] = compared.end.isoformat()
    return urlencode(query)
