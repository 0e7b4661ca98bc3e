"""Creating and correcting an item's content, and uploading its documentation."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tayang.dip.choices import dip_choices_for
from tayang.engine.actions import ActionKind, Actor, Edit
from tayang.engine.machine import Refused, allowed_actions, decide, editable_fields
from tayang.engine.state import ItemState
from tayang.items.assets import named_assets
from tayang.items.models import Item
from tayang.items.workflow import (
    actor_for,
    actor_of,
    create_item,
    lock,
    perform,
    starting,
    state_of,
)
from tayang.media.limits import largest_file_limit
from tayang.media.uploads import refusals, upload_policy
from tayang.outbox import batch as outbox_batch
from tayang.procedures.models import Procedure
from tayang.sop.model import ItemField, Sop
from tayang.web.paths import redirect_to
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.channel_page import ChannelChoices
from tayang.workspace.content_form import ContentForm
from tayang.workspace.edit_page import (
    MEDIA_KINDS,
    edit_context,
    editable_fields_of,
    form_problems,
    mark_fields,
)
from tayang.workspace.file_intake import take_files
from tayang.workspace.live_language import panel_context


@upload_policy(reports_refusals=True)
@member_required
def create(request: OrgRequest, procedure: str) -> HttpResponse:
    """*Konten baru*: the content and — on the same first screen — its photos and videos.

    Without the script the files come with the form (``files__<field>``) and each one's result
    is a message on the edit form that follows. The page's script sends the form alone (asking
    for JSON) and then each file in resumable pieces (views.chunked)."""
    try:  # the SOP, its current version and the person's roles: one statement
        proc, version, actor = starting(request.organization, procedure, request.user)
    except Procedure.DoesNotExist:
        raise Http404("SOP tidak ditemukan.") from None
    sop = version.sop
    if not actor.roles & set(sop.first_step.roles):
        names = ", ".join(sop.role(key).name for key in sop.first_step.roles)
        messages.error(request, f"Konten baru pada SOP ini dibuat oleh {names}.")
        return redirect_to("workspace:inbox", org=request.organization.slug)
    form = ContentForm(sop, {}, request.POST or None,
                       dip_entries=dip_choices_for(sop, proc.organization))
    channels = ChannelChoices(request.organization, None,
                              request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The draft and its channels, together or not at all (the tasks' rows with them).
        with outbox_batch.atomic():
            result = create_item(
                proc, request.user, form.changes(), unit_id=request.membership.unit_id,
                acting_as=actor, version=version, savepoint=False,
            )
            if result.ok and result.item is not None:
                channels.save(result.item)
        if result.ok and result.item is not None:
            return _created(request, result.item, channels)
        messages.error(request, result.message)
    problems = form_problems(form)
    return render(request, "workspace/item_form.html", {
        "form": form, "sop": sop, "procedure": proc, "item": None,
        "first_step": sop.first_step, "channel_choices": channels,
        "problems": problems, "field_problems": mark_fields(form, problems),
        "media_fields": first_screen_media(sop), "file_limit": largest_file_limit(),
        **panel_context(sop, form.fields, reverse("workspace:procedure-language-check", kwargs={
            "org": request.organization.slug, "procedure": proc.key})),
    })


def first_screen_media(sop: Sop) -> list[ItemField]:
    """The photo, video and document fields the first step fills: asked for on its first
    screen, so a field officer hands in from the field in one go."""
    editable = set(editable_fields(sop, sop.first_step))
    return [f for f in sop.fields if f.kind in MEDIA_KINDS and f.key in editable]


def _created(request: OrgRequest, item: Item, channels: ChannelChoices) -> HttpResponse:
    slug = request.organization.slug
    sop = item.procedure_version.sop
    # The files sent with the form (the page without the script), each field's batch stored
    # together with the draft's first edit; each file's result is said by name.
    files = [(f.key, request.FILES.getlist(f"files__{f.key}")) for f in first_screen_media(sop)]
    rejected = [{"name": r.name, "message": r.message} for r in refusals(request)]
    for field_key, batch in files:
        if batch or rejected:
            take_files(request, item, field_key, batch, rejected).tell(request)
            rejected = []
    messages.success(request, "Draf tersimpan. Lengkapi teks alternatif foto, lalu serahkan."
                     if any(batch for _, batch in files) or request.POST.get("files_follow")
                     else "Draf tersimpan. Tambahkan dokumentasi, lalu serahkan.")
    _warn_defaults(request, channels, item)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({
            "item": item.pk,
            "edit": reverse("workspace:item-edit", kwargs={"org": slug, "pk": item.pk}),
            "chunks": reverse("workspace:item-chunks", kwargs={"org": slug, "pk": item.pk}),
        }, status=201)
    return redirect_to("workspace:item-edit", org=slug, pk=item.pk)


@member_required
def edit(request: OrgRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        return _edit_sent(request, pk)
    item = item_in(request, pk)
    sop = item.procedure_version.sop
    assets = named_assets(item, sop)  # the engine's view and the form's photo names share them
    state = state_of(item, sop, assets)
    actor = actor_for(request.user, item.procedure)
    if ActionKind.EDIT not in allowed_actions(sop, state, actor):
        messages.error(request, why_not_editable(item, sop, state, actor))
        return redirect_to("workspace:item", org=request.organization.slug, pk=item.pk)
    editable = _editable(sop, item)
    form = ContentForm(sop, item.values, None, editable=editable,
                       dip_entries=dip_choices_for(sop, item.organization), assets=assets)
    channels = ChannelChoices(request.organization, item, None)
    return render(request, "workspace/item_form.html",
                  edit_context(request, item, form, channels, editable=editable))


def _edit_sent(request: OrgRequest, pk: int) -> HttpResponse:
    """The edit form sent: checked, filled and saved from the item as the action reads it,
    locked (``workflow.lock``: with the person's roles, its files read once), in one
    transaction with its channels — the item used to be read for the checks, then again by
    the action, with its files and the person's roles (three statements of every save)."""
    with outbox_batch.atomic():  # the content and its channels (and tasks) together or not
        try:
            item = lock(pk, request.user, organization=request.organization)
        except Item.DoesNotExist:
            raise Http404("Konten tidak ditemukan.") from None
        sop = item.procedure_version.sop
        assets = named_assets(item, sop)  # the action's memo: perform reads them no more
        state = state_of(item, sop, assets)
        actor = actor_of(item, request.user)
        if ActionKind.EDIT not in allowed_actions(sop, state, actor):
            why = why_not_editable(item, sop, state, actor)
        else:
            why = ""
            editable = _editable(sop, item)
            form = ContentForm(sop, item.values, request.POST or None, editable=editable,
                               dip_entries=dip_choices_for(sop, item.organization),
                               assets=assets)
            channels = ChannelChoices(request.organization, item, request.POST)
            result = None
            if form.is_valid():
                result = perform(
                    item.pk, request.user,
                    Edit(form.changes(), note=request.POST.get("note", "")),
                    expected_version=_int(request.POST.get("version")), savepoint=False,
                    locked=item,
                )
                unchanged = bool(result.refusal) and "Tidak ada perubahan" in result.message
                # Channels alone may change (the content's own edit then has nothing to do).
                channels_changed = channels.save(item) if result.ok or unchanged else False
    # The page is answered once the transaction (and SQLite's write lock) is over.
    if why:
        messages.error(request, why)
        return redirect_to("workspace:item", org=request.organization.slug, pk=item.pk)
    if result is not None:
        if result.ok or channels_changed:
            messages.success(request, "Perubahan disimpan.")
            _warn_defaults(request, channels, item)
            return redirect_to("workspace:item-edit", org=request.organization.slug, pk=item.pk)
        if unchanged:
            # Saved by the uploader after its files went in: their results are the news.
            if not request.POST.get("after_upload"):
                messages.info(request, "Tidak ada perubahan untuk disimpan.")
            return redirect_to("workspace:item-edit", org=request.organization.slug, pk=item.pk)
        messages.error(request, result.message)
    return render(request, "workspace/item_form.html",
                  edit_context(request, item, form, channels, editable=editable), status=422)


def refused_hand_in(request: OrgRequest, item: Item, refusal: Refused | None) -> HttpResponse:
    """A refused hand-in, shown on the edit form where it is corrected (edit_page.py)."""
    sop = item.procedure_version.sop
    editable = _editable(sop, item)
    form = ContentForm(sop, item.values, editable=editable,
                       dip_entries=dip_choices_for(sop, item.organization))
    channels = ChannelChoices(request.organization, item, None)
    return render(request, "workspace/item_form.html", edit_context(
        request, item, form, channels, editable=editable, refusal=refusal,
        confirmed=request.POST.getlist("confirmed"),
    ), status=422)


@upload_policy(reports_refusals=True)
@member_required
@require_POST
def upload(request: OrgRequest, pk: int) -> HttpResponse:
    """Add uploaded files to a media field; answers JSON to the page's uploader, else redirects.

    Each file is checked by its content (and was counted while it streamed in); a refused file
    is reported by name and does not stop the others, and what was typed in the form is not
    touched (the uploader runs beside the form). The files that pass are stored and added to the
    item together, in one transaction with the item's edit: all of them, or — when the storage
    fails or the item moved on meanwhile — none, never a stored file outside the item.
    """
    item = item_in(request, pk)
    sop = item.procedure_version.sop
    field_key = request.POST.get("field", "")
    if field_key not in _editable(sop, item) or not sop.has_field(field_key):
        raise Http404("Isian tidak dapat diubah.")
    actor = actor_for(request.user, item.procedure)
    state = state_of(item, sop)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if ActionKind.EDIT not in allowed_actions(sop, state, actor):
        # Refused before anything is stored, with the names of those who may act.
        why = why_not_editable(item, sop, state, actor)
        if wants_json:
            names = ", ".join(f.name or "" for f in request.FILES.getlist("files"))
            return JsonResponse({
                "accepted": [], "rejected": [{"name": names or "berkas", "message": why}],
                "version": item.version,
            }, status=422)
        messages.error(request, why)
        return redirect_to("workspace:item", org=request.organization.slug, pk=item.pk)
    rejected = [{"name": r.name, "message": r.message} for r in refusals(request)]
    taken = take_files(request, item, field_key, request.FILES.getlist("files"), rejected)
    if wants_json:
        return JsonResponse(taken.answer(item), status=taken.status)
    taken.tell(request)
    return redirect_to("workspace:item-edit", org=request.organization.slug, pk=item.pk)


def _warn_defaults(request: OrgRequest, channels: ChannelChoices, item: Item) -> None:
    if defaults := channels.defaults_instead(item):
        names = ", ".join(channel.name for channel in defaults)
        messages.warning(
            request,
            f"Tidak ada kanal yang dipilih, sehingga konten ini mengikuti kanal bawaan "
            f"organisasi: {names}. Pilih kanalnya bila ingin yang lain; penayang juga dapat "
            "melepasnya saat menayangkan.",
        )


def why_not_editable(item: Item, sop: Sop, state: ItemState, actor: Actor) -> str:
    """The engine's own refusal of a correction: who may act at this step, or why not now."""
    outcome = decide(sop, state, Edit({}), actor, timezone.now(), item.organization.zone)
    if isinstance(outcome, Refused):
        return outcome.message
    return "Anda tidak dapat mengubah konten ini pada langkah sekarang."


def _editable(sop: Sop, item: Item) -> set[str]:
    return editable_fields_of(sop, item)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None

