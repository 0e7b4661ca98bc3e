"""Answering a stored public page before the rest of Django runs.

A public page's cache key and ETag depend only on the site's state row (generation and time
of the last change) and the address (:func:`tayang.public.caching.key_for`). So this
middleware, placed right after the security, host and CSP middleware, reads that one row
and answers ``304 Not Modified`` or the stored page itself: no session, no sign-in, no CSRF,
no URL resolving, no view, no template. On a miss it lets the request through, where
:func:`~tayang.public.caching.public_page` renders and stores the page as before. Semantics
do not change: a withdrawal raises the generation, so the next request misses here too.

Only GET and HEAD under ``/situs/<org>/`` (or any path on an organization's own host name)
are looked at, never a file (``berkas/``, served by its own view with its own validators).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC as _UTC

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.timezone import make_aware

from tayang.public.caching import cached, conditional_headers, key_for

PREFIX = "/situs/"
_STATE = (
    "SELECT o.id, s.generation, s.changed_at FROM orgs_organization o "
    "LEFT JOIN public_sitestate s ON s.organization_id = o.id WHERE o.{} = %s"
)


class CachedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("GET", "HEAD"):
            answer = stored_answer(request)
            if answer is not None:
                return answer
        return self.get_response(request)


def stored_answer(request: HttpRequest) -> HttpResponseBase | None:
    """A 304 or the stored page for a public page request; None to let it through."""
    where = _site_of(request)
    if where is None:
        return None
    state = _state(*where)
    if state is None:
        return None  # no such site: the view answers 404
    organization_id, generation, changed_at = state
    key = key_for(organization_id, generation, changed_at, request)
    # Weak, as public_page's: the page is sent brotli-, gzip- or un-compressed.
    etag = f'W/"{key[:32]}"'
    last_modified = int(changed_at.timestamp()) if changed_at else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = cached(key, request)
        if response is None:
            return None
    conditional_headers(response, etag, last_modified)
    # What the middleware after this one would add to the same page answered the long way.
    patch_vary_headers(response, ("Accept-Language",))
    response.headers.setdefault("Content-Language", "id")
    response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    return response


def _site_of(request: HttpRequest) -> tuple[str, int | str] | None:
    host_org = getattr(request, "public_organization_id", None)
    path = request.path_info
    if host_org is not None:
        return None if path.startswith("/berkas/") else ("id", host_org)
    if not path.startswith(PREFIX):
        return None
    slug, _, rest = path[len(PREFIX):].partition("/")
    if not slug or rest.startswith("berkas/"):
        return None
    return "slug", slug


def _state(column: str, value: int | str) -> tuple[int, int, object] | None:
    with connection.cursor() as cursor:
        cursor.execute(_STATE.format(column), [value])
        row = cursor.fetchone()
    if row is None:
        return None
    organization_id, generation, changed_at = row
    if isinstance(changed_at, str):  # SQLite hands back text
        changed_at = parse_datetime(changed_at)
    if changed_at is not None and changed_at.tzinfo is None:
        changed_at = make_aware(changed_at, _UTC)
    return organization_id, generation or 0, changed_at
