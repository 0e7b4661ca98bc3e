"""``/robots.txt`` on an organization's own host name: everything may be read; the sitemap."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from tayang.public.sites import resolve


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    site = resolve(request, None)
    sitemap = site.request.build_absolute_uri(site.url("public:sitemap"))
    response = HttpResponse(
        f"User-agent: *\nAllow: /\nSitemap: {sitemap}\n", content_type="text/plain; charset=utf-8"
    )
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
