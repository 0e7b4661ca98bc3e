from datetime import timedelta

from django import template

from tayang.evaluation.access import may_evaluate as _may_evaluate
from tayang.evaluation.report import Change, Report
from tayang.evaluation.steps import StepRow, share
from tayang.evaluation.steps import amount as _amount
from tayang.orgs.models import Membership
from tayang.workspace.time_left import span

register = template.Library()


@register.filter
def may_evaluate(membership: Membership | None) -> bool:
    """Whether the workspace navigation shows *Dasbor* and *Evaluasi SOP* to this member."""
    return membership is not None and _may_evaluate(membership)


@register.filter
def percent(value: float | None) -> str:
    return share(value)


@register.filter
def duration_words(value: timedelta) -> str:
    return span(value)


@register.filter
def amount(row: StepRow, which: str) -> str:
    """A step's median or p90 in its own unit ("3,5 jam", "2 hari kerja")."""
    return _amount(getattr(row.figures, which), row.unit,
                   which in {"median", "p90"} and row.figures.approximate)


@register.filter
def change_of(report: Report, row: StepRow) -> Change | None:
    return next((report.change(sop, row) for sop in report.sops if row in sop.steps), None)
