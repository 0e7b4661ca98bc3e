"""Who keeps the DIP: the organization's PPID (or its admins), inside its workspace."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import Http404, HttpResponse

from tayang.workspace.access import OrgRequest, View, member_required


def dip_keeper_required(view: View) -> View:
    @member_required
    @wraps(view)
    def wrapper(request: OrgRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.membership.keeps_dip:
            raise Http404("Halaman tidak ditemukan.")
        return view(request, *args, **kwargs)

    return wrapper
