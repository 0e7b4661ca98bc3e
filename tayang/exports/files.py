"""What each export makes: the same function whether it runs in the request or in a worker.

The download views call these for small exports and a worker calls them, with a progress
callable, for large ones (see :mod:`tayang.exports.tasks`); either way the bytes are the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import QueryDict

from tayang.items.models import Item
from tayang.orgs.models import Organization
from tayang.records import verification
from tayang.records.dossier import build_dossier, dossier_name
from tayang.records.models import IssuedRecord
from tayang.records.progress import Progress
from tayang.records.register import period_text, rows, to_csv, to_pdf, to_xlsx
from tayang.records.typesetting import verification_of
from tayang.workspace.views.register import PAGE_PARAMETERS, RegisterFilter, filtered_for

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "zip": "application/zip",
}
REGISTER_FORMATS = ("pdf", "xlsx", "csv")
MAX_POSITION = 120


@dataclass(frozen=True)
class Made:
    data: bytes
    filename: str
    content_type: str


class ExportError(Exception):
    """A failure the person can understand; its message (Indonesian) is shown on the job page."""


def export_query(query: QueryDict) -> QueryDict:
    """The filters (and ``jabatan``) of a register export: the page number is no filter."""
    kept = query.copy()
    for name in PAGE_PARAMETERS:
        kept.pop(name, None)
    return kept


def register_count(organization: Organization, query: QueryDict) -> int:
    items, _ = filtered_for(organization, query)
    return items.count()


def register_period(query: QueryDict) -> str:
    form = RegisterFilter(query)
    form.is_valid()
    params = form.cleaned_data
    return period_text(params.get("tahun"), params.get("dari"), params.get("sampai"))


def register_file(organization: Organization, query: QueryDict, fmt: str, *, now: datetime,
                  progress: Progress | None = None) -> Made:
    """The register page's rows (same filters, every page) as CSV, XLSX or PDF.

    ``jabatan`` names the official under "Mengetahui," on the PDF; by default the head of the
    organization, which is who signs the register in the seed SOPs' agencies.
    """
    if fmt not in REGISTER_FORMATS:
        raise ExportError("Format tidak dikenal.")
    items, _ = filtered_for(organization, query)
    period = register_period(query)
    register = rows(items, organization, progress=progress)
    filename = f"register-{organization.slug}.{fmt}"
    if fmt == "csv":
        data = to_csv(register)
    elif fmt == "xlsx":
        data = to_xlsx(register, organization, period)
    else:
        asked = (query.get("jabatan") or "").strip()[:MAX_POSITION]
        position = asked or organization.head_position or f"Kepala {organization.name}"
        # The head's name, rank and NIP when the head signs (the profile's position).
        head = not asked or asked == organization.head_position
        signer = verification.Signer(
            organization.head_name if head else "", position,
            organization.head_rank if head else "", organization.head_nip if head else "")
        issued = verification.issue(
            organization, IssuedRecord.Kind.REGISTER, verification.register_content(register),
            title=f"Register dokumentasi dan konten — {period}",
            issued_on=now.astimezone(organization.zone).date(),
            signer=signer, params=query.urlencode(),
        )
        data = to_pdf(register, organization, period, signer=signer, now=now,
                      verification=verification_of(issued))
    return Made(data, filename, CONTENT_TYPES[fmt])


def dossier_file(item: Item, *, now: datetime, progress: Progress | None = None) -> Made:
    return Made(build_dossier(item, now=now, progress=progress), dossier_name(item),
                CONTENT_TYPES["zip"])
