"""The item's accessible formats in the workspace: listen, download, make again."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from tayang.accessible import making
from tayang.accessible.models import AccessibleFormat
from tayang.accessible.serving import BY_SLUG, format_response, plain_text_response
from tayang.accessible.source import source_of
from tayang.items.models import Item
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.formats_page import may_request_formats

PRIVATE = "private, no-cache"  # the file changes with the text: always ask again


@member_required
@require_safe
def download(request: OrgRequest, pk: int, kind: str) -> HttpResponseBase:
    item = item_in(request, pk)
    if kind not in BY_SLUG:
        raise Http404("Format tidak dikenal.")
    row = AccessibleFormat.objects.filter(item=item, format=BY_SLUG[kind]).exclude(
        file="").first()
    if row is None:
        raise Http404("Format ini belum dibuat.")
    return format_response(request, row, _stem(item),
                           cache_control=PRIVATE)


@member_required
@require_safe
def plain_text(request: OrgRequest, pk: int) -> HttpResponse:
    item = item_in(request, pk)
    source = source_of(item.procedure_version.sop, item.values)
    return plain_text_response(source, _stem(item),
                               cache_control=PRIVATE)


@member_required
@require_POST
def remake(request: OrgRequest, pk: int) -> HttpResponse:
    item = item_in(request, pk)
    if not may_request_formats(request, item):
        messages.error(request, "Format aksesibel hanya dapat dibuat untuk konten yang sudah "
                                "diserahkan, oleh pemegang peran SOP-nya atau admin.")
    else:
        with transaction.atomic():
            locked = Item.objects.select_for_update().get(pk=item.pk)
            count = making.request(locked, item.procedure_version.sop, again=True)
        messages.success(request, f"{count} format aksesibel sedang dibuat; halaman ini "
                                  "menampilkan keadaannya.")
    return redirect("workspace:item", org=request.organization.slug, pk=item.pk)


def _stem(item: Item) -> str:
    """``konten-0007-2026``: the register number names the file (never the title's text)."""
    return f"konten-{item.register_code.replace('/', '-')}" if item.register_code \
        else f"konten-{item.pk}"
