"""Handed-in files, served only to members of the organization that holds them.

Media are not under a public URL: until an item is published, its photos are internal records.
Files answer byte ranges (a reviewer can seek in a handed-in video) and are streamed from the
storage (:mod:`tayang.http.ranges`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from tayang.http.ranges import file_response
from tayang.media.models import MediaAsset
from tayang.workspace.access import OrgRequest, member_required


@member_required
def asset(request: OrgRequest, pk: int, variant: str = "asli") -> HttpResponseBase:
    if variant not in ("asli", "kecil"):
        raise Http404("Varian berkas tidak dikenal.")
    found = get_object_or_404(MediaAsset, pk=pk, organization=request.organization)
    return asset_response(request, found, variant)


def asset_response(request: HttpRequest, found: MediaAsset, variant: str) -> HttpResponseBase:
    """The stored file (``asli``) or its thumbnail (``kecil``) of an asset already allowed
    (a member's here; the decision-link page serves its item's files the same way)."""
    etag = f'"{found.sha256[:40]}-{variant}"'
    if variant == "kecil":
        if not found.thumbnail:
            raise Http404("Tidak ada gambar kecil.")
        response = file_response(request, found.thumbnail, content_type="image/jpeg", etag=etag)
    else:
        response = file_response(
            request, found.file, content_type=found.content_type, etag=etag, size=found.size,
            filename=found.original_name,
            attachment=found.kind == MediaAsset.Kind.DOCUMENT,
        )
    # Immutable: a stored file never changes (its name is its content hash).
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
