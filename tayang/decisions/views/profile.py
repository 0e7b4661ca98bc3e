"""The person's own PIN page (``/profil/pin/``): set, change or remove the PIN, see and revoke
one's open decision links. Standalone: the general profile page links here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from tayang.decisions import links, pins
from tayang.decisions.forms import PasswordConfirmed, PinForm
from tayang.decisions.models import DecisionLink
from tayang.orgs.models import Organization
from tayang.workspace.dates import local_text


@never_cache
@login_required
@sensitive_post_parameters("pin", "pin_again", "password")
def pin_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = pins.pin_of(user)
    removing = request.method == "POST" and "hapus" in request.POST
    form = PinForm(user, request.POST if request.method == "POST" and not removing else None)
    remove_form = PasswordConfirmed(user, request.POST if removing else None,
                                    prefix="hapus")
    if removing and current is not None and remove_form.is_valid():
        if current.is_locked:
            messages.error(request, "PIN yang terkunci tidak dapat dihapus; minta admin "
                                    "organisasi membukanya lebih dahulu.")
            return redirect("decisions:pin")
        revoked = pins.remove_pin(user)
        messages.success(request, "PIN dihapus. Pesan berikutnya tidak memuat tautan keputusan"
                         + (f"; {revoked} tautan yang masih terbuka dicabut." if revoked
                            else "."))
        return redirect("decisions:pin")
    if not removing and form.is_valid():
        pins.set_pin(user, form.cleaned_data["pin"])
        messages.success(request, "PIN diubah." if current else
                         "PIN disimpan. Pesan persetujuan berikutnya memuat tautan keputusan.")
        return redirect("decisions:pin")
    open_links = [
        (link, local_text(link.expires_at, link.item.organization))
        for link in links.open_links().filter(user=user).select_related("item__organization")
    ]
    failed = request.method == "POST"
    zone_of = _any_organization(user)
    return render(request, "decisions/pin.html", {
        "current": current,
        "set_text": local_text(current.set_at, zone_of) if current else "",
        "locked_text": local_text(current.locked_at, zone_of)
        if current and current.locked_at else "",
        "form": form, "remove_form": remove_form, "open_links": open_links,
        "min_digits": pins.MIN_DIGITS, "max_digits": pins.MAX_DIGITS,
        "max_failures": pins.MAX_FAILURES,
    }, status=422 if failed else 200)


@login_required
@require_POST
def revoke_one(request: HttpRequest, pk: int) -> HttpResponse:
    done = links.revoke(DecisionLink.objects.filter(pk=pk, user=request.user), request.user)
    if done:
        messages.success(request, "Tautan dicabut; tautan itu tidak dapat dipakai lagi.")
    else:
        messages.warning(request, "Tautan itu sudah tidak berlaku.")
    return redirect("decisions:pin")


@login_required
@require_POST
def revoke_all(request: HttpRequest) -> HttpResponse:
    done = links.revoke(DecisionLink.objects.filter(user=request.user), request.user)
    messages.success(request, f"{done} tautan dicabut." if done else
                     "Tidak ada tautan yang masih terbuka.")
    return redirect("decisions:pin")


def _any_organization(user: AbstractBaseUser) -> Organization:
    """Times on a personal page are shown in the zone of the person's first organization."""
    return (Organization.objects.filter(memberships__user=user).order_by("pk").first()
            or Organization(timezone="Asia/Jakarta"))
