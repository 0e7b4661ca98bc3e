"""The SOP document of an SOP the organization runs, for its members: page and PDF.

Printed from the exact version the organization holds (the current one, or ``?versi=N`` for an
earlier one that items may still follow), with the version and its hash in the footer, so that
a printed copy can always be traced back to the definition it came from.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from tayang.procedures.logo import logo_of
from tayang.procedures.models import Procedure, ProcedureVersion
from tayang.web.document import document_page, document_pdf, pdf_filename
from tayang.workspace.access import OrgRequest, member_required


@member_required
def page(request: OrgRequest, procedure: str) -> HttpResponse:
    proc, version = _version(request, procedure)
    org = request.organization.slug
    pdf_url = reverse("workspace:procedure-document-pdf", kwargs={"org": org,
                                                                  "procedure": proc.key})
    if "versi" in request.GET:
        pdf_url += f"?versi={version.number}"
    back_url = (
        reverse("workspace:manage-procedure", kwargs={"org": org, "procedure": proc.key})
        if request.membership.is_admin else reverse("workspace:inbox", kwargs={"org": org})
    )
    return document_page(
        request, version.sop, template="workspace/sop_document.html", footer=_footer(version),
        pdf_url=pdf_url, back_url=back_url,
        context={"procedure": proc, "version": version, "nav": ""},
        logo=logo_of(version.logo or request.organization.logo),  # the SOP's own, else the kop's
    )


@member_required
@require_safe
def pdf(request: OrgRequest, procedure: str) -> HttpResponseBase:
    proc, version = _version(request, procedure)
    asset = version.logo or request.organization.logo  # the SOP's own, else the kop's
    return document_pdf(
        request, version.sop, slot=f"versi/{version.pk}", source_sha256=version.sha256,
        footer=_footer(version),
        filename=pdf_filename(slugify(version.sop.identity.name) or proc.key, version.number),
        logo_sha256=asset.sha256 if asset else "", load_logo=lambda: logo_of(asset),
        private=True,
    )


def _version(request: OrgRequest, key: str) -> tuple[Procedure, ProcedureVersion]:
    proc = get_object_or_404(request.organization.procedures, key=key)
    number = request.GET.get("versi")
    if number is None:
        return proc, proc.current
    if not number.isdigit():
        raise Http404("Versi SOP tidak ditemukan.")
    return proc, get_object_or_404(proc.versions, number=int(number))


def _footer(version: ProcedureVersion) -> str:
    # Named by its own name, not its key: an adopted SOP keeps the key of the bundled
    # definition it came from (e.g. "gunungkidul-…"), which is no part of this agency's SOP.
    procedure = version.procedure
    return (
        f"Disusun Tayang dari definisi SOP «{version.sop.identity.name}» versi "
        f"{version.number} (SHA-256 {version.sha256[:12]}), {procedure.organization.name}"
    )
