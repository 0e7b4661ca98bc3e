"""``/robots.txt``: what crawlers may read, and where each site's sitemap is.

On an organization's own host name it names that site's sitemap. On Tayang's own host it names
the sitemap of every site served there by path (``/situs/<org>/``, organizations without a
host name of their own — the others are named on their own host), and keeps crawlers out of
the workspace, sign-in and admin. Search result pages are left out everywhere: endless
combinations of the same articles, already marked ``noindex``. Sitemap addresses are the
canonical ones (:mod:`tayang.public.addresses`), like the sitemaps' contents.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from tayang.orgs.models import Organization
from tayang.public.addresses import canonical_url
from tayang.public.sites import resolve

MAX_AGE = 24 * 60 * 60
PRIVATE_PATHS = ("/kerja/", "/admin/", "/masuk/", "/keluar/")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    if getattr(request, "public_organization_id", None) is not None:
        site = resolve(request, None)
        lines = ["User-agent: *", "Allow: /", "Disallow: /cari/", "",
                 f"Sitemap: {site.canonical('public:sitemap')}"]
    else:
        by_path = Organization.objects.filter(hostname="").order_by("slug")
        lines = [
            "User-agent: *", "Allow: /",
            *(f"Disallow: {path}" for path in PRIVATE_PATHS),
            "Disallow: /situs/*/cari/", "",
            *(f"Sitemap: {canonical_url(org, 'public:sitemap')}" for org in by_path),
        ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
