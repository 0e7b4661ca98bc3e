"""*Saya tangani*: take an item at its step, let it go, or (an admin) hand it to someone.

Each form carries the item's version and who held it when the page was shown; the service
(``tayang.items.taking``) compares both under the item's lock.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tayang.items import taking
from tayang.items.models import Item
from tayang.workspace.access import OrgRequest, admin_required, item_in, member_required

_NO_VERSION = ("Permintaan tidak menyertakan keadaan konten yang Anda lihat. Muat ulang "
               "halaman, periksa keadaannya, lalu coba lagi.")


@member_required
@require_POST
def take(request: OrgRequest, pk: int) -> HttpResponse:
    return _carry_out(request, pk, lambda item, version, holder: taking.take(
        item.pk, request.user, expected_version=version, expected_holder=holder))


@member_required
@require_POST
def release(request: OrgRequest, pk: int) -> HttpResponse:
    return _carry_out(request, pk, lambda item, version, holder: taking.release(
        item.pk, request.user, expected_version=version, expected_holder=holder))


@admin_required
@require_POST
def assign(request: OrgRequest, pk: int) -> HttpResponse:
    try:
        to_user = int(request.POST.get("kepada", ""))
    except ValueError:
        to_user = 0
    return _carry_out(request, pk, lambda item, version, holder: taking.hand_over(
        item.pk, request.user, to_user, expected_version=version, expected_holder=holder))


def _carry_out(request: OrgRequest, pk: int,
               change: Callable[[Item, int, int | None], taking.Taking]) -> HttpResponse:
    """Read what the page showed, make the change, say how it went, back to the item."""
    item = item_in(request, pk)
    seen = _seen(request)
    if seen is None:
        messages.warning(request, _NO_VERSION)
    else:
        _say(request, change(item, *seen))
    return redirect("workspace:item", org=request.organization.slug, pk=item.pk)


def _seen(request: OrgRequest) -> tuple[int, int | None] | None:
    """The version and the holder (a user id, or nobody) the page showed."""
    try:
        version = int(request.POST["version"])
        holder = request.POST["holder"]
        return version, int(holder) if holder else None
    except (KeyError, ValueError):
        return None


def _say(request: OrgRequest, result: taking.Taking) -> None:
    if result.done:
        messages.success(request, result.message)
    elif result.conflict:
        messages.warning(request, result.message)
    else:
        messages.error(request, result.message)
