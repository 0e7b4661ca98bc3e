"""Password reset by e-mail: Django's views with Indonesian pages, throttled per address.

The page after asking says the same whether an account has that address or not, and a reset
ends every session of the account and lifts a sign-in lock (the owner proved the mailbox).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from tayang.accounts import lockout
from tayang.accounts.address import address_group, client_address
from tayang.accounts.sessions import end_sessions

REQUESTS_PER_HOUR = 5


class PasswordReset(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        key = f"tayang:reset:{address_group(client_address(self.request))}"
        cache.add(key, 0, 3600)
        if cache.incr(key) > REQUESTS_PER_HOUR:
            form.add_error(None, "Terlalu banyak permintaan dari jaringan ini. Coba lagi "
                                 "dalam satu jam.")
            return render(self.request, self.template_name, self.get_context_data(form=form),
                          status=429)
        # The link points at the public address, never at whatever Host the request named.
        base = urlsplit(settings.TAYANG_PUBLIC_BASE_URL)
        self.extra_email_context = {"protocol": base.scheme, "domain": base.netloc,
                                    "site_name": "Tayang"}
        return super().form_valid(form)


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        end_sessions(form.user, "kata sandi diatur ulang")
        lockout.lift(form.user)
        messages.success(self.request, "Kata sandi baru disimpan.")
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
