"""An organization's own management: members and their SOP roles, units, and the SOPs it runs.

Only the organization's admins reach these screens; everyone else gets the same 404 as for a
page that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tayang.accounts.lockout import locked_usernames
from tayang.media.uploads import upload_policy
from tayang.orgs import audit, invitations
from tayang.orgs.models import INVITATION_DAYS, Membership
from tayang.procedures.identity import borrowed_identity
from tayang.procedures.models import Procedure, RoleGrant
from tayang.procedures.services import add_definition, adopt_bundled
from tayang.sop.errors import SopDefinitionError
from tayang.sop.yamlbounds import MAX_DEFINITION_BYTES
from tayang.workspace.access import OrgRequest, admin_required
from tayang.workspace.manage_forms import (
    AdoptForm,
    DefinitionUploadForm,
    InviteForm,
    MemberForm,
    NewAccountForm,
    UnitForm,
)

Action = audit.Action


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
    action = request.POST.get("action") if request.method == "POST" else None
    create = NewAccountForm(org, request.POST if action == "create" else None, prefix="baru")
    invite = InviteForm(org, request.POST if action == "invite" else None, prefix="undang")
    if action == "create" and create.is_valid():
        membership = _create_account(request, create)
        messages.success(request, f"Akun {membership.user.get_username()} dibuat dan "
                                  "ditambahkan. Atur perannya di bawah.")
        return redirect("workspace:manage-member", org=org.slug, pk=membership.pk)
    if action == "invite" and invite.is_valid():
        data = invite.cleaned_data
        invitations.invite(org, request.user, data["username"], unit=data["unit"],
                           position=data["position"], is_admin=data["is_admin"])
        # The same words whether the name is an account, a superuser or nobody.
        messages.success(request, INVITED.format(username=data["username"],
                                                 days=INVITATION_DAYS))
        return redirect("workspace:manage-members", org=org.slug)
    rows = (
        org.memberships.select_related("user", "unit")
        .prefetch_related("grants__procedure")
        .order_by("-is_active", "user__username")
    )
    return render(request, "workspace/manage/members.html", {
        "nav": "manage", "create": create, "invite": invite, "memberships": rows,
        "invitations": org.invitations.select_related("invited_by")[:50],
        "locked": locked_usernames(org),
    }, status=422 if create.errors or invite.errors else 200)


INVITED = ("Undangan untuk «{username}» dicatat. Bila nama itu milik akun yang dapat "
           "diundang, pemiliknya melihat undangan ini di halaman awal Tayang setelah masuk, "
           "lalu menerima atau menolaknya. Undangan berlaku {days} hari.")


def _create_account(request: OrgRequest, form: NewAccountForm) -> Membership:
    org = request.organization
    data = form.cleaned_data
    first, _, last = data["full_name"].partition(" ")
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            form.username, email=data["email"] or "", password=data["password"],
            first_name=first, last_name=last,
        )
        membership = Membership.objects.create(
            organization=org, user=user, unit=data["unit"], position=data["position"],
            is_admin=data["is_admin"],
        )
        audit.record(org, request.user, Action.MEMBER_CREATED, subject=user,
                     detail="sebagai admin organisasi" if data["is_admin"] else "")
    return membership


@admin_required
@require_POST
def invitation_withdraw(request: OrgRequest, pk: int) -> HttpResponse:
    if invitations.withdraw(request.organization, request.user, pk):
        messages.success(request, "Undangan dibatalkan.")
    return redirect("workspace:manage-members", org=request.organization.slug)


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
        "rank": membership.rank, "nip": membership.nip,
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
                _audit_flags(request, membership, data)
                membership.unit = data["unit"]
                membership.position = data["position"]
                membership.rank = data["rank"]
                membership.nip = data["nip"]
                membership.is_admin = data["is_admin"]
                membership.is_ppid = data["is_ppid"]
                membership.is_active = data["is_active"]
                membership.save()
                for procedure in procedures:
                    _apply_roles(request, membership, procedure, form.roles_of(procedure),
                                 granted[procedure.pk])
            messages.success(request, "Keanggotaan dan peran disimpan.")
            return redirect("workspace:manage-member", org=org.slug, pk=membership.pk)
    return render(request, "workspace/manage/member.html", {
        "nav": "manage", "form": form, "membership": membership,
    }, status=422 if form.errors else 200)


def _apply_roles(request: OrgRequest, membership: Membership, procedure: Procedure,
                 wanted: set[str], held: set[str]) -> None:
    """Grant and revoke ``procedure``'s roles, one history entry for each."""
    org = request.organization
    removed = held - wanted
    membership.grants.filter(procedure=procedure, role_key__in=removed).delete()
    for role_key in sorted(removed):
        audit.record(org, request.user, Action.ROLE_REVOKED, subject=membership.user,
                     detail=_role_name(procedure, role_key))
    for role_key in sorted(wanted - held):
        RoleGrant.objects.create(membership=membership, procedure=procedure, role_key=role_key)
        audit.record(org, request.user, Action.ROLE_GRANTED, subject=membership.user,
                     detail=_role_name(procedure, role_key))


def _role_name(procedure: Procedure, role_key: str) -> str:
    sop = procedure.current.sop
    name = next((role.name for role in sop.roles if role.key == role_key), role_key)
    return f"{name} — SOP «{procedure.name}»"


_FLAGS = (
    ("is_admin", Action.ADMIN_GRANTED, Action.ADMIN_REVOKED),
    ("is_ppid", Action.PPID_GRANTED, Action.PPID_REVOKED),
    ("is_active", Action.REACTIVATED, Action.DEACTIVATED),
)


def _audit_flags(request: OrgRequest, membership: Membership, data: dict[str, Any]) -> None:
    """One history entry per change of the member's flags, unit or position."""
    org = request.organization
    for field, on, off in _FLAGS:
        if bool(data[field]) != getattr(membership, field):
            audit.record(org, request.user, on if data[field] else off,
                         subject=membership.user)
    if data["unit"] != membership.unit or data["position"] != membership.position:
        unit = data["unit"].name if data["unit"] else "tanpa unit"
        audit.record(org, request.user, Action.UNIT_CHANGED, subject=membership.user,
                     detail=f"{unit}; {data['position'] or 'tanpa jabatan'}")


@admin_required
def history(request: OrgRequest) -> HttpResponse:
    """Kelola › Riwayat: every change to members, roles and access, newest first."""
    entries = request.organization.audit_entries.select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("hal"))
    return render(request, "workspace/manage/history.html", {"nav": "manage", "page": page})


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


@upload_policy(max_file_bytes=MAX_DEFINITION_BYTES, what="berkas definisi SOP")
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
    if request.method == "POST" and "public_category" in request.POST:
        # The category its news shows under on the public site (tayang.public.categories).
        proc.public_category = " ".join(request.POST["public_category"].split())[:200]
        proc.save(update_fields=["public_category"])
        messages.success(request, "Kategori di situs publik disimpan; berita berikutnya "
                         "memakainya (manage.py public_reindex --full untuk yang sudah tayang).")
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
