"""Downloads of the records of issue 6: register exports, response letters, approval records
and an item's dossier. Members only, like every workspace page; nothing here writes.

A register export of many rows, or a dossier of heavy files, is not made here: the page
offers to make it in the background instead (``tayang.exports``, docs/records.md).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from tayang.exports.files import (
    CONTENT_TYPES,
    REGISTER_FORMATS,
    Made,
    dossier_file,
    export_query,
    register_count,
    register_file,
)
from tayang.exports.limits import dossier_in_background, register_in_background
from tayang.numerals import thousands
from tayang.records.approvals import approval_pdf, approval_record, issue_verification
from tayang.records.dossier import media_size
from tayang.records.letters import response_pdf
from tayang.workspace.access import OrgRequest, item_in, member_required

EXPORT_TYPES = {fmt: CONTENT_TYPES[fmt] for fmt in REGISTER_FORMATS}


def _download(data: bytes, content_type: str, filename: str, *, inline: bool = False
              ) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _made(made: Made) -> HttpResponse:
    return _download(made.data, made.content_type, made.filename)


@member_required
def register_export(request: OrgRequest, fmt: str) -> HttpResponse:
    """The register page's rows (same filters, every page) as CSV, XLSX or PDF; above
    ``TAYANG_EXPORT_INLINE_ROWS`` rows, a page that offers to make it in the background."""
    if fmt not in EXPORT_TYPES:
        raise Http404("Format tidak dikenal.")
    org = request.organization
    query = export_query(request.GET)
    count = register_count(org, query)
    if register_in_background(count):
        start = reverse("workspace:register-export-start", kwargs={"org": org.slug})
        return render(request, "workspace/exports/offer.html", {
            "action": f"{start}?{query.urlencode()}" if query else start,
            "format": fmt, "what": f"Register ({fmt.upper()})",
            "why": f"Register ini memuat {thousands(count)} konten.",
            "back": reverse("workspace:register", kwargs={"org": org.slug}),
            "nav": "register",
        })
    return _made(register_file(org, query, fmt, now=timezone.now()))


@member_required
def response_letter(request: OrgRequest, pk: int, response: int) -> HttpResponse:
    item = item_in(request, pk)
    written = get_object_or_404(item.responses.select_related("author"), pk=response)
    data = response_pdf(written, now=timezone.now())
    return _download(data, "application/pdf", f"tanggapan-{written.pk}.pdf", inline=True)


@member_required
def approval_page(request: OrgRequest, pk: int, approval: int) -> HttpResponse:
    item = item_in(request, pk)
    record = approval_record(get_object_or_404(item.approvals.select_related("approver"),
                                               pk=approval))
    return render(request, "workspace/approval.html", {"item": item, "record": record})


@member_required
def approval_record_pdf(request: OrgRequest, pk: int, approval: int) -> HttpResponse:
    item = item_in(request, pk)
    record = approval_record(get_object_or_404(item.approvals.select_related("approver"),
                                               pk=approval))
    now = timezone.now()
    issued = issue_verification(record, today=now.astimezone(request.organization.zone).date(),
                                user=request.user)
    data = approval_pdf(record, now=now, issued=issued)
    return _download(data, "application/pdf", f"persetujuan-{approval}.pdf", inline=True)


@member_required
def dossier(request: OrgRequest, pk: int) -> HttpResponse:
    """The item's dossier ZIP; when its files are heavy, a page that offers to make it in the
    background (the item page's link stays the same either way)."""
    item = item_in(request, pk)
    if dossier_in_background(item):
        org = request.organization
        return render(request, "workspace/exports/offer.html", {
            "action": reverse("workspace:item-dossier-start", kwargs={"org": org.slug,
                                                                      "pk": item.pk}),
            "what": f"Berkas lengkap {item.register_code or item.title}",
            "why": f"Berkas unggahan konten ini berukuran {filesizeformat(media_size(item))}.",
            "back": reverse("workspace:item", kwargs={"org": org.slug, "pk": item.pk}),
        })
    return _made(dossier_file(item, now=timezone.now()))
