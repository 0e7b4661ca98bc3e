"""*Periksa bahasa* while writing (issue 14, point 6): the form's text checked, answered as the
panel's HTML fragment (:mod:`tayang.workspace.live_language`). For a new item (the SOP's
current version) and for an item being corrected (its own version); members only, CSRF-checked,
the body bounded before it is read."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tayang.items.workflow import actor_for
from tayang.media.uploads import upload_policy
from tayang.procedures.models import Procedure
from tayang.sop.model import Sop
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.language_page import may_accept_words
from tayang.workspace.live_language import (
    MAX_BODY,
    TOO_LARGE,
    TooLong,
    live_context,
    posted_texts,
)


@upload_policy(max_request_bytes=MAX_BODY, max_file_bytes=0, refusal=TOO_LARGE)
@member_required
@require_POST
def check_new(request: OrgRequest, procedure: str) -> HttpResponse:
    proc = get_object_or_404(request.organization.procedures.filter(is_active=True),
                             key=procedure)
    accept = reverse("workspace:procedure-accept-word",
                     kwargs={"org": request.organization.slug, "procedure": proc.key})
    return _answer(request, proc, proc.current.sop, accept)


@upload_policy(max_request_bytes=MAX_BODY, max_file_bytes=0, refusal=TOO_LARGE)
@member_required
@require_POST
def check_item(request: OrgRequest, pk: int) -> HttpResponse:
    item = item_in(request, pk)
    accept = reverse("workspace:item-accept-word",
                     kwargs={"org": request.organization.slug, "pk": item.pk})
    return _answer(request, item.procedure, item.procedure_version.sop, accept)


def _answer(request: OrgRequest, proc: Procedure, sop: Sop, accept_url: str) -> HttpResponse:
    texts = posted_texts(sop, request.POST)
    if isinstance(texts, TooLong):
        return render(request, "workspace/_language_live.html",
                      {"problem": texts.message, "count": 0}, status=413)
    can_accept = may_accept_words(request.membership, sop,
                                  actor_for(request.user, proc).roles)
    context = live_context(sop, request.organization.pk, texts, can_accept=can_accept)
    return render(request, "workspace/_language_live.html",
                  {**context, "accept_url": accept_url})
