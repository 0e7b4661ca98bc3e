"""Applying one EYD V suggestion to the item's text: an ordinary edit, through the engine."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tayang.engine.actions import Edit
from tayang.items.workflow import perform
from tayang.language.eyd import findings
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.language_page import checked_text


@member_required
@require_POST
def fix(request: OrgRequest, pk: int) -> HttpResponse:
    item = item_in(request, pk)
    back = redirect("workspace:item", org=request.organization.slug, pk=item.pk)
    sop = item.procedure_version.sop
    key = request.POST.get("field", "")
    text = checked_text(sop, item.values, key)
    try:
        start = int(request.POST.get("start", ""))
        version = int(request.POST.get("version", ""))
    except ValueError:
        start = version = -1
    wanted = request.POST.get("found", "")
    finding = next((f for f in findings(text or "") if f.start == start and f.found == wanted),
                   None)
    if text is None or finding is None:
        messages.error(request, "Saran ini tidak berlaku lagi: teksnya sudah berubah. Periksa "
                                "saran yang ditampilkan sekarang.")
        return back
    result = perform(item.pk, request.user, Edit({key: finding.apply(text)},
                                                 note=f"Saran EYD: «{finding.found}» → "
                                                      f"«{finding.suggestion}»"),
                     expected_version=version)
    if result.ok:
        messages.success(request, f"Diterapkan: «{finding.found}» menjadi "
                                  f"«{finding.suggestion}».")
    else:
        messages.error(request, result.message)
    return back
