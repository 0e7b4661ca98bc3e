"""The item page and the actions on it. Every action goes through the workflow service."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from tayang.engine.actions import (
    Action,
    ActionKind,
    Approve,
    Archive,
    Cancel,
    ChooseRoute,
    HandIn,
    Publish,
    Refuse,
    SendBack,
)
from tayang.engine.machine import Refusal, RefusalReason, Refused, allowed_actions
from tayang.engine.stepstate import roles_still_to_approve
from tayang.items import drafts
from tayang.items.models import Item
from tayang.items.revisions import with_content
from tayang.items.workflow import actor_for, perform, state_of
from tayang.web.paths import redirect_to
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.dates import local_text
from tayang.workspace.item_page import item_context, revision_diff
from tayang.workspace.publish_form import publish_action, publish_form
from tayang.workspace.views.handin import refused_hand_in


@member_required
def detail(request: OrgRequest, pk: int) -> HttpResponse:
    item = item_in(request, pk)
    return render(request, "workspace/item.html", item_context(request, item))


@member_required
@require_POST
def act(request: OrgRequest, pk: int, action: str) -> HttpResponse:
    """The item is read once, locked, by :func:`perform` (which checks it is this
    organization's): an action used to read the whole row for the access check, then again."""
    try:
        kind = ActionKind(action)
    except ValueError:
        raise Http404("Tindakan tidak dikenal.") from None
    engine_action = _action_from(kind, request)
    if engine_action is None:
        raise Http404("Tindakan tidak dikenal.")
    if isinstance(engine_action, Publish):
        # The channels and the schedule of the publish form (publish_form.publish_action).
        read = publish_action(request.organization, request.POST, engine_action.confirmed)
        if isinstance(read, str):
            return _refused(request, pk, kind, Refused((Refusal(RefusalReason.INVALID, read),)))
        engine_action = read
    version = _version(request)
    if version is None:
        item_in(request, pk)  # 404 for an item not in this organization, as before
        # The version the person was looking at is what makes two clicks at the same moment
        # act once; without it a second click could act on the step after.
        messages.warning(request, "Permintaan tidak menyertakan versi konten yang Anda lihat. "
                                  "Muat ulang halaman, periksa keadaannya, lalu coba lagi.")
        return redirect_to("workspace:item", org=request.organization.slug, pk=pk)
    try:
        result = perform(pk, request.user, engine_action, expected_version=version,
                         organization=request.organization)
    except Item.DoesNotExist:
        raise Http404("Konten tidak ditemukan.") from None
    if result.ok:
        if isinstance(engine_action, Publish) and engine_action.scheduled_for is not None:
            when = local_text(engine_action.scheduled_for, request.organization)
            messages.success(request, f"Konten dijadwalkan tayang pada {when}.")
        else:
            messages.success(request, _done(kind, result.item,
                                            registered_before=result.registered_before,
                                            step_before=result.step_before))
        return redirect_to("workspace:item", org=request.organization.slug, pk=pk)
    if result.conflict:
        messages.warning(request, result.message)
        return redirect_to("workspace:item", org=request.organization.slug, pk=pk)
    return _refused(request, pk, kind, result.refusal)


def _refused(request: OrgRequest, pk: int, kind: ActionKind,
             refusal: Refused | None) -> HttpResponse:
    """Show the page again with the reasons and whatever the person typed.

    A refused hand-in is shown on the edit form, where its reasons are corrected, as long as
    the person may still edit (handin.refused_hand_in); other refusals stay on the item page.
    """
    item = item_in(request, pk)
    if kind is ActionKind.HAND_IN and refusal is not None:
        sop = item.procedure_version.sop
        if ActionKind.EDIT in allowed_actions(sop, state_of(item, sop),
                                              actor_for(request.user, item.procedure)):
            return refused_hand_in(request, item, refusal)
    context = item_context(request, item)
    context.update(
        refusal=refusal, failed_action=kind,
        typed_response=request.POST.get("response", ""),
        typed_reason=request.POST.get("reason", ""),
    )
    if kind is ActionKind.PUBLISH and context.get("publish_form") is not None:
        context["publish_form"] = publish_form(context["item"], request.POST)
    return render(request, "workspace/item.html", context, status=422)


@member_required
def revision(request: OrgRequest, pk: int, number: int) -> HttpResponse:
    item = item_in(request, pk)
    revisions = item.revisions.defer("values")
    current = get_object_or_404(revisions, number=number)
    previous = revisions.filter(number__lt=number).order_by("-number").first()
    with_content([current, *([previous] if previous else [])], item.pk)
    context = item_context(request, item)
    context.update(
        revision=current, previous=previous,
        diff=revision_diff(item, previous.content if previous else {}, current.content),
    )
    return render(request, "workspace/revision.html", context)


_DONE = {
    ActionKind.HAND_IN: "Konten telah diserahkan dan mendapat nomor register.",
    ActionKind.APPROVE: "Langkah ini telah disetujui; konten diteruskan ke langkah berikutnya.",
    ActionKind.SEND_BACK: "Konten dikembalikan dengan tanggapan tertulis.",
    ActionKind.CHOOSE_ROUTE: "Rute telah dipilih.",
    ActionKind.PUBLISH: "Konten telah ditayangkan.",
    ActionKind.ARCHIVE: "Konten telah diarsipkan.",
    ActionKind.EDIT: "Perubahan disimpan.",
    ActionKind.REFUSE: "Konten ditolak dan tidak dilanjutkan; tercatat di register dengan "
                       "alasannya.",
    ActionKind.CANCEL: "Konten dibatalkan; tercatat di register dengan alasannya.",
}


def _done(kind: ActionKind, item: Item | None, *, registered_before: str,
          step_before: str = "") -> str:
    """What was done; a hand-in says the register number, and that it kept it on a re-hand-in;
    an approval at an "all of" step that still waits says for whom."""
    if kind is ActionKind.APPROVE and item is not None and item.step == step_before:
        sop = item.procedure_version.sop
        waiting = roles_still_to_approve(sop.step(item.step), state_of(item, sop))
        names = ", ".join(sop.role(key).name for key in waiting)
        return f"Persetujuan Anda tercatat; langkah ini masih menunggu persetujuan {names}."
    if kind is ActionKind.HAND_IN and item is not None and item.register_code:
        if registered_before:
            return (
                "Konten telah diserahkan kembali; nomor register tetap "
                f"{item.register_code}."
            )
        return f"Konten telah diserahkan dan mendapat nomor register {item.register_code}."
    return _DONE[kind]


def _action_from(kind: ActionKind, request: OrgRequest) -> Action | None:
    confirmed = frozenset(request.POST.getlist("confirmed"))
    # The route selectors of the accepting form (route__<field>); an empty one is "not chosen".
    route = {
        key.removeprefix("route__"): value
        for key, value in request.POST.items()
        if key.startswith("route__") and value
    }
    match kind:
        case ActionKind.HAND_IN:
            return HandIn(confirmed=confirmed, route=route)
        case ActionKind.APPROVE:
            return Approve(note=request.POST.get("note", "").strip(), confirmed=confirmed,
                           route=route, response=request.POST.get("response", ""))
        case ActionKind.SEND_BACK:
            return SendBack(response=request.POST.get("response", ""))
        case ActionKind.CHOOSE_ROUTE:
            chosen = request.POST.get("field", "")
            return ChooseRoute(
                field=chosen,
                value=request.POST.get(f"route__{chosen}", request.POST.get("value", "")),
            )
        case ActionKind.PUBLISH:
            return Publish(confirmed=confirmed)
        case ActionKind.ARCHIVE:
            return Archive(note=request.POST.get("note", "").strip())
        case ActionKind.REFUSE:
            return Refuse(reason=request.POST.get("reason", ""))
        case ActionKind.CANCEL:
            return Cancel(reason=request.POST.get("reason", ""))
    return None  # edits go through the content form


def _version(request: OrgRequest) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


@member_required
@require_POST
def delete_draft(request: OrgRequest, pk: int) -> HttpResponse:
    """Delete a draft that was never handed in; anything handed in can only be cancelled."""
    item = item_in(request, pk)
    problem = drafts.delete_draft(item.pk, request.user, _version(request))
    if problem:
        messages.warning(request, problem)
        return redirect_to("workspace:item", org=request.organization.slug, pk=item.pk)
    messages.success(request, f"Draf «{item.title or 'tanpa judul'}» telah dihapus.")
    return redirect_to("workspace:inbox", org=request.organization.slug)
