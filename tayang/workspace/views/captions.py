"""Captions of a video and transcripts of an audio file (WebVTT), set on the item page: an
uploaded ``.vtt`` file, the stored file corrected in place, or a typed transcript made into
sentence cues. Each is an ordinary edit through the workflow (a new revision; only whoever
may edit the content now), the file written again from its parsed cues."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tayang.engine.actions import Edit
from tayang.items.assets import named_assets
from tayang.items.content import media_entries
from tayang.items.workflow import perform
from tayang.media.captions import MAX_BYTES, CaptionError, from_transcript, parse, to_vtt
from tayang.media.uploads import refusals, upload_policy
from tayang.sop.model import FieldKind
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.captions_page import TIMED_KINDS


@upload_policy(max_file_bytes=MAX_BYTES, max_request_bytes=MAX_BYTES * 3,
               what="berkas takarir")
@member_required
@require_POST
def set_captions(request: OrgRequest, pk: int) -> HttpResponse:
    item = item_in(request, pk)
    back = redirect("workspace:item", org=request.organization.slug, pk=item.pk)
    sop = item.procedure_version.sop
    key = request.POST.get("field", "")
    try:
        asset_id = int(request.POST.get("asset", ""))
        version = int(request.POST.get("version", ""))
    except ValueError:
        asset_id = version = -1
    entries = media_entries(item.values, key) if sop.has_field(key) and \
        sop.field(key).kind is FieldKind.MEDIA else []
    asset = named_assets(item, sop).get(asset_id)
    if asset is None or asset.kind not in TIMED_KINDS or \
            not any(entry["id"] == asset_id for entry in entries):
        messages.error(request, "Berkas video atau audio ini tidak ada lagi di konten.")
        return back
    refused = refusals(request)
    if refused:
        messages.error(request, refused[0].message)
        return back
    try:
        vtt = _captions(request)
    except CaptionError as error:
        messages.error(request, f"Takarir tidak disimpan: {error}")
        return back
    changed = [
        {**entry, "captions": vtt} if entry["id"] == asset_id else entry
        for entry in entries
    ]
    if not vtt:
        changed = [{k: v for k, v in entry.items() if k != "captions" or entry["id"] != asset_id}
                   for entry in changed]
    what = "Takarir video" if asset.kind == asset.Kind.VIDEO else "Transkrip audio"
    result = perform(item.pk, request.user, Edit({key: changed},
                                                 note=f"{what} «{asset.original_name}»"),
                     expected_version=version)
    if result.ok:
        messages.success(request, f"{what} «{asset.original_name}» disimpan." if vtt
                         else f"{what} «{asset.original_name}» dihapus.")
    else:
        messages.error(request, result.message)
    return back


def _captions(request: OrgRequest) -> str:
    """The new captions as stored WebVTT ("" to remove them), or :class:`CaptionError`."""
    upload = request.FILES.get("berkas")
    if upload is not None:
        if upload.size is not None and upload.size > MAX_BYTES:
            raise CaptionError(f"Berkas takarir terlalu besar: paling besar {MAX_BYTES // 1024} "
                               "KB.")
        return to_vtt(parse(upload.read(MAX_BYTES + 1)))
    if "transkrip" in request.POST:
        return to_vtt(from_transcript(request.POST["transkrip"]))
    if "vtt" in request.POST:
        text = request.POST["vtt"]
        if not text.strip():
            return ""
        return to_vtt(parse(text.encode()[:MAX_BYTES + 1]))
    raise CaptionError("Pilih berkas .vtt, ubah takarir, atau tulis transkrip.")
