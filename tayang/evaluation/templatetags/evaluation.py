from django import template

from tayang.evaluation.access import may_evaluate as _may_evaluate
from tayang.orgs.models import Membership

register = template.Library()


@register.filter
def may_evaluate(membership: Membership | None) -> bool:
    """Whether the workspace navigation shows *Dasbor* and *Evaluasi SOP* to this member."""
    return membership is not None and _may_evaluate(membership)
