"""The 404 page of the public sites, in the site's own layout.

Tayang's other pages, and an address of an organization that does not exist, get Tayang's own
Indonesian page (tayang.web.errors), one answer for "does not exist" and "not yours".
"""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.template import loader
from django.utils import translation

from tayang.public.metadata import page_meta
from tayang.public.sites import resolve
from tayang.web.errors import not_found as page_not_found

_SITE_PATH = re.compile(r"^/situs/([-a-zA-Z0-9_]+)/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    by_host = getattr(request, "public_organization_id", None) is not None
    match = _SITE_PATH.match(request.path)
    if not by_host and match is None:
        return page_not_found(request, exception)
    try:
        site = resolve(request, match.group(1) if match else None)
    except Http404:
        return page_not_found(request, exception)
    with translation.override("id"):
        body = loader.render_to_string("public/404.html", {
            "site": site,
            "meta": page_meta("Halaman tidak ditemukan", "", "", robots="noindex"),
        }, request)
    return HttpResponseNotFound(body)
