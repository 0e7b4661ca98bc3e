"""Kelola → SOP → Ubah identitas: an SOP's identity block and logo, edited by the admins.

This is how an organization that adopted a bundled SOP makes it its own: its name, number,
dates, signer and logo replace the agency's it came from, in a new version of the definition,
checked like an uploaded one. Items already under way keep the version they started under.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from tayang.procedures.identity import (
    IdentityChange,
    IdentityRefused,
    NothingChanged,
    change_identity,
)
from tayang.workspace.access import OrgRequest, admin_required
from tayang.workspace.identity_form import IdentityForm, initial_from


@admin_required
def edit(request: OrgRequest, procedure: str) -> HttpResponse:
    org = request.organization
    proc = get_object_or_404(org.procedures, key=procedure)
    current = proc.current
    form = IdentityForm(request.POST or None, request.FILES or None,
                        initial=initial_from(current.sop.identity),
                        has_logo=current.logo is not None)
    if request.method == "POST" and form.is_valid():
        change = IdentityChange(
            form.values(), logo=form.cleaned_data["logo"],
            remove_logo=form.cleaned_data.get("remove_logo", False),
        )
        try:
            version, kept_layout = change_identity(proc, change, request.user)
        except IdentityRefused as refused:
            form.show_problems(refused.problems)
            if refused.logo:
                form.add_error("logo", f"Logo ditolak: {refused.logo}.")
        except NothingChanged:
            messages.info(request, "Tidak ada yang berubah; tidak ada versi baru.")
            return redirect("workspace:manage-procedure", org=org.slug, procedure=proc.key)
        else:
            layout = "" if kept_layout else (
                " Blok identitas ditulis ulang seluruhnya (komentar di dalamnya tidak "
                "terbawa); bagian lain definisi tetap seperti semula."
            )
            messages.success(request, f"Identitas disimpan sebagai versi {version.number}; "
                                      f"konten baru memakai versi ini.{layout}")
            return redirect("workspace:manage-procedure", org=org.slug, procedure=proc.key)
    return render(request, "workspace/manage/identity.html", {
        "nav": "manage", "procedure": proc, "version": current, "form": form,
    }, status=422 if form.errors else 200)
