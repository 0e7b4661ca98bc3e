"""Who may see an organization's workspace: its active members, and nobody else.

Every workspace view is wrapped by :func:`member_required`. A non-member gets the same 404 as
for an organization that does not exist, so a refusal never reveals what another organization
has; an anonymous visitor is sent to log in, whatever the address.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from tayang.accounts import signed_in
from tayang.accounts.policy import missing_two_factor
from tayang.items.models import Item
from tayang.orgs.models import Membership, Organization

type View = Callable[..., HttpResponse]


class OrgRequest(HttpRequest):
    """A request inside an organization's workspace (for type checkers)."""

    organization: Organization
    membership: Membership


def member_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
        # The person, their signed-in session and this membership: one statement, asked
        # before request.user so that the person is not read on their own first.
        member = signed_in.member(request, org)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if member is None:
            raise Http404("Halaman tidak ditemukan.")
        # Known now: the view reads the person directly, not through the lazy object.
        request.user = signed_in.person(request)
        membership = member.membership
        if missing_two_factor(membership, two_factor_on=member.two_factor_on):
            messages.warning(request, f"{membership.organization.name} mewajibkan verifikasi "
                             "dua langkah bagi admin dan penyetuju. Aktifkan dulu di sini.")
            return redirect("accounts:two-factor")
        request.organization = membership.organization  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        # Times are shown and typed in the organization's own zone (WIB, WITA or WIT).
        with timezone.override(membership.organization.zone):
            return view(request, *args, **kwargs)

    return wrapper


def admin_required(view: View) -> View:
    """For the organization's own management screens: members with the admin flag only."""

    @member_required
    @wraps(view)
    def wrapper(request: OrgRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.membership.is_admin:
            raise Http404("Halaman tidak ditemukan.")
        return view(request, *args, **kwargs)

    return wrapper


def item_in(request: OrgRequest, pk: int) -> Item:
    """An item of the request's organization, or 404 (never another organization's)."""
    item = get_object_or_404(
        Item.objects.select_related("procedure", "procedure_version", "unit", "created_by"),
        pk=pk, organization=request.organization,
    )
    item.organization = request.organization  # the same row, already read: no second query
    return item
