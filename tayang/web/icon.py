"""``/favicon.ico``: the icon browsers, feed readers and crawlers ask for at every host's root,
whatever a page names (a 404 there was logged on every first visit).

On Tayang's own host it is Tayang's icon (``static/tayang/favicon.ico``, drawn by
``scripts/favicon.py`` like ``icon.svg``). On an organization's own host name it is that
organization's logo when it has one (the site's ``logo.png``, which its pages also name as their
icon), Tayang's otherwise.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

ICON = Path(__file__).resolve().parent / "static" / "tayang" / "favicon.ico"
MAX_AGE = 7 * 24 * 60 * 60  # an unhashed name: a week, so a new icon reaches browsers


@cache
def _icon() -> tuple[bytes, str]:
    data = ICON.read_bytes()
    return data, f'"{hashlib.sha256(data).hexdigest()[:32]}"'


@require_safe
def favicon(request: HttpRequest) -> HttpResponseBase:
    if getattr(request, "public_organization_id", None) is not None:
        from tayang.public.sites import resolve

        site = resolve(request, None)
        if site.organization.logo_id is not None:
            response: HttpResponseBase = redirect(site.url("public:logo"))
            response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
            return response
    data, etag = _icon()
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        return unchanged
    response = HttpResponse(data, content_type="image/vnd.microsoft.icon")
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
