"""The inbox: what waits for me, most urgent first, and where my own hand-ins are now."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tayang.engine.state import ACTIVE
from tayang.items.models import Item
from tayang.items.scheduling import scheduled_creator
from tayang.procedures.definitions import newest_versions, sops_by_version
from tayang.procedures.models import Procedure, RoleGrant
from tayang.sop.model import Sop, StepKind
from tayang.workspace.access import OrgRequest, member_required
from tayang.workspace.edit_page import sent_back_responses
from tayang.workspace.inbox_rows import MINE_COLUMNS, WAITING_COLUMNS, mine_row, waiting_row

PAGE_SIZE = 50


@member_required
def inbox(request: OrgRequest) -> HttpResponse:
    procedures = list(request.organization.procedures.filter(is_active=True))
    grants = _grants(request)
    # The SOPs of the current versions, and below of the rows' (mostly the same versions):
    # one read of their hashes for both when no row follows an older version.
    newest = newest_versions({procedure.pk for procedure in procedures})
    sops = sops_by_version(set(newest.values()))
    current = {procedure_id: sops[version_id] for procedure_id, version_id in newest.items()}
    waiting_filter = _waiting_filter(request, procedures, grants, current)
    # Lists show no content: ``values`` (kilobytes a row) is never read, and each row's SOP
    # comes from the few versions involved (sops_by_version), not one definition text a row.
    waiting = (
        Item.objects.filter(organization=request.organization, status__in=list(ACTIVE))
        .filter(waiting_filter)
        .order_by(F("due_limit").asc(nulls_last=True), "step_entered_at", "pk")
        .values(*WAITING_COLUMNS)
        if waiting_filter is not None
        else Item.objects.none()
    )
    # "Terlambat" only: past the step's limit (due_limit is indexed).
    overdue_only = request.GET.get("terlambat") == "1"
    if overdue_only:
        waiting = waiting.filter(due_limit__lte=timezone.now())
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("hal"))
    mine = list(
        Item.objects.filter(organization=request.organization, created_by=request.user)
        .order_by("-created_at").values(*MINE_COLUMNS)[:20]
    )
    shown = list(page)
    if older := {item["procedure_version_id"] for item in [*shown, *mine]} - sops.keys():
        sops |= sops_by_version(older)
    now = timezone.now()
    # Why an item came back, in the row itself: the person sees what to fix before opening it.
    returned = sent_back_responses([*shown, *mine])
    org = request.organization
    return render(request, "workspace/inbox.html", {
        "waiting": [waiting_row(item, sops[item["procedure_version_id"]], now, org,
                                request.user.pk, returned.get(item["pk"])) for item in shown],
        "page": page,
        "mine": [mine_row(item, sops[item["procedure_version_id"]], org, returned.get(item["pk"]))
                 for item in mine],
        "can_create": _creatable(procedures, grants, current),
        "overdue_only": overdue_only,
        "nav": "inbox",
    })


def _grants(request: OrgRequest) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    for procedure_id, role in RoleGrant.objects.filter(membership=request.membership).values_list(
        "procedure_id", "role_key"
    ):
        roles.setdefault(procedure_id, set()).add(role)
    return roles


def _waiting_filter(request: OrgRequest, procedures: list[Procedure],
                    grants: dict[int, set[str]], current: dict[int, Sop]) -> Q | None:
    """Items at a step one of my roles does. Drafts and returns at the first steps wait for
    their author only (a draft the schedule started waits for every holder of the role); any
    holder of the role can still open them from the register."""
    condition: Q | None = None
    for procedure in procedures:
        roles = grants.get(procedure.pk, set())
        if not roles:
            continue
        sop = current[procedure.pk]
        shared = [s.key for s in sop.steps if set(s.roles) & roles
                  and s.kind not in (StepKind.WORK, StepKind.HANDIN)]
        personal = [s.key for s in sop.steps if set(s.roles) & roles
                    and s.kind in (StepKind.WORK, StepKind.HANDIN)]
        clause = Q(procedure=procedure, step__in=shared) | Q(
            procedure=procedure, step__in=personal, created_by=request.user
        ) | Q(
            # A draft the schedule started waits for every holder of the role.
            procedure=procedure, step__in=personal, created_by_id=scheduled_creator()
        )
        condition = clause if condition is None else condition | clause
    return condition


def _creatable(procedures: list[Procedure], grants: dict[int, set[str]],
               current: dict[int, Sop]) -> list[Procedure]:
    return [
        procedure for procedure in procedures
        if set(current[procedure.pk].first_step.roles) & grants.get(procedure.pk, set())
    ]

