"""Which organization's site a request is for, and the addresses of its pages.

A site is reached two ways: by path on Tayang's own host (``/situs/<org>/…``, the root URLconf)
or on the organization's own host name (``https://dinsos.jogjaprov.go.id/…``), which
:class:`~tayang.public.middleware.SiteHostMiddleware` routes to :mod:`tayang.public.host_urls`.
The page patterns are the same module in both (:mod:`tayang.public.urls`); only the ``org``
argument differs, so every link is made with :meth:`Site.url` (``{% site_url %}`` in
templates), which knows which of the two the visitor is on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest

from tayang.orgs.models import Organization
from tayang.public.addresses import HOST_URLCONF, canonical_url, site_path

__all__ = ["HOST_URLCONF", "Site", "canonical_url", "resolve", "site_path"]


@dataclass(frozen=True)
class Site:
    """An organization's public site as one request sees it."""

    organization: Organization
    by_host: bool
    generation: int
    changed_at: datetime | None
    request: HttpRequest

    @property
    def name(self) -> str:
        return self.organization.name

    def url(self, name: str, **kwargs: Any) -> str:
        """The path of a page of this site, as the visitor reaches it (by path or by host)."""
        return site_path(self.organization, name, by_host=self.by_host, **kwargs)

    def absolute(self, name: str, **kwargs: Any) -> str:
        return self.request.build_absolute_uri(self.url(name, **kwargs))

    def canonical(self, name: str, **kwargs: Any) -> str:
        """The one address search engines, feeds and shared links use for a page
        (:mod:`tayang.public.addresses`), whichever way this request came in."""
        return canonical_url(self.organization, name, **kwargs)


def resolve(request: HttpRequest, org: str | None) -> Site:
    """The site of the request's host name, else of the ``org`` in the path; 404 if neither."""
    organizations = Organization.objects.select_related("public_state")
    host_org = getattr(request, "public_organization_id", None)
    found = (
        organizations.filter(pk=host_org).first() if host_org is not None
        else organizations.filter(slug=org).first() if org else None
    )
    if found is None:
        raise Http404("Situs tidak ditemukan.")
    state = getattr(found, "public_state", None)
    return Site(
        organization=found,
        by_host=host_org is not None,
        generation=state.generation if state else 0,
        changed_at=state.changed_at if state else None,
        request=request,
    )
