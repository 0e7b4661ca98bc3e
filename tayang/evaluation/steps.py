"""Each SOP's steps in its own numbering, with the figures of the period: what the dashboard's
step charts and the report's tables are made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from tayang.evaluation import figures as fig
from tayang.evaluation import queries, tallies
from tayang.evaluation.reasons import Reason, common_reasons
from tayang.evaluation.tally import HOURS, WORKDAYS, Tally
from tayang.orgs.calendar import calendar_for
from tayang.orgs.models import Organization
from tayang.procedures.models import Procedure
from tayang.sop.model import Sop, Step, TimeKind


@dataclass(frozen=True)
class StepRow:
    number: int | None  # None: a step of an earlier version, no longer in the SOP
    key: str
    activity: str
    executor: str
    standard: str  # the *Waktu* as the SOP writes it
    unit: str  # "jam" or "hari kerja": what median/p90 are measured in
    figures: fig.StepFigures
    reasons: list[Reason] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.number}. {self.activity}" if self.number else self.activity


@dataclass(frozen=True)
class SopFigures:
    procedure: Procedure
    sop: Sop
    steps: list[StepRow]

    @property
    def compliance(self) -> float | None:
        return fig.compliance(row.figures for row in self.steps)

    @property
    def applied(self) -> bool:
        """Whether any step of the SOP was visited in the period."""
        return any(row.figures.visits for row in self.steps)

    @property
    def items(self) -> int:
        """The items that began the SOP in the period: first visits of its first step (a sum
        the tallies keep; items still at work from before the period are not in it)."""
        if not self.steps or self.steps[0].number is None:
            return 0
        first = self.steps[0].figures
        return first.visits - first.skipped - first.repeated


def _measure(step: Step | None, organization: Organization, sop: Sop
             ) -> tuple[str, str, fig.Measure]:
    if step is not None and step.time is not None and step.time.kind is TimeKind.WORKDAYS:
        calendar = calendar_for(organization, sop)
        zone = organization.zone

        def workdays(visit: fig.Visit, spent: float) -> float:
            return fig.working_days_between(visit.entered_at, visit.entered_at + spent,
                                            calendar, zone)
        return "hari kerja", WORKDAYS, workdays
    return "jam", HOURS, fig.hours


def sop_figures(scope: queries.Scope, now: datetime, *, with_reasons: bool = True,
                procedure: int | None = None) -> list[SopFigures]:
    """Every SOP of the organization, steps in SOP order (an SOP not applied in the period
    shows with zeros: an auditor must see that too). The closed visits come summed from the
    tallies; the open ones are read and judged at ``now``."""
    stored = tallies.read(scope.organization.pk, scope.period.start, scope.period.end,
                          scope.unit, procedure)
    still_open = queries.open_visits(scope, procedure)
    texts = queries.sent_back_texts(scope) if with_reasons else {}
    moment = now.timestamp()
    result = []
    for proc, sop in queries.procedures(scope.organization):
        if procedure is not None and proc.pk != procedure:
            continue
        open_by_step: dict[str, list[tuple[fig.Visit, bool]]] = {}
        for visit, repeated in still_open.get(proc.pk, []):
            open_by_step.setdefault(visit.step, []).append((visit, repeated))
        keys = [step.key for step in sop.steps]
        seen = {key for (pk, key) in stored if pk == proc.pk} | set(open_by_step)
        rows = []
        for key in keys + sorted(seen - set(keys)):
            step = sop.step(key) if key in keys else None
            unit, kind, measure = _measure(step, scope.organization, sop)
            tally = Tally(kind)
            for stored_kind, part in stored.get((proc.pk, key), {}).items():
                # A step measured otherwise by an earlier version lends its counts only.
                tally.merge(part, times=stored_kind == kind)
            for visit, repeated in open_by_step.get(key, []):
                tally.add(visit, moment, measure, repeated)
            rows.append(StepRow(
                number=step.number if step else None, key=key,
                activity=step.activity if step else f"({key}, versi SOP terdahulu)",
                executor=", ".join(sop.role(role).name for role in step.roles) if step else "-",
                standard=step.time.text if step and step.time else "-",
                unit=unit,
                figures=tally.figures(key),
                reasons=common_reasons(texts.get((proc.pk, key), [])),
            ))
        result.append(SopFigures(proc, sop, rows))
    return result


# What "≈" before a median or P90 means, in the report's method note (tally.py has the why).
RESOLUTION = ("Tanda ≈: median dan P90 dalam jam dibaca dari histogram kelompok waktu (setiap "
              "kelompok 19% lebih lebar dari sebelumnya), sehingga selisihnya dari nilai persis "
              "kurang dari 19% (di bawah satu menit: kurang dari satu menit); jumlah, persentase "
              "dan kepatuhan persis. Dalam hari kerja nilainya persis.")


Formatter = Callable[[float | None, str], str]


def amount(value: float | None, unit: str, approximate: bool = False) -> str:
    """A measured time for people: "3,5 jam", "45 menit", "2 hari kerja", "-"; read from a
    histogram (``approximate``) it says so: "≈ 3,5 jam"."""
    if value is None:
        return "-"
    if approximate:
        return f"≈ {amount(value, unit)}"
    if unit == "jam" and value < 1:
        return f"{round(value * 60)} menit"
    if unit == "jam" and value >= 72:
        return f"{_decimal(value / 24)} hari"
    return f"{_decimal(value)} {unit}"


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def share(value: float | None) -> str:
    return "-" if value is None else f"{_decimal(value * 100)}%"
