"""Who sees the dashboard and the evaluation report: the organization's admins, its PPID, and
anyone holding a role that approves (a decision step's role) in one of its SOPs. Others get
the workspace's 404, as for any page that is not theirs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpResponse

from tayang.orgs.models import Membership
from tayang.procedures.definitions import current_sops
from tayang.procedures.models import RoleGrant
from tayang.sop.model import StepKind
from tayang.workspace.access import OrgRequest, member_required

_CACHED = "_may_evaluate"


def approval_roles(procedure_ids: set[int]) -> set[tuple[int, str]]:
    """(procedure id, role key) of every role of a decision step in the procedures."""
    return {
        (procedure, role)
        for procedure, sop in current_sops(procedure_ids).items()
        for step in sop.steps if step.kind is StepKind.DECISION
        for role in step.roles
    }


def may_evaluate(membership: Membership) -> bool:
    """Asked by every workspace page's navigation: admins and the PPID cost no query."""
    if not membership.is_active:
        return False
    if membership.is_admin or membership.is_ppid:
        return True
    if (known := getattr(membership, _CACHED, None)) is not None:
        return bool(known)
    held = set(RoleGrant.objects.filter(membership=membership)
               .values_list("procedure_id", "role_key"))
    allowed = bool(held) and bool(held & approval_roles({pk for pk, _ in held}))
    setattr(membership, _CACHED, allowed)
    return allowed


def evaluator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @member_required
    @wraps(view)
    def wrapper(request: OrgRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_evaluate(request.membership):
            raise Http404("Halaman tidak ditemukan.")
        return view(request, *args, **kwargs)

    return wrapper
