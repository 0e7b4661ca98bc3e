"""Kelola › Keamanan: the organization's two-factor requirement, locked accounts, 2FA resets.

An organization admin lifts sign-in locks of its own members. Resetting a member's
two-factor sign-in (a lost phone) is allowed only for accounts that belong to no other
organization: otherwise one organization's admin could weaken another's account; those go
to the Tayang administrator (Django admin). Every action is in the audit history.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tayang.accounts import lockout, twofactor
from tayang.accounts.models import SignInLock
from tayang.accounts.policy import must_use_two_factor
from tayang.orgs import audit
from tayang.orgs.models import Membership
from tayang.workspace.access import OrgRequest, admin_required

Action = audit.Action


class RequirementForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label="Wajibkan verifikasi dua langkah bagi admin dan penyetuju", required=False,
        help_text="Admin organisasi dan pemegang peran yang menyetujui atau menayangkan harus "
                  "mengaktifkannya sebelum dapat membuka ruang kerja organisasi ini.",
    )


@admin_required
def security(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = RequirementForm(request.POST or None,
                           initial={"require_two_factor": org.require_two_factor})
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["require_two_factor"]
        if wanted != org.require_two_factor:
            org.require_two_factor = wanted
            org.save(update_fields=["require_two_factor"])
            audit.record(org, request.user, Action.SECURITY_CHANGED,
                         detail="2FA wajib bagi admin dan penyetuju" if wanted
                         else "2FA tidak lagi wajib")
            if wanted and not twofactor.enabled(request.user):
                messages.warning(request, "Aktifkan juga verifikasi dua langkah Anda sendiri.")
        messages.success(request, "Pengaturan keamanan disimpan.")
        return redirect("workspace:manage-security", org=org.slug)
    members = list(org.memberships.filter(is_active=True).select_related("user")
                   .order_by("user__username"))
    locks = {lock.user_id: lock for lock in SignInLock.objects.filter(
        user__in=[m.user for m in members]) if lock.active}
    rows = [{
        "membership": m, "two_factor": twofactor.enabled(m.user),
        "required": must_use_two_factor(m), "lock": locks.get(m.user_id),
        "only_here": _only_here(m),
    } for m in members]
    return render(request, "workspace/manage/security.html", {
        "nav": "manage", "form": form, "rows": rows,
    })


def _only_here(membership: Membership) -> bool:
    return not Membership.objects.filter(user=membership.user).exclude(
        organization=membership.organization).exists() and not membership.user.is_superuser


@admin_required
@require_POST
def lift_lock(request: OrgRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(request.organization.memberships, pk=pk)
    if lockout.lift(membership.user):
        audit.record(request.organization, request.user, Action.LOCK_LIFTED,
                     subject=membership.user)
        messages.success(request, f"Kunci masuk {membership.user.get_username()} dibuka.")
    return redirect("workspace:manage-security", org=request.organization.slug)


@admin_required
@require_POST
def reset_two_factor(request: OrgRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(request.organization.memberships, pk=pk)
    if not _only_here(membership):
        messages.error(request, "Akun ini juga anggota organisasi lain; minta administrator "
                                "Tayang mengatur ulang verifikasi dua langkahnya.")
    elif twofactor.enabled(membership.user):
        twofactor.switch_off(membership.user, "verifikasi dua langkah diatur ulang admin")
        audit.record(request.organization, request.user, Action.TWO_FACTOR_RESET,
                     subject=membership.user)
        messages.success(request, f"Verifikasi dua langkah {membership.user.get_username()} "
                                  "diatur ulang; semua sesinya diakhiri.")
    return redirect("workspace:manage-security", org=request.organization.slug)
