"""Each SOP's steps in its own numbering, with the figures of the period: what the dashboard's
step charts and the report's tables are made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from tayang.evaluation import figures as fig
from tayang.evaluation import queries
from tayang.evaluation.reasons import Reason, common_reasons
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
    visits: list[fig.Visit]

    @property
    def compliance(self) -> float | None:
        return fig.compliance(row.figures for row in self.steps)

    @property
    def items(self) -> int:
        return len({visit.item for visit in self.visits})


def _measure(step: Step | None, organization: Organization, sop: Sop) -> tuple[str, fig.Measure]:
    if step is not None and step.time is not None and step.time.kind is TimeKind.WORKDAYS:
        calendar = calendar_for(organization, sop)
        zone = organization.zone

        def workdays(visit: fig.Visit, spent: float) -> float:
            return fig.working_days_between(visit.entered_at, visit.entered_at + spent,
                                            calendar, zone)
        return "hari kerja", workdays
    return "jam", fig.hours


def sop_figures(scope: queries.Scope, now: datetime, *, with_reasons: bool = True,
                procedure: int | None = None) -> list[SopFigures]:
    """Every SOP of the organization, steps in SOP order (an SOP not applied in the period
    shows with zeros: an auditor must see that too)."""
    found = queries.visits(scope, procedure)
    texts = queries.sent_back_texts(scope) if with_reasons else {}
    result = []
    for proc, sop in queries.procedures(scope.organization):
        if procedure is not None and proc.pk != procedure:
            continue
        visits = found.get(proc.pk, [])
        grouped = fig.by_step(visits)
        rows = []
        keys = [step.key for step in sop.steps]
        for key in keys + sorted(set(grouped) - set(keys)):
            step = sop.step(key) if key in keys else None
            unit, measure = _measure(step, scope.organization, sop)
            rows.append(StepRow(
                number=step.number if step else None, key=key,
                activity=step.activity if step else f"({key}, versi SOP terdahulu)",
                executor=", ".join(sop.role(role).name for role in step.roles) if step else "-",
                standard=step.time.text if step and step.time else "-",
                unit=unit,
                figures=fig.step_figures(key, grouped.get(key, []), now, measure),
                reasons=common_reasons(texts.get((proc.pk, key), [])),
            ))
        result.append(SopFigures(proc, sop, rows, visits))
    return result


Formatter = Callable[[float | None, str], str]


def amount(value: float | None, unit: str) -> str:
    """A measured time for people: "3,5 jam", "45 menit", "2 hari kerja", "-"."""
    if value is None:
        return "-"
    if unit == "jam" and value < 1:
        return f"{round(value * 60)} menit"
    if unit == "jam" and value >= 72:
        return f"{_decimal(value / 24)} hari"
    return f"{_decimal(value)} {unit}"


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def share(value: float | None) -> str:
    return "-" if value is None else f"{_decimal(value * 100)}%"
