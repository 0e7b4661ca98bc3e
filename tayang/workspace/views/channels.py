"""The organization's publishing channels, managed by its admin ("Kelola › Kanal publikasi").

The built-in website is always on and has no row. Every other channel is added from the
registry's kinds with a form made from the connector's settings (:mod:`..channel_forms`);
its key is made once from its kind and name and never changes, as publications refer to it.
A channel that a publication or an item's choice refers to cannot be deleted, only disabled.
Credentials are sealed at once and never sent back: no page shows them.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from tayang.channels.models import WEBSITE, Channel
from tayang.channels.registry import known
from tayang.channels.validation import unconfigured
from tayang.items.models import Publication
from tayang.workspace.access import OrgRequest, admin_required
from tayang.workspace.channel_forms import (
    CLEAR,
    SETTING,
    STORED_NOTE,
    ChannelForm,
    addable_kinds,
    apply_secrets,
    derive_key,
    limits_summary,
)


def _channel(request: OrgRequest, key: str) -> Channel:
    return get_object_or_404(Channel, organization=request.organization, key=key)


def _settings_missing(channel: Channel) -> list[str]:
    """The labels of what the channel still lacks; empty when its settings are complete.

    :func:`~tayang.channels.validation.unconfigured` decides (as it does at publishing);
    the labels are listed here on their own, for the admin who fills them in.
    """
    connector = known(channel.kind)
    if connector is None:
        return []
    problems = unconfigured(channel)
    if not problems:
        return []
    labels = [
        field.label for field in connector.config_fields
        if field.required and not (
            field.key in channel.secrets_set if field.secret
            else str(channel.config.get(field.key, "")).strip()
        )
    ]
    return labels or problems


def _used_by(channel: Channel) -> tuple[int, int]:
    """(publications recorded under the channel's key, items that chose it)."""
    publications = Publication.objects.filter(
        item__organization_id=channel.organization_id, channel=channel.key
    ).count()
    return publications, channel.choices.count()


def _kind_info(kind: str) -> dict[str, object]:
    connector = known(kind)
    if connector is None:
        return {"kind": kind, "label": kind, "available": False}
    return {
        "kind": kind, "label": connector.label, "available": True,
        "description": connector.description, "limits": limits_summary(connector.limits),
        "settings": [field.label for field in connector.config_fields],
    }


@admin_required
def channels(request: OrgRequest) -> HttpResponse:
    rows = list(Channel.objects.filter(organization=request.organization))
    listed = [
        {"channel": channel, "info": _kind_info(channel.kind),
         "missing": _settings_missing(channel), "first": n == 0, "last": n == len(rows) - 1}
        for n, channel in enumerate(rows)
    ]
    return render(request, "workspace/manage/channels.html", {
        "nav": "manage", "website": _kind_info(WEBSITE), "rows": listed,
        "kinds": [_kind_info(kind) for kind, _ in addable_kinds()],
    })


def _form_page(request: OrgRequest, form: ChannelForm, channel: Channel | None,
               kind: str) -> HttpResponse:
    return render(request, "workspace/manage/channel.html", {
        "nav": "manage", "form": form, "channel": channel, "info": _kind_info(kind),
        "stored_note": STORED_NOTE, "setting_prefix": SETTING, "clear_prefix": CLEAR,
        "missing": _settings_missing(channel) if channel is not None else [],
        "used_by": _used_by(channel) if channel is not None else (0, 0),
    }, status=422 if form.errors else 200)


@sensitive_post_parameters()
@admin_required
@sensitive_variables()
def channel_add(request: OrgRequest, kind: str) -> HttpResponse:
    connector = dict(addable_kinds()).get(kind)
    if connector is None:
        raise Http404("Halaman tidak ditemukan.")
    org = request.organization
    form = ChannelForm(connector, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        channel = Channel(
            organization=org, kind=kind, name=data["name"], enabled=data["enabled"],
            selected_by_default=data["selected_by_default"], config=form.config({}),
            position=(org.channels.aggregate(last=Max("position"))["last"] or 0) + 1,
        )
        changes, clear = form.secret_changes()
        apply_secrets(channel, changes, clear)
        try:
            with transaction.atomic():
                channel.key = derive_key(org, kind, channel.name)
                channel.save()
        except IntegrityError:  # someone added a channel with the same key just now
            form.add_error(None, "Kanal lain dengan nama serupa baru saja ditambahkan. "
                                 "Simpan sekali lagi.")
        else:
            messages.success(request, f"Kanal «{channel.name}» ditambahkan (kode "
                                      f"{channel.key}).")
            return redirect("workspace:manage-channels", org=org.slug)
    return _form_page(request, form, None, kind)


@sensitive_post_parameters()
@admin_required
@sensitive_variables()
def channel_edit(request: OrgRequest, key: str) -> HttpResponse:
    channel = _channel(request, key)
    connector = known(channel.kind)
    if connector is None:
        messages.error(request, f"Jenis kanal «{channel.kind}» belum tersedia di versi Tayang "
                                "ini; pengaturannya belum dapat diubah.")
        return redirect("workspace:manage-channels", org=request.organization.slug)
    form = ChannelForm(connector, request.POST or None, channel=channel)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            channel = Channel.objects.select_for_update().get(pk=channel.pk)
            channel.name = data["name"]
            channel.enabled = data["enabled"]
            channel.selected_by_default = data["selected_by_default"]
            channel.config = form.config(channel.config)
            changes, clear = form.secret_changes()
            apply_secrets(channel, changes, clear)
            channel.save()  # the key is never taken from the form: it stays as it was
        messages.success(request, f"Kanal «{channel.name}» disimpan.")
        missing = _settings_missing(channel)
        if missing:
            messages.warning(request, f"Pengaturan belum lengkap: {', '.join(missing)}.")
        return redirect("workspace:manage-channels", org=request.organization.slug)
    return _form_page(request, form, channel, channel.kind)


@admin_required
@require_POST
def channel_toggle(request: OrgRequest, key: str) -> HttpResponse:
    channel = _channel(request, key)
    channel.enabled = not channel.enabled
    channel.save(update_fields=["enabled", "updated_at"])
    if channel.enabled:
        messages.success(request, f"Kanal «{channel.name}» diaktifkan.")
        missing = _settings_missing(channel)
        if missing:
            messages.warning(request, f"Pengaturan «{channel.name}» belum lengkap: "
                                      f"{', '.join(missing)}. Tayangan ke kanal ini akan "
                                      "tertahan sampai dilengkapi.")
    else:
        messages.success(request, f"Kanal «{channel.name}» dinonaktifkan; tayangan yang sudah "
                                  "ada tetap tercatat.")
    return redirect("workspace:manage-channels", org=request.organization.slug)


@admin_required
@require_POST
def channel_move(request: OrgRequest, key: str) -> HttpResponse:
    """Swap the channel with its neighbour above (``arah=naik``) or below (``arah=turun``)."""
    org = request.organization
    with transaction.atomic():
        ordered = list(Channel.objects.select_for_update().filter(organization=org))
        index = next((n for n, c in enumerate(ordered) if c.key == key), None)
        if index is None:
            raise Http404("Halaman tidak ditemukan.")
        other = index - 1 if request.POST.get("arah") == "naik" else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, channel in enumerate(ordered, start=1):
            if channel.position != position:
                channel.position = position
                channel.save(update_fields=["position"])
    return redirect("workspace:manage-channels", org=org.slug)


@admin_required
def channel_delete(request: OrgRequest, key: str) -> HttpResponse:
    channel = _channel(request, key)
    publications, choices = _used_by(channel)
    blocked = bool(publications or choices)
    if request.method == "POST":
        if blocked:
            messages.error(request, f"Kanal «{channel.name}» sudah dipakai dan tidak dapat "
                                    "dihapus. Nonaktifkan saja agar tidak dipakai lagi.")
            return redirect("workspace:manage-channel-delete", org=request.organization.slug,
                            key=channel.key)
        channel.delete()
        messages.success(request, f"Kanal «{channel.name}» dihapus.")
        return redirect("workspace:manage-channels", org=request.organization.slug)
    return render(request, "workspace/manage/channel_delete.html", {
        "nav": "manage", "channel": channel, "info": _kind_info(channel.kind),
        "publications": publications, "choices": choices, "blocked": blocked,
    })
