"""``/verifikasi/<code>/``: whether a printed record still says what Tayang holds.

Open to everybody, without signing in (the QR code on the paper leads here), never indexed
and never cached: the answer is recomputed from the current content on every visit
(:mod:`tayang.records.verification`). A code that does not exist — or belongs to another
organization's site — gets the same 404, so codes cannot be tried out across sites.

Served on the organization's public site (its own host, or ``/situs/<org>/``), which is the
address the QR code carries, and at Tayang's root for a code read off older paper.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tayang.public.sites import Site, resolve
from tayang.records.models import IssuedRecord
from tayang.records.typesetting import long_date
from tayang.records.verification import current_hash

_CODE_MAX = 32


@require_safe
def verification(request: HttpRequest, code: str, org: str | None = None) -> HttpResponse:
    site = resolve(request, org)
    return _page(request, site, _record(code, organization_id=site.organization.pk))


@require_safe
def verification_anywhere(request: HttpRequest, code: str) -> HttpResponse:
    """The same page at Tayang's root: the organization comes from the code."""
    record = _record(code)
    site = Site(organization=record.organization, by_host=False, generation=0, changed_at=None,
                request=request)
    return _page(request, site, record)


def _record(code: str, organization_id: int | None = None) -> IssuedRecord:
    if len(code) > _CODE_MAX:
        raise Http404("Kode verifikasi tidak ditemukan.")
    found = IssuedRecord.objects.select_related("organization").filter(code=code)
    if organization_id is not None:
        found = found.filter(organization_id=organization_id)
    record = found.first()
    if record is None:
        raise Http404("Kode verifikasi tidak ditemukan.")
    return record


def _page(request: HttpRequest, site: Site, record: IssuedRecord) -> HttpResponse:
    now = current_hash(record)
    state = "gone" if now is None else ("same" if now == record.content_hash else "changed")
    response = render(request, "public/verification.html", {
        "site": site, "record": record, "state": state, "current_hash": now,
        "issued_on": long_date(record.issued_on),
        "meta": {"title": "Verifikasi naskah", "robots": "noindex, nofollow"},
    })
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"  # the code is the key: never pass it on
    return response
