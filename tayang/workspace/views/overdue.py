"""*Terlambat*: every overdue item of the organization on one page, for its admins, with who
holds it (the person who took it, the author of a draft, or the holders of the step's role)
and how late it is. Filtered on ``due_limit``, which is indexed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tayang.engine.state import ACTIVE
from tayang.items.models import Item
from tayang.items.taking import person_name
from tayang.orgs.models import Organization
from tayang.parties.models import PartyGrant
from tayang.procedures.models import RoleGrant
from tayang.sop.model import Step, StepKind
from tayang.workspace.access import OrgRequest, admin_required
from tayang.workspace.dates import deadline_text, local_text
from tayang.workspace.time_left import time_left

PAGE_SIZE = 50

type Holders = dict[tuple[int, str], list[str]]


@dataclass(frozen=True)
class OverdueRow:
    item: Item
    step: Step
    late: str  # "terlambat 1 hari 3 jam"
    limit: str  # the limit in the organization's zone
    held_by: str  # who has it, in words
    taken: bool


@admin_required
def overdue(request: OrgRequest) -> HttpResponse:
    org = request.organization
    now = timezone.now()
    items = (
        Item.objects.filter(organization=org, status__in=list(ACTIVE), due_limit__lte=now)
        .select_related("procedure_version", "taken_by", "created_by", "unit")
        .order_by("due_limit", "pk")
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("hal"))
    holders = _role_holders(org, {item.procedure_id for item in page})
    return render(request, "workspace/overdue.html", {
        "rows": [_row(item, holders, now, org) for item in page],
        "page": page,
        "nav": "overdue",
    })


def _row(item: Item, holders: Holders, now: datetime, org: Organization) -> OverdueRow:
    sop = item.procedure_version.sop
    step = sop.step(item.step)
    if item.taken_by is not None:
        held_by = f"Ditangani {person_name(item.taken_by)} sejak {local_text(item.taken_at, org)}"
    elif step.party is not None:
        offices = holders.get((item.procedure_id, step.party), [])
        party = sop.role(step.party).name
        held_by = (f"Pihak luar {party}: {', '.join(offices)}" if offices
                   else f"Pihak luar {party}: belum ada kantor yang mengisinya (Kelola › Pihak "
                        "luar)")
    elif step.kind in (StepKind.WORK, StepKind.HANDIN):
        held_by = f"Pembuat: {person_name(item.created_by)}"
    else:
        names = sorted({name for role in step.roles
                        for name in holders.get((item.procedure_id, role), [])})
        roles = ", ".join(sop.role(key).name for key in step.roles)
        held_by = (f"{roles}: {', '.join(names)}" if names
                   else f"{roles}: belum ada anggota yang memegang peran ini")
    return OverdueRow(
        item, step, time_left(item.due_target, item.due_limit, now).text,
        deadline_text(item.due_limit, org.zone_abbreviation, org.zone), held_by,
        item.taken_by is not None,
    )


def _role_holders(org: Organization, procedure_ids: set[int]) -> Holders:
    """The active members holding each role of the procedures, by (procedure, role)."""
    found: Holders = {}
    grants = RoleGrant.objects.filter(
        procedure_id__in=procedure_ids, membership__organization=org,
        membership__is_active=True, membership__user__is_active=True,
    ).select_related("membership__user")
    for grant in grants:
        found.setdefault((grant.procedure_id, grant.role_key), []).append(
            person_name(grant.membership.user)
        )
    # The offices filling each outside party (their keys never clash with role keys).
    for party_grant in PartyGrant.objects.filter(
        procedure_id__in=procedure_ids, party__organization=org, party__is_active=True,
    ).select_related("party"):
        found.setdefault((party_grant.procedure_id, party_grant.party_key), []).append(
            party_grant.party.display_name
        )
    return found
