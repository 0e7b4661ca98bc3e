"""Signing in: the password (throttled, :mod:`tayang.accounts.lockout`), then, for accounts
with two-factor sign-in, a code from the authenticator app (throttled the same way)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from tayang.accounts import lockout, twofactor
from tayang.accounts.address import client_address
from tayang.accounts.forms import CodeForm, SignInForm

PENDING = "tayang_pending_2fa"
PENDING_SECONDS = 300


class SignInView(LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        user = form.get_user()
        if twofactor.enabled(user):
            # The password was right; the account is not signed in until the code is.
            self.request.session.cycle_key()
            self.request.session[PENDING] = {
                "user": user.pk, "backend": user.backend, "at": time.time(),
                "next": self.get_success_url(),
            }
            return redirect("signin-code")
        lockout.succeeded(user.get_username())
        return super().form_valid(form)


def _pending(request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    return (user, pending) if user is not None else None


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def signin_code(request: HttpRequest) -> HttpResponse:
    found = _pending(request)
    if found is None:
        request.session.pop(PENDING, None)
        messages.info(request, "Masukkan nama pengguna dan kata sandi lagi.")
        return redirect(settings.LOGIN_URL)
    user, pending = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        username = user.get_username()
        if refused := lockout.refusal(username, address):
            form.add_error(None, refused.message)
        elif twofactor.verify(user, form.cleaned_data["code"]):
            lockout.succeeded(username)
            request.session.pop(PENDING, None)
            login(request, user, backend=pending["backend"])
            target = pending.get("next") or settings.LOGIN_REDIRECT_URL
            if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                   request.is_secure()):
                target = settings.LOGIN_REDIRECT_URL
            return redirect(target)
        else:
            lockout.failed(username, address)
            form.add_error("code", "Kode salah atau sudah dipakai. Periksa jam ponsel Anda "
                                   "lalu coba kode yang baru muncul.")
    return render(request, "accounts/signin_code.html", {"form": form},
                  status=422 if form.errors else 200)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin signs in through Tayang's own sign-in (throttled, two-factor), never
    through a second, unguarded form of its own."""
    target = request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/admin/"
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    if not request.user.is_staff:
        raise PermissionDenied("Halaman admin hanya untuk administrator Tayang.")
    return redirect(target)
