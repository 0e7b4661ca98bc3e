"""Switching two-factor sign-in on (QR code, first code, recovery codes) and off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from tayang.accounts import twofactor
from tayang.accounts.forms import ConfirmCodeForm, SwitchOffForm
from tayang.accounts.sessions import current_token


@login_required
@never_cache
@sensitive_post_parameters("code", "password")
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.enabled(user):
        return _manage(request)
    form = ConfirmCodeForm(request.POST or None)
    secret = twofactor.pending_secret(user)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm(user, form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, "Verifikasi dua langkah aktif.")
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error("code", "Kode salah. Periksa jam ponsel Anda lalu masukkan kode yang "
                               "sedang tampil di aplikasi.")
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "qr": twofactor.qr_svg(user, secret),
    }, status=422 if form.errors else 200)


def _manage(request: HttpRequest) -> HttpResponse:
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    off = SwitchOffForm(user, request.POST if action in ("off", "codes") else None)
    if action in ("off", "codes") and off.is_valid():
        if action == "codes":
            codes = twofactor.new_recovery_codes(user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        twofactor.switch_off(user, "verifikasi dua langkah dimatikan",
                             keep=current_token(request))
        messages.success(request, "Verifikasi dua langkah dimatikan; sesi lain diakhiri.")
        return redirect("accounts:profile")
    return render(request, "accounts/two_factor_manage.html", {
        "form": off, "recovery_left": twofactor.recovery_left(user),
    }, status=422 if off.errors else 200)
