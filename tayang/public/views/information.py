"""The public-information page: the agency's DIP (Perki 1/2021), and its documents.

Entries are listed by classification (*berkala*, *serta merta*, *setiap saat*); exempt
entries are never shown, offered or served. Periodic entries show when they were last updated.
The DIP app bumps the site's generation whenever an entry, decree or document changes, so the
cached page follows at once.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tayang.dip.models import Document
from tayang.dip.public import public_list
from tayang.public.caching import public_page
from tayang.public.metadata import page_meta
from tayang.public.sites import Site, resolve


@public_page
def information(request: HttpRequest, site: Site) -> HttpResponse:
    groups = public_list(site.organization)
    decree = site.organization.dip_decrees.first()
    return render(request, "public/information.html", {
        "site": site,
        "nav": "information",
        "groups": groups,
        "decree": decree,
        "meta": page_meta(
            "Informasi Publik", f"Daftar Informasi Publik {site.name}.",
            site.canonical("public:information"),
        ),
    })


@require_safe
def document(request: HttpRequest, pk: int, org: str | None = None) -> FileResponse:
    site = resolve(request, org)
    found = (
        Document.objects.select_related("entry")
        .filter(pk=pk, entry__organization=site.organization)
        .exclude(entry__classification="dikecualikan")
        .first()
    )
    if found is None:
        raise Http404("Dokumen tidak ditemukan.")
    response = FileResponse(found.file.open("rb"), content_type=found.content_type,
                            as_attachment=True,
                            filename=f"{found.entry.number}-{found.title}.{found.extension}")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
