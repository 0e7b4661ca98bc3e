"""The profile hub (/profil/): name and e-mail, password, two-factor sign-in, sessions,
invitations to organizations. Other apps add their own pages here (:mod:`..hub`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from tayang.accounts import hub, twofactor
from tayang.accounts.forms import EmailForm, ProfileForm, SignerForm
from tayang.accounts.models import SignedInSession
from tayang.accounts.sessions import current_token, end_sessions
from tayang.orgs import invitations


@login_required
@sensitive_post_parameters("password")
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    what = request.POST.get("form") if request.method == "POST" else None
    names = ProfileForm(request.POST if what == "name" else None, instance=user)
    email = EmailForm(user, request.POST if what == "email" else None,
                      initial={"email": user.email})
    if what == "name" and names.is_valid():
        names.save()
        messages.success(request, "Nama disimpan.")
        return redirect("accounts:profile")
    memberships = list(user.memberships.filter(is_active=True).select_related("organization"))
    signers = [
        (m, SignerForm(request.POST if what == f"signer-{m.pk}" else None,
                       initial={"rank": m.rank, "nip": m.nip}, prefix=f"ttd{m.pk}"))
        for m in memberships
    ]
    for membership, form in signers:
        if what == f"signer-{membership.pk}" and form.is_valid():
            membership.rank = form.cleaned_data["rank"]
            membership.nip = form.cleaned_data["nip"]
            membership.save(update_fields=["rank", "nip"])
            messages.success(request, f"Data penanda tangan untuk "
                                      f"{membership.organization.name} disimpan.")
            return redirect("accounts:profile")
    if what == "email" and email.is_valid():
        user.email = email.cleaned_data["email"]
        user.save(update_fields=["email"])
        messages.success(request, "E-mail disimpan.")
        return redirect("accounts:profile")
    token = current_token(request)
    sessions = SignedInSession.objects.filter(user=user, ended_at=None)
    return render(request, "accounts/profile.html", {
        "names": names, "email_form": email,
        "two_factor": twofactor.enabled(user),
        "recovery_left": twofactor.recovery_left(user),
        "sessions": sessions, "current_token": token,
        "invitations": invitations.open_for(user),
        "memberships": memberships, "signers": signers,
        "links": hub.links(),
    }, status=422 if names.errors or email.errors or any(f.errors for _, f in signers)
       else 200)


@login_required
@require_POST
def end_session(request: HttpRequest, pk: int) -> HttpResponse:
    ended = SignedInSession.objects.filter(pk=pk, user=request.user, ended_at=None).exclude(
        token=current_token(request)).update(ended_reason="diakhiri pemiliknya",
                                             ended_at=timezone.now())
    if ended:
        messages.success(request, "Sesi itu diakhiri.")
    return redirect("accounts:profile")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    count = end_sessions(request.user, "diakhiri pemiliknya", keep=current_token(request))
    messages.success(request, f"{count} sesi lain diakhiri.")
    return redirect("accounts:profile")


class PasswordChange(PasswordChangeView):
    """Django's password change; every other session of the account ends with it."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)  # keeps this session (update_session_auth_hash)
        ended = end_sessions(self.request.user, "kata sandi diganti",
                             keep=current_token(self.request))
        messages.success(self.request, "Kata sandi diganti."
                         + (f" {ended} sesi lain diakhiri." if ended else ""))
        return response


@login_required
@require_POST
def answer_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    accept = request.POST.get("answer") == "terima"
    invitation = invitations.answer(pk, request.user, accept=accept)
    if invitation is None:
        messages.error(request, "Undangan ini sudah tidak berlaku.")
    elif accept:
        messages.success(request, f"Anda kini anggota {invitation.organization.name}.")
    else:
        messages.success(request, f"Undangan {invitation.organization.name} ditolak.")
    return redirect("home" if request.POST.get("back") == "home" else "accounts:profile")
