"""Who sees the dashboard and the evaluation report: the organization's admins, its PPID, and
anyone holding a role that approves (a decision step's role) in one of its SOPs. Others get
the workspace's 404, as for any page that is not theirs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpResponse

from tayang.orgs.models import Membership
from tayang.procedures.definitions import current_sops, sop_for
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
    setattr(membership, _CACHED, allowed := _approves(membership))
    return allowed


def _approves(membership: Membership) -> bool:
    """One query: the member's roles with every version of their SOPs; the newest version's
    definition is then read from the process's cache of parsed SOPs (keyed by its hash)."""
    newest: dict[int, tuple[int, int, str]] = {}
    roles: set[tuple[int, str]] = set()
    for procedure, role, version, number, sha in RoleGrant.objects.filter(
            membership=membership).values_list(
            "procedure_id", "role_key", "procedure__versions__pk",
            "procedure__versions__number", "procedure__versions__sha256"):
        roles.add((procedure, role))
        if version is not None and (procedure not in newest or number > newest[procedure][0]):
            newest[procedure] = (number, version, sha)
    for procedure, (_, version, sha) in newest.items():
        sop = sop_for(version, sha)
        if any((procedure, role) in roles for step in sop.steps
               if step.kind is StepKind.DECISION for role in step.roles):
            return True
    return False


def evaluator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @member_required
    @wraps(view)
    def wrapper(request: OrgRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_evaluate(request.membership):
            raise Http404("Halaman tidak ditemukan.")
        return view(request, *args, **kwargs)

    return wrapper
