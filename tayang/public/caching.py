"""Caching of public pages: a rendered-page cache, ETags and conditional GET.

Every page of a site depends only on what the site shows, and all of that changes together:
whenever an article is published, changed, withdrawn or gets its web images, the site's
``generation`` (:class:`~tayang.public.models.SiteState`) goes up. So a page's cache key and its
ETag are the site's generation plus the address asked for (host, path, query). One indexed row
is read per request; then

* a client that already has this version gets ``304 Not Modified`` (``If-None-Match``, or
  ``If-Modified-Since`` against the last change), with no rendering at all;
* otherwise the page comes from Django's cache (``CACHES["default"]``: local memory by default,
  Redis in production — a settings change) or is rendered and stored there.

A withdrawn item is therefore gone from every page at the very next request. Browsers and
proxies may keep a page ``TAYANG_PUBLIC_MAX_AGE`` seconds (60 by default) without asking.
Pages never use the CSP nonce, the session or cookies, so a cached page is the same for
everybody and safe to share. That is also why a stored page can be answered before sessions,
sign-in, CSRF, the URL resolver and the view run at all
(:class:`tayang.public.fastpath.CachedPageMiddleware`), with the very same key and headers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from tayang.http.precompressed import pack, unpack
from tayang.public.sites import Site, resolve

# Raised when templates change in a way a cached page must not outlive (deploys usually clear
# the cache anyway).
PAGE_FORMAT = "4"
CACHE_SECONDS = 60 * 60
_UNCACHED_HEADERS = {"content-length", "etag", "cache-control", "set-cookie", "vary", "expires"}

type SiteView = Callable[..., HttpResponseBase]


def max_age() -> int:
    return int(getattr(settings, "TAYANG_PUBLIC_MAX_AGE", 60))


def public_page(view: SiteView) -> Callable[..., HttpResponseBase]:
    """Make ``view(request, site, **kwargs)`` a cached, conditional page of a site.

    The view runs in the organization's time zone and in Indonesian. Only ``200`` answers are
    stored; a 404 raised by the view is never cached.
    """

    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, org: str | None = None, **kwargs: Any) -> HttpResponseBase:
        site = resolve(request, org)
        key = page_key(site, request)
        # Weak: the page is sent brotli-, gzip- or un-compressed, the same page each time.
        etag = f'W/"{key[:32]}"'
        last_modified = int(site.changed_at.timestamp()) if site.changed_at else None
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = cached(key, request) or _render(view, request, site, key, kwargs)
        if response.status_code in (200, 304):
            conditional_headers(response, etag, last_modified)
        return response

    return wrapper


def page_key(site: Site, request: HttpRequest) -> str:
    return key_for(site.organization.pk, site.generation, site.changed_at, request)


def key_for(organization_id: int, generation: int, changed_at: datetime | None,
            request: HttpRequest) -> str:
    """The page cache key and ETag source of a request to a site in a given state."""
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    # The time of the last change as well as its number: a database restored from a backup (or
    # a test's rolled-back one) may count the same generations again, never at the same moment.
    changed = changed_at.isoformat() if changed_at else ""
    raw = "|".join([
        PAGE_FORMAT, str(organization_id), str(generation), changed,
        request.get_host(), request.path, query,
    ])
    return hashlib.sha256(raw.encode()).hexdigest()


def conditional_headers(response: HttpResponseBase, etag: str, last_modified: int | None
                        ) -> None:
    """The validators and lifetime every answer of a public page carries (200 and 304)."""
    patch_vary_headers(response, ("Accept-Encoding",))
    response.headers["ETag"] = etag
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)
    response.headers["Cache-Control"] = f"public, max-age={max_age()}"


def cached(key: str, request: HttpRequest) -> HttpResponse | None:
    """The stored page for ``key``, if the page cache has it, compressed as the client
    accepts (tayang.http.precompressed)."""
    stored = cache.get(f"public:page:{key}")
    if stored is None:
        return None
    response = unpack(stored["bodies"], request)  # compressed as the client accepts
    for name, value in stored["headers"]:
        response.headers[name] = value
    return response


def _render(
    view: SiteView, request: HttpRequest, site: Site, key: str, kwargs: dict[str, Any]
) -> HttpResponseBase:
    with timezone.override(site.organization.zone), translation.override("id"):
        response = view(request, site, **kwargs)
        render = getattr(response, "render", None)
        if callable(render) and not getattr(response, "is_rendered", True):
            render()
    if (response.status_code == 200 and not response.streaming and request.method == "GET"
            and not isinstance(caches["default"], DummyCache)):  # keeps nothing: not fed
        headers = [(name, value) for name, value in response.headers.items()
                   if name.lower() not in _UNCACHED_HEADERS]
        # Stored compressed, once (tayang.http.precompressed), not compressed per request.
        bodies = pack(response.content, response.get("Content-Type", ""))
        cache.set(f"public:page:{key}", {"bodies": bodies, "headers": headers}, CACHE_SECONDS)
    return response
