"""Serving an organization's public site on its own host name.

When the request's host (without port, and without a leading ``www.``) is an organization's
``hostname``, the request is routed with :mod:`tayang.public.host_urls`: the site's pages sit at
the root (``/``, ``/berita/…``, ``/sitemap.xml``) and nothing else of Tayang — no workspace, no
sign-in, no admin — is reachable on that host. Any other host gets Tayang's usual URLs, where
every site is also reachable under ``/situs/<org>/``.

The host name must also be listed in ``TAYANG_ALLOWED_HOSTS`` (Django refuses unknown hosts
before this runs). The table of host names is cached for a minute and dropped whenever an
organization is saved, so a new host name works at once on the process that saved it and
within a minute on the others. Each process also keeps the table it read for five seconds
(the others may then take a minute and five seconds): every request asks for it, and a round
trip to Redis (or, with no shared cache, a query) per request was a tenth of an uncached
article's time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from tayang.orgs.models import Organization
from tayang.public.sites import HOST_URLCONF

_CACHE_KEY = "public:hostnames:v1"
_CACHE_SECONDS = 60
_PROCESS_SECONDS = 5  # on top of the shared cache's minute, for the other processes

_local: tuple[float, dict[str, int]] | None = None  # (read at, table), this process's


class SiteHostMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        organization_id = organization_for_host(request.get_host())
        if organization_id is not None:
            request.urlconf = HOST_URLCONF  # type: ignore[attr-defined]
            request.public_organization_id = organization_id  # type: ignore[attr-defined]
        return self.get_response(request)


def organization_for_host(host: str) -> int | None:
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    name = name.strip().rstrip(".").lower()
    table = hostnames()
    if name in table:
        return table[name]
    return table.get(name.removeprefix("www.")) if name.startswith("www.") else None


def hostnames() -> dict[str, int]:
    """``{host name: organization id}`` of every organization with a public host name."""
    global _local
    now = time.monotonic()
    if _local is not None and now - _local[0] < _PROCESS_SECONDS:
        return _local[1]
    table = _shared()
    _local = (now, table)
    return table


def _shared() -> dict[str, int]:
    table = cache.get(_CACHE_KEY)
    if table is None:
        table = {
            hostname.strip().rstrip(".").lower(): pk
            for pk, hostname in Organization.objects.exclude(hostname="").values_list(
                "pk", "hostname"
            )
        }
        cache.set(_CACHE_KEY, table, _CACHE_SECONDS)
    return table


def forget_hostnames() -> None:
    """Drop the cached table (an organization was saved or deleted)."""
    global _local
    _local = None
    cache.delete(_CACHE_KEY)
