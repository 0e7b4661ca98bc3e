"""The project's URLs plus one bare workspace view, for :mod:`bench.prefix`.

The stopwatch middleware of :mod:`bench.prefix` are attached to this module at run time
(``stopwatch_0`` … ``stopwatch_N``) so that ``MIDDLEWARE`` can name them by path.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from bench.scaledata import SLUG
from tayang.urls import urlpatterns as project
from tayang.workspace.access import member_required


@member_required
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def plain(request: HttpRequest) -> HttpResponse:
    """The same answer with no access check: the floor (the stack and the test client)."""
    return HttpResponse("ok")


def path_for() -> str:
    return f"/bench-kosong/{SLUG}/"


urlpatterns = [path("bench-kosong/<slug:org>/", bare), path("bench-polos/", plain), *project]
