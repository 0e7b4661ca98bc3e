"""The chunked uploader's three calls (tayang.media.chunked): start a file, append a piece at an
offset (or ask where to resume), and — with the last piece — check and store it with the item
exactly as a form upload is (file_intake.take_files)."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tayang.engine.actions import ActionKind
from tayang.engine.machine import allowed_actions
from tayang.items.models import Item
from tayang.items.workflow import actor_for, state_of
from tayang.media import chunked
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.edit_page import editable_fields_of
from tayang.workspace.file_intake import take_files
from tayang.workspace.views.handin import why_not_editable


@member_required
@require_POST
def start(request: OrgRequest, pk: int) -> HttpResponse:
    item = item_in(request, pk)
    field_key = request.POST.get("field", "")
    name = request.POST.get("name", "").strip() or "berkas"
    if refusal := _not_editable(request, item, field_key):
        return _refused(name, refusal, 422)
    try:
        size = int(request.POST.get("size", ""))
    except ValueError:
        return _refused(name, "ukuran berkas tidak disebutkan", 400)
    try:
        part = chunked.start(user_id=request.user.pk, item_id=item.pk, field=field_key,
                             name=name, size=size)
    except chunked.ChunkRefused as refused:
        return _refused(name, str(refused), refused.status)
    return JsonResponse({
        "id": part.id, "offset": 0, "chunk": chunked.CHUNK_BYTES,
        "url": reverse("workspace:item-chunk", kwargs={
            "org": request.organization.slug, "pk": item.pk, "part": part.id}),
    }, status=201)


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def piece(request: OrgRequest, pk: int, part: str) -> HttpResponse:
    """GET (or HEAD): where to resume. POST: one piece at ``Upload-Offset``; the last one
    stores it."""
    item = item_in(request, pk)
    try:
        found = chunked.find(part, user_id=request.user.pk, item_id=item.pk)
    except chunked.ChunkRefused as refused:
        return JsonResponse({"message": str(refused)}, status=refused.status)
    if request.method in ("GET", "HEAD"):
        return JsonResponse({"offset": found.received, "size": found.size})
    if refusal := _not_editable(request, item, found.field):
        chunked.discard(found)
        return _refused(found.name, refusal, 422)
    try:
        offset = int(request.headers.get("Upload-Offset", ""))
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return JsonResponse({"message": "Upload-Offset tidak valid.",
                             "offset": found.received}, status=400)
    try:
        reached = chunked.append(found, offset, length, request)
    except chunked.ChunkRefused as refused:
        return JsonResponse({"message": str(refused), "offset": refused.offset},
                            status=refused.status)
    if reached < found.size:
        return JsonResponse({"offset": reached, "size": found.size})
    # The whole file is in: the same checks and storage as any upload, then the part goes.
    uploaded = chunked.assembled(found)
    try:
        taken = take_files(request, item, found.field, [uploaded], [])
    finally:
        uploaded.close()
        chunked.discard(found)
    return JsonResponse({"offset": reached, "size": found.size, "done": True,
                         **taken.answer(item)}, status=taken.status)


def _not_editable(request: OrgRequest, item: Item, field_key: str) -> str:
    sop = item.procedure_version.sop
    if field_key not in editable_fields_of(sop, item) or not sop.has_field(field_key):
        raise Http404("Isian tidak dapat diubah.")
    actor = actor_for(request.user, item.procedure)
    state = state_of(item, sop)
    if ActionKind.EDIT not in allowed_actions(sop, state, actor):
        return why_not_editable(item, sop, state, actor)
    return ""


def _refused(name: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"accepted": [], "rejected": [{"name": name, "message": message}],
                         "done": True}, status=status)
