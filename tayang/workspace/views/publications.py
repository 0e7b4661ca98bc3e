"""An item's publications on its channels: the polled table, and an admin's actions on a row.

Who may act is decided by :func:`tayang.channels.actions.may_manage` (the publish step's roles
and the organization's admins); whether the row is in a state for it, by the action itself,
whose answer is shown as it is. The website keeps its own withdrawal (``views/withdraw.py``).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from tayang.channels import actions, scheduled_actions
from tayang.items.models import Item, Publication
from tayang.items.withdrawal import publish_roles
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.channel_page import table_context


@member_required
@require_safe
def table(request: OrgRequest, pk: int) -> HttpResponse:
    """Just the *Penayangan* table, for the item page to replace its own with (htmx)."""
    item = item_in(request, pk)
    return render(request, "workspace/publishing/_publications.html",
                  {"item": item, **table_context(item, request.user)})


@member_required
@require_POST
def retry(request: OrgRequest, pk: int, pub: int) -> HttpResponse:
    item, publication = _publication(request, pk, pub)
    if refused := _refused(request, item):
        return refused
    resend = request.POST.get("resend") == "1"
    return _answer(request, item, actions.retry(publication.pk, request.user, resend=resend))


@member_required
@require_POST
def proof(request: OrgRequest, pk: int, pub: int) -> HttpResponse:
    item, publication = _publication(request, pk, pub)
    if refused := _refused(request, item):
        return refused
    return _answer(request, item,
                   actions.record_proof(publication.pk, request.user, request.POST.get("url", "")))


@member_required
@require_POST
def withdraw(request: OrgRequest, pk: int, pub: int) -> HttpResponse:
    item, publication = _publication(request, pk, pub)
    if refused := _refused(request, item):
        return refused
    return _answer(request, item,
                   actions.withdraw(publication.pk, request.user, request.POST.get("reason", "")))


@member_required
@require_safe
def poster(request: OrgRequest, pk: int, pub: int) -> HttpResponse:
    """The notice-board poster (PDF) a publication produced, for any member to print."""
    item, publication = _publication(request, pk, pub)
    if not publication.document:
        raise Http404("Tayangan ini tidak memiliki poster.")
    name = f"poster-{(item.register_code or str(item.pk)).replace('/', '-')}.pdf"
    response = FileResponse(publication.document.open("rb"), content_type="application/pdf",
                            as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _publication(request: OrgRequest, pk: int, pub: int) -> tuple[Item, Publication]:
    item = item_in(request, pk)
    return item, get_object_or_404(Publication, pk=pub, item=item)


def _refused(request: OrgRequest, item: Item) -> HttpResponse | None:
    if actions.may_manage(item, request.user):
        return None
    sop = item.procedure_version.sop
    names = ", ".join(sop.role(key).name for key in publish_roles(sop))
    who = f"{names} atau admin organisasi" if names else "admin organisasi"
    messages.error(request, f"Tayangan di kanal publikasi hanya dapat diurus oleh {who}.")
    return redirect("workspace:item", org=request.organization.slug, pk=item.pk)


def _answer(request: OrgRequest, item: Item, done: actions.Done) -> HttpResponse:
    (messages.success if done.ok else messages.error)(request, done.message)
    return redirect("workspace:item", org=request.organization.slug, pk=item.pk)


@member_required
@require_POST
def reschedule(request: OrgRequest, pk: int) -> HttpResponse:
    """Move the time the item's scheduled publications go out (``after_publish.reschedule``)."""
    item = item_in(request, pk)
    when = _local_moment(request.POST.get("waktu", ""), request.organization.zone)
    if when is None:
        messages.error(request, "Tuliskan waktu tayang baru, mis. 08-12-2026 08.00.")
        return redirect("workspace:item", org=request.organization.slug, pk=item.pk)
    return _answer(request, item, scheduled_actions.reschedule(item.pk, request.user, when))


@member_required
@require_POST
def pause(request: OrgRequest, pk: int) -> HttpResponse:
    """Hold the item's scheduled publications, or let them go at their time again."""
    item = item_in(request, pk)
    hold = request.POST.get("tahan", "1") == "1"
    return _answer(request, item, scheduled_actions.pause(item.pk, request.user, hold=hold))


def _local_moment(text: str, zone: ZoneInfo) -> datetime | None:
    """A ``datetime-local`` value read in the organization's zone."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
