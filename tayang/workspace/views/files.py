"""Handed-in files, served only to members of the organization that holds them.

Media are not under a public URL: until an item is published, its photos are internal records.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404

from tayang.media.models import MediaAsset
from tayang.workspace.access import OrgRequest, member_required


@member_required
def asset(request: OrgRequest, pk: int, variant: str = "asli") -> HttpResponse:
    if variant not in ("asli", "kecil"):
        raise Http404("Varian berkas tidak dikenal.")
    found = get_object_or_404(MediaAsset, pk=pk, organization=request.organization)
    return asset_response(found, variant)


def asset_response(found: MediaAsset, variant: str) -> HttpResponse:
    """The stored file (``asli``) or its thumbnail (``kecil``) of an asset already allowed."""
    if variant == "kecil":
        if not found.thumbnail:
            raise Http404("Tidak ada gambar kecil.")
        response = FileResponse(found.thumbnail.open("rb"), content_type="image/jpeg")
    else:
        response = FileResponse(
            found.file.open("rb"), content_type=found.content_type,
            as_attachment=found.kind == MediaAsset.Kind.DOCUMENT,
            filename=found.original_name,
        )
    # Immutable: a stored file never changes (its name is its content hash).
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
