"""*Kelola › Tautan keputusan*: the organization's admin unlocks locked PINs and revokes links.

A lock covers the person everywhere (the PIN is personal); any admin of an organization the
person belongs to may lift it. Links are listed and revoked for the organization's own items.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tayang.decisions import links, pins
from tayang.decisions.models import DecisionLink, DecisionPin
from tayang.workspace.access import OrgRequest, admin_required
from tayang.workspace.dates import local_text


@admin_required
def links_page(request: OrgRequest) -> HttpResponse:
    org = request.organization
    locked = (
        DecisionPin.objects.filter(locked_at__isnull=False, user__memberships__organization=org)
        .select_related("user").order_by("locked_at").distinct()
    )
    open_links = links.open_links().filter(item__organization=org).select_related(
        "item__procedure_version"
    )
    return render(request, "decisions/manage.html", {
        "nav": "manage",
        "locked": [(pin, local_text(pin.locked_at, org)) for pin in locked],
        "open_links": [
            (link, _step_text(link), local_text(link.created_at, org),
             local_text(link.expires_at, org))
            for link in open_links
        ],
        "max_failures": pins.MAX_FAILURES,
    })


@admin_required
@require_POST
def unlock(request: OrgRequest, user: int) -> HttpResponse:
    member = request.organization.memberships.filter(user_id=user).select_related("user").first()
    if member is None:
        raise Http404("Anggota tidak ditemukan.")
    name = member.user.get_full_name() or member.user.get_username()
    if pins.unlock(member.user_id, request.user):
        messages.success(request, f"Tautan keputusan {name} dibuka kembali. Tautan yang sudah "
                                  "dikirim dan masih berlaku dapat dipakai lagi.")
    else:
        messages.warning(request, f"Tautan keputusan {name} tidak sedang dikunci.")
    return redirect("decisions:manage", org=request.organization.slug)


@admin_required
@require_POST
def revoke(request: OrgRequest, pk: int) -> HttpResponse:
    chosen = DecisionLink.objects.filter(pk=pk, item__organization=request.organization)
    if not chosen.exists():
        raise Http404("Tautan tidak ditemukan.")
    if links.revoke(chosen, request.user):
        messages.success(request, "Tautan dicabut; tautan itu tidak dapat dipakai lagi.")
    else:
        messages.warning(request, "Tautan itu sudah tidak berlaku.")
    return redirect("decisions:manage", org=request.organization.slug)


def _step_text(link: DecisionLink) -> str:
    step = link.item.procedure_version.sop.step(link.step)
    return f"{step.number}. {step.activity}"
