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
from datetime import UTC, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.dateparse import parse_datetime
from django.utils.timezone import make_aware

from tayang.orgs.models import Organization
from tayang.public import statements
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


_STATE = (
    "SELECT o.id, s.generation, s.changed_at FROM orgs_organization o "
    "LEFT JOIN public_sitestate s ON s.organization_id = o.id WHERE o.{} = %s"
)
_STATES = {column: _STATE.format(column) for column in ("id", "slug")}
_STASH = "_public_site_state"  # where the page-cache fast path leaves the state it read
_ORGANIZATIONS = 256  # organizations kept per process (a province has dozens)

type State = tuple[int, int, datetime | None]  # organization id, generation, last change

# Organizations as their site showed them at one state of the site: every change to what a
# site shows, the organization's profile included, raises its generation (the page cache's
# own rule), so the same state means the same organization. Read, never changed, by views.
_known: dict[State, Organization] = {}


def site_state(column: str, value: int | str) -> State | None:
    """The organization (by ``id`` or ``slug``) and its site's state; None if there is none.
    One indexed row, no ORM, prepared on PostgreSQL: read for every public request (the cache
    key and ETag)."""
    found = statements.rows(_STATES[column], [value])
    if not found:
        return None
    organization_id, generation, changed_at = found[0]
    if isinstance(changed_at, str):  # SQLite hands back text
        changed_at = parse_datetime(changed_at)
    if changed_at is not None and changed_at.tzinfo is None:
        changed_at = make_aware(changed_at, UTC)
    return organization_id, generation or 0, changed_at


def remember_state(request: HttpRequest, where: tuple[str, int | str], state: State) -> None:
    """Keep the state read for this request, for :func:`resolve` when the page is rendered."""
    setattr(request, _STASH, (where, state))


def resolve(request: HttpRequest, org: str | None) -> Site:
    """The site of the request's host name, else of the ``org`` in the path; 404 if neither."""
    host_org = getattr(request, "public_organization_id", None)
    where: tuple[str, int | str] | None = (
        ("id", host_org) if host_org is not None else ("slug", org) if org else None
    )
    if where is None:
        raise Http404("Situs tidak ditemukan.")
    stashed = getattr(request, _STASH, None)
    state = stashed[1] if stashed is not None and stashed[0] == where else site_state(*where)
    found = _organization(state) if state is not None else None
    if state is None or found is None:
        raise Http404("Situs tidak ditemukan.")
    return Site(
        organization=found,
        by_host=host_org is not None,
        generation=state[1],
        changed_at=state[2],
        request=request,
    )


def _organization(state: State) -> Organization | None:
    known = _known.get(state)
    if known is not None:
        return known
    found = Organization.objects.filter(pk=state[0]).first()
    # A site never changed has no moment to tell it from another database's (a test's, a
    # restored one's) with the same ids: not remembered.
    if found is not None and state[2] is not None:
        if len(_known) >= _ORGANIZATIONS:
            _known.clear()
        _known[state] = found
    return found
