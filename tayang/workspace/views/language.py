"""Applying one EYD V suggestion to the item's text (an ordinary edit, through the engine), and
accepting a word the spelling check flagged."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from tayang.engine.actions import Edit
from tayang.items.workflow import actor_for, perform
from tayang.language import accepted
from tayang.language.eyd import findings
from tayang.procedures.models import Procedure
from tayang.sop.model import Sop
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.language_page import checked_text, may_accept_words


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


@member_required
@require_POST
def accept_word(request: OrgRequest, pk: int) -> HttpResponse:
    """*Terima kata* beside a spelling finding: the word joins the organization's accepted
    list (admins and reviewers of the item's SOP, :func:`may_accept_words`)."""
    item = item_in(request, pk)
    back = redirect("workspace:item", org=request.organization.slug, pk=item.pk)
    return _accept(request, item.procedure_version.sop, item.procedure, back)


@member_required
@require_POST
def accept_word_new(request: OrgRequest, procedure: str) -> HttpResponse:
    """*Terima kata* in the *Periksa bahasa* panel of a new item's form (no item yet): the same
    decision, on the SOP's current version."""
    proc = get_object_or_404(request.organization.procedures.filter(is_active=True),
                             key=procedure)
    back = redirect("workspace:item-create", org=request.organization.slug,
                    procedure=proc.key)
    return _accept(request, proc.current.sop, proc, back)


def _accept(request: OrgRequest, sop: Sop, procedure: Procedure,
            back: HttpResponse) -> HttpResponse:
    """Add the posted word; the outcome as a message and ``back``, or — for the panel's script
    (``Accept: application/json``) — as JSON, with the status saying whether it was added."""
    script = request.headers.get("Accept", "").startswith("application/json")

    def answer(level: int, text: str, status: int) -> HttpResponse:
        if script:
            return JsonResponse({"message": text, "ok": status == 200}, status=status)
        messages.add_message(request, level, text)
        return back

    if not may_accept_words(request.membership, sop, actor_for(request.user, procedure).roles):
        return answer(messages.ERROR, "Hanya admin dan peninjau SOP ini yang dapat menambahkan "
                                      "kata ke daftar kata diterima.", 403)
    words, problems = accepted.parse_words(request.POST.get("word", ""))
    if len(words) > 1:
        problems = ["Terima satu kata sekali klik."]
    if problems:
        return answer(messages.ERROR, " ".join(problems), 422)
    result = accepted.add(request.organization, words, request.user)
    if result.problems:
        return answer(messages.ERROR, " ".join(result.problems), 422)
    if result.added:
        return answer(messages.SUCCESS, f"«{words[0]}» ditambahkan ke daftar kata diterima; "
                                        "kata ini tidak ditandai lagi.", 200)
    return answer(messages.INFO, f"«{words[0]}» sudah ada di daftar kata diterima.", 200)
