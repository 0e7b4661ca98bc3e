"""Downloads of the records of issue 6: register exports, response letters, approval records
and an item's dossier. Members only, like every workspace page; nothing here writes."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tayang.records.approvals import approval_pdf, approval_record
from tayang.records.dossier import build_dossier, dossier_name
from tayang.records.letters import response_pdf
from tayang.records.register import period_text, rows, to_csv, to_pdf, to_xlsx
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.views.register import RegisterFilter, filtered

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
MAX_POSITION = 120


def _download(data: bytes, content_type: str, filename: str, *, inline: bool = False
              ) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
def register_export(request: OrgRequest, fmt: str) -> HttpResponse:
    """The register page's rows (same filters, every page) as CSV, XLSX or PDF.

    ``jabatan`` names the official under "Mengetahui," on the PDF; by default the head of the
    organization, which is who signs the register in the seed SOPs' agencies.
    """
    if fmt not in EXPORT_TYPES:
        raise Http404("Format tidak dikenal.")
    items, _ = filtered(request)
    org = request.organization
    form = RegisterFilter(request.GET)
    form.is_valid()
    params = form.cleaned_data
    period = period_text(params.get("tahun"), params.get("dari"), params.get("sampai"))
    register = rows(items, org)
    stem = f"register-{org.slug}"
    if fmt == "csv":
        return _download(to_csv(register), EXPORT_TYPES[fmt], f"{stem}.csv")
    if fmt == "xlsx":
        return _download(to_xlsx(register, org, period), EXPORT_TYPES[fmt], f"{stem}.xlsx")
    position = (request.GET.get("jabatan") or "").strip()[:MAX_POSITION] or f"Kepala {org.name}"
    data = to_pdf(register, org, period, position=position, now=timezone.now())
    return _download(data, EXPORT_TYPES["pdf"], f"{stem}.pdf")


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
    data = approval_pdf(record, now=timezone.now())
    return _download(data, "application/pdf", f"persetujuan-{approval}.pdf", inline=True)


@member_required
def dossier(request: OrgRequest, pk: int) -> HttpResponse:
    item = item_in(request, pk)
    return _download(build_dossier(item, now=timezone.now()), "application/zip",
                     dossier_name(item))
