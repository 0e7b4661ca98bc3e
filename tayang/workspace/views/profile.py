"""Kelola › Profil organisasi: name, hierarchy, logo, contacts and letter numbering.

What is saved here is printed as the kop surat of every record and shown in the public
site's header and footer (docs/records.md#organization-profile). The logo goes through the
same checks as an SOP document's logo (:mod:`tayang.procedures.logo`); a refused file saves
nothing of the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from tayang.media.intake import MediaRejected
from tayang.orgs.models import Organization
from tayang.procedures.logo import prepared_logo, store_logo
from tayang.public.index import bump
from tayang.workspace.access import OrgRequest, admin_required
from tayang.workspace.profile_form import OrganizationProfileForm


@admin_required
def organization_profile(request: OrgRequest) -> HttpResponse:
    org = Organization.objects.get(pk=request.organization.pk)
    form = OrganizationProfileForm(request.POST or None, request.FILES or None, instance=org)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("logo_file")
        logo_data = None
        if upload:
            try:
                logo_data = prepared_logo(upload)
            except MediaRejected as error:
                form.add_error("logo_file", f"Logo ditolak: {error}.")
        if not form.errors:
            with transaction.atomic():
                saved = form.save(commit=False)
                if logo_data is not None:
                    saved.logo = store_logo(org, logo_data, upload.name or "", request.user)
                elif form.cleaned_data.get("remove_logo"):
                    saved.logo = None
                saved.save()
                bump(saved.pk)  # the site header and footer show the profile
            messages.success(request, "Profil organisasi disimpan.")
            return redirect("workspace:manage-profile", org=org.slug)
    return render(request, "workspace/manage/profile.html", {
        "nav": "manage", "form": form, "organization": org,
    }, status=422 if form.errors else 200)
