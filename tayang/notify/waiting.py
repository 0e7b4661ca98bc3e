"""What waits for a person in one organization, most urgent first (the daily digest).

The same reading as the inbox: items at a step one of their roles does, drafts and returns
at the first steps for their author only; left out are items someone else took and steps
that separation of duties keeps them from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Q

from tayang.engine.state import ACTIVE
from tayang.items.models import Item
from tayang.items.workflow import state_of
from tayang.notify.recipients import PERSONAL_KINDS, barred
from tayang.orgs.models import Organization
from tayang.procedures.models import Procedure, RoleGrant

LOOK_AT = 60  # the most urgent items examined for a digest


@dataclass(frozen=True)
class Waiting:
    item: Item
    step_number: int
    overdue: bool
    past_target: bool


def for_person(user: AbstractBaseUser, organization: Organization, now: datetime,
               limit: int = 10) -> tuple[list[Waiting], int]:
    """(the ``limit`` most urgent items, how many wait in all) for ``user``."""
    grants: dict[int, set[str]] = {}
    for procedure_id, role in RoleGrant.objects.filter(
        membership__user=user, membership__organization=organization,
        membership__is_active=True, procedure__is_active=True,
    ).values_list("procedure_id", "role_key"):
        grants.setdefault(procedure_id, set()).add(role)
    condition = Q(pk__in=[])
    for procedure in Procedure.objects.filter(pk__in=grants):
        roles = grants[procedure.pk]
        mine = [s for s in procedure.current.sop.steps if set(s.roles) & roles]
        condition |= Q(procedure=procedure, step__in=[
            s.key for s in mine if s.kind not in PERSONAL_KINDS]) | Q(
            procedure=procedure, created_by=user,
            step__in=[s.key for s in mine if s.kind in PERSONAL_KINDS])
    candidates = (
        Item.objects.filter(organization=organization, status__in=list(ACTIVE))
        .filter(condition)
        .filter(Q(taken_by__isnull=True) | Q(taken_by=user))
        .select_related("procedure_version", "created_by", "organization")
        .order_by(F("due_limit").asc(nulls_last=True), "step_entered_at", "pk")
    )
    found: list[Waiting] = []
    total = 0
    for item in candidates[: LOOK_AT * 4]:
        sop = item.procedure_version.sop
        if not item.step:
            continue
        step = sop.step(item.step)
        roles = grants.get(item.procedure_id, set())
        if not set(step.roles) & roles:
            continue
        if step.kind in PERSONAL_KINDS and item.created_by_id != user.pk:
            continue
        if step.kind not in PERSONAL_KINDS and barred(sop, state_of(item, sop), step, user):
            continue
        total += 1
        if len(found) < limit:
            found.append(Waiting(
                item, step.number,
                overdue=item.due_limit is not None and item.due_limit <= now,
                past_target=item.due_target is not None and item.due_target <= now,
            ))
    return found, total
