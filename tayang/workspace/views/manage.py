"""An organization's own management: members and their SOP roles, units, and the SOPs it runs.

Only the organization's admins reach these screens; everyone else gets the same 404 as for a
page that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from tayang.orgs.models import Membership
from tayang.procedures.identity import borrowed_identity
from tayang.procedures.models import RoleGrant
from tayang.procedures.services import add_definition, adopt_bundled
from tayang.sop.errors import SopDefinitionError
from tayang.workspace.access import OrgRequest, admin_required
from tayang.workspace.manage_forms import (
    AdoptForm,
    DefinitionUploadForm,
    MemberForm,
    NewMemberForm,
    UnitForm,
)


@admin_required
def overview(request: OrgRequest) -> HttpResponse:
    org = request.organization
    return render(request, "workspace/manage/overview.html", {
        "nav": "manage",
        "members": org.memberships.filter(is_active=True).count(),
        "units": org.units.count(),
        "procedures": org.procedures.filter(is_active=True),
    })


@admin_required
def members(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = NewMemberForm(org, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user_model = get_user_model()
            user = user_model.objects.filter(username=data["username"]).first()
            if user is None:
                first, _, last = data["full_name"].partition(" ")
                user = user_model.objects.create_user(
                    data["username"], password=data["password"], first_name=first,
                    last_name=last,
                )
            membership = Membership.objects.create(
                organization=org, user=user, unit=data["unit"], position=data["position"],
                is_admin=data["is_admin"],
            )
        messages.success(request, f"{user.get_username()} ditambahkan. Atur perannya di bawah.")
        return redirect("workspace:manage-member", org=org.slug, pk=membership.pk)
    rows = (
        org.memberships.select_related("user", "unit")
        .prefetch_related("grants__procedure")
        .order_by("-is_active", "user__username")
    )
    return render(request, "workspace/manage/members.html", {
        "nav": "manage", "form": form, "memberships": rows,
    }, status=422 if form.errors else 200)


@admin_required
def member(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    membership = get_object_or_404(org.memberships.select_related("user"), pk=pk)
    procedures = list(org.procedures.filter(is_active=True))
    granted = {
        procedure.pk: set(
            membership.grants.filter(procedure=procedure).values_list("role_key", flat=True)
        )
        for procedure in procedures
    }
    initial = {
        "unit": membership.unit_id, "position": membership.position,
        "is_admin": membership.is_admin, "is_ppid": membership.is_ppid,
        "is_active": membership.is_active,
        **{f"roles_{pk}": sorted(keys) for pk, keys in granted.items()},
    }
    form = MemberForm(org, procedures, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if membership.pk == request.membership.pk and (
            not data["is_admin"] or not data["is_active"]
        ):
            form.add_error(None, "Anda tidak dapat mencabut hak admin atau menonaktifkan "
                                 "diri sendiri; minta admin lain melakukannya.")
        else:
            with transaction.atomic():
                membership.unit = data["unit"]
                membership.position = data["position"]
                membership.is_admin = data["is_admin"]
                membership.is_ppid = data["is_ppid"]
                membership.is_active = data["is_active"]
                membership.save()
                for procedure in procedures:
                    wanted = form.roles_of(procedure)
                    membership.grants.filter(procedure=procedure).exclude(
                        role_key__in=wanted
                    ).delete()
                    for role_key in wanted - granted[procedure.pk]:
                        RoleGrant.objects.create(
                            membership=membership, procedure=procedure, role_key=role_key
                        )
            messages.success(request, "Keanggotaan dan peran disimpan.")
            return redirect("workspace:manage-member", org=org.slug, pk=membership.pk)
    return render(request, "workspace/manage/member.html", {
        "nav": "manage", "form": form, "membership": membership,
    }, status=422 if form.errors else 200)


@admin_required
def units(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if org.units.filter(name=form.cleaned_data["name"]).exists():
            form.add_error("name", "Unit dengan nama ini sudah ada.")
        else:
            unit = form.save(commit=False)
            unit.organization = org
            unit.save()
            messages.success(request, f"Unit «{unit.name}» ditambahkan.")
            return redirect("workspace:manage-units", org=org.slug)
    return render(request, "workspace/manage/units.html", {
        "nav": "manage", "form": form, "units": org.units.all(),
    }, status=422 if form.errors else 200)


@admin_required
def procedures(request: OrgRequest) -> HttpResponse:
    org = request.organization
    adopt = AdoptForm(request.POST if "adopt" in request.POST else None)
    upload = DefinitionUploadForm(
        request.POST if "upload" in request.POST else None,
        request.FILES if "upload" in request.POST else None,
    )
    problems: list[str] = []
    if request.method == "POST" and "adopt" in request.POST and adopt.is_valid():
        procedure = adopt_bundled(org, adopt.cleaned_data["bundled_key"], request.user)
        messages.success(request, f"SOP «{procedure.name}» dijalankan. Berikan peran kepada "
                                  "anggota agar dapat bekerja.")
        return redirect("workspace:manage-procedure", org=org.slug, procedure=procedure.key)
    if request.method == "POST" and "upload" in request.POST and upload.is_valid():
        name, text = upload.cleaned_data["definition"]
        try:
            procedure, version = add_definition(org, text, name, request.user)
        except SopDefinitionError as error:
            problems = [str(problem) for problem in error.problems]
        else:
            messages.success(request, f"Definisi diterima sebagai versi {version.number} dari "
                                      f"«{procedure.name}».")
            return redirect("workspace:manage-procedure", org=org.slug, procedure=procedure.key)
    failed = bool(problems or adopt.errors or upload.errors)
    return render(request, "workspace/manage/procedures.html", {
        "nav": "manage", "adopt": adopt, "upload": upload, "problems": problems,
        "procedures": org.procedures.prefetch_related("versions"),
    }, status=422 if failed else 200)


@admin_required
def procedure(request: OrgRequest, procedure: str) -> HttpResponse:
    org = request.organization
    proc = get_object_or_404(org.procedures, key=procedure)
    if request.method == "POST" and "toggle" in request.POST:
        proc.is_active = not proc.is_active
        proc.save(update_fields=["is_active"])
        messages.success(request, "SOP diaktifkan." if proc.is_active else "SOP dinonaktifkan; "
                         "konten yang sedang berjalan tetap dapat diselesaikan.")
        return redirect("workspace:manage-procedure", org=org.slug, procedure=proc.key)
    sop = proc.current.sop
    holders = {
        role.key: [
            grant.membership for grant in proc.grants.filter(role_key=role.key)
            .select_related("membership__user")
        ]
        for role in sop.roles
    }
    return render(request, "workspace/manage/procedure.html", {
        "nav": "manage", "procedure": proc, "sop": sop, "borrowed": borrowed_identity(proc),
        "versions": proc.versions.select_related("created_by"),
        "roles": [(role, holders[role.key]) for role in sop.roles],
    })
