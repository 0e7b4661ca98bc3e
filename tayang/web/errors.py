"""Tayang's own 404, 403, 500 and CSRF-failure pages: in Indonesian, in the site's layout, with
a way back.

A public site's missing page keeps the site's own layout (public.views.errors). Everywhere else
— the workspace, an organization that does not exist, sign-in — the page says what happened
and links back: to the workspace of the organization in the address when the person is a member
of it (only then: an outsider learns nothing about which organizations exist), otherwise to the
person's own workspaces, and always to the start page.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils import translation

from tayang.orgs.models import Membership

_WORKSPACE_PATH = re.compile(r"^/kerja/([-a-zA-Z0-9_]+)/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "errors/404.html", 404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "errors/403.html", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Most often a form left open past the session, or sent twice over a weak signal."""
    return _page(request, "errors/csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Nothing that could fail again: no database, no request context (so no user menu).
    with translation.override("id"):
        body = loader.render_to_string("errors/500.html", {"back": []})
    return HttpResponse(body, status=500)


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    with translation.override("id"):
        body = loader.render_to_string(template, {"back": _ways_back(request)}, request)
    return HttpResponse(body, status=status)


def _ways_back(request: HttpRequest) -> list[tuple[str, str]]:
    """(address, text) links back, the closest first."""
    ways: list[tuple[str, str]] = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        memberships = list(
            Membership.objects.filter(user=user, is_active=True).select_related("organization")
            .order_by("organization__name")
        )
        match = _WORKSPACE_PATH.match(request.path)
        here = next((m for m in memberships if match and m.organization.slug == match.group(1)),
                    None)
        if here is not None:
            ways.append((_url("workspace:inbox", kwargs={"org": here.organization.slug}),
                         f"Kembali ke kotak masuk {here.organization.name}"))
        elif len(memberships) == 1:
            only = memberships[0].organization
            ways.append((_url("workspace:inbox", kwargs={"org": only.slug}),
                         f"Ke ruang kerja {only.name}"))
        elif memberships:
            ways.append((_url("workspaces"), "Pilih ruang kerja Anda"))
    else:
        ways.append((_url("login"), "Masuk ke ruang kerja"))
    ways.append((_url("home"), "Ke beranda Tayang"))
    return ways


def _url(name: str, kwargs: dict[str, str] | None = None) -> str:
    # The main site's addresses, also when the request came on an agency's own host name.
    return reverse(name, kwargs=kwargs, urlconf="tayang.urls")
