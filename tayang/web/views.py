"""The start page and the read-only view of the bundled SOP definitions."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tayang.sop.bundled import bundled_sops
from tayang.sop.timetext import describe


def home(request: HttpRequest) -> HttpResponse:
    memberships = (
        request.user.memberships.filter(is_active=True).select_related("organization")
        if request.user.is_authenticated
        else []
    )
    return render(request, "web/home.html", {
        "sops": list(bundled_sops().values()), "memberships": memberships,
    })


def procedures(request: HttpRequest) -> HttpResponse:
    return render(request, "web/sop_list.html", {"sops": list(bundled_sops().values())})


def procedure(request: HttpRequest, key: str) -> HttpResponse:
    sop = bundled_sops().get(key)
    if sop is None:
        raise Http404("SOP tidak ditemukan")
    times = {step.key: describe(step.time) if step.time else "" for step in sop.steps}
    return render(request, "web/sop_detail.html", {"sop": sop, "times": times})
