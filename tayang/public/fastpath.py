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

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers

from tayang.public.caching import cached, conditional_headers, key_for
from tayang.public.sites import remember_state, site_state

PREFIX = "/situs/"


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
    state = site_state(*where)
    if state is None:
        return None  # no such site: the view answers 404
    remember_state(request, where, state)  # a miss renders the page: not read twice
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
