"""The start page and the read-only view of the bundled SOP definitions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from tayang.orgs.invitations import open_for
from tayang.sop.bundled import bundled_sha256, bundled_sops
from tayang.sop.document.content import default_footer
from tayang.sop.model import Sop
from tayang.web.document import document_page, document_pdf, pdf_filename


def home(request: HttpRequest) -> HttpResponse:
    memberships = (
        request.user.memberships.filter(is_active=True).select_related("organization")
        if request.user.is_authenticated
        else []
    )
    return render(request, "web/home.html", {
        "sops": list(bundled_sops().values()), "memberships": memberships,
        "invitations": open_for(request.user) if request.user.is_authenticated else [],
    })


def procedures(request: HttpRequest) -> HttpResponse:
    return render(request, "web/sop_list.html", {"sops": list(bundled_sops().values())})


def procedure(request: HttpRequest, key: str) -> HttpResponse:
    sop = _bundled(key)
    return render(request, "web/sop_detail.html", {"sop": sop})


def procedure_document(request: HttpRequest, key: str) -> HttpResponse:
    """The SOP document (Permenpan-RB 35/2012 layout) of a bundled SOP, as a web page."""
    sop = _bundled(key)
    return document_page(
        request, sop, template="web/sop_document.html", footer=_footer(sop),
        pdf_url=reverse("sop-document-pdf", kwargs={"key": key}),
        back_url=reverse("sop-detail", kwargs={"key": key}),
    )


@require_safe
def procedure_document_pdf(request: HttpRequest, key: str) -> HttpResponseBase:
    sop = _bundled(key)  # only the bundled SOPs' keys name a stored PDF
    return document_pdf(request, sop, slot=f"bawaan/{key}", source_sha256=bundled_sha256()[key],
                        footer=_footer(sop), filename=pdf_filename(key), private=False)


def _bundled(key: str) -> Sop:
    sop = bundled_sops().get(key)
    if sop is None:
        raise Http404("SOP tidak ditemukan")
    return sop


def _footer(sop: Sop) -> str:
    return f"{default_footer(sop)} (SOP bawaan Tayang)"


@login_required
def workspaces(request: HttpRequest) -> HttpResponse:
    """Where sign-in lands: the workspace of one's only organization, or a choice among them."""
    memberships = list(
        request.user.memberships.filter(is_active=True).select_related("organization")
        .order_by("organization__name")
    )
    invitations = open_for(request.user)
    if len(memberships) == 1 and not invitations:
        return redirect("workspace:inbox", org=memberships[0].organization.slug)
    return render(request, "web/workspaces.html", {
        "memberships": memberships, "invitations": invitations,
    })
