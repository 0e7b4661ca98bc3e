"""The link page, on a phone, without a password: open → PIN → content and buttons → done.

The address a message carries is ``/putuskan/#<token>``: the token is in the fragment, which
browsers never send, so it is in no access log, proxy log or ``Referer``. The page's script
(``decisions/link.js``) takes it out of the address bar and posts it; from then on the session
knows which link was opened (never the token). Every refusal is a page in Bahasa Indonesia that
changes nothing, and every page is ``no-store`` (a shared phone keeps no copy) and
``same-origin`` for referrers (the address never leaves the site; ``no-referrer`` would make
browsers send ``Origin: null`` with the forms, which CSRF protection rightly refuses).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from tayang.decisions import links, ratelimit, visit
from tayang.decisions.deciding import decide as carry_out
from tayang.decisions.links import Problem, Refusal
from tayang.decisions.models import DecisionLink
from tayang.decisions.page import allowed_for, offered_of, page_context
from tayang.decisions.pins import MAX_FAILURES, PinResult, check_pin
from tayang.engine.actions import ActionKind
from tayang.items.content import media_entries
from tayang.items.models import Item
from tayang.media.models import MediaAsset
from tayang.parties.lookup import party_of
from tayang.sop.model import FieldKind
from tayang.workspace.views.files import asset_response

type View = Callable[..., HttpResponse]


def link_page(view: View) -> View:
    """No caching, no referrer to other sites, no indexing."""

    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def refused(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    return render(request, "decisions/refused.html", {"refusal": refusal},
                  status=refusal.status)


def _too_many(minutes: int) -> Refusal:
    return Refusal(
        Problem.TOO_MANY, "Terlalu banyak percobaan",
        f"Terlalu banyak percobaan dari perangkat atau jaringan ini. Tunggu {minutes} menit, "
        f"lalu buka tautan itu lagi. {links.NOTHING_CHANGED}", 429,
    )


_NOT_OPENED = Refusal(
    Problem.NOT_OPENED, "Buka tautan dari pesan",
    "Halaman ini hanya dapat dibuka melalui tautan keputusan yang dikirim kepada Anda. Buka "
    f"lagi tautan dari pesan (e-mail, Telegram atau WhatsApp). {links.NOTHING_CHANGED}", 400,
)


def _opened_link(request: HttpRequest) -> tuple[DecisionLink, visit.Visit] | Refusal:
    """The link this browser opened, if it still works for whoever is here."""
    current = visit.current(request)
    link = (
        DecisionLink.objects.select_related("user").filter(pk=current.link_id).first()
        if current else None
    )
    if current is None or link is None:
        return _NOT_OPENED
    return _refusal_for(request, link) or (link, current)


def _refusal_for(request: HttpRequest, link: DecisionLink) -> Refusal | None:
    """Someone else is signed in here, or the link no longer works."""
    if request.user.is_authenticated and request.user.pk != link.user_id:
        return links.other_person_refusal(request.user)
    return links.why_not(link)


@link_page
@sensitive_post_parameters("token")
def open_link(request: HttpRequest) -> HttpResponse:
    """GET: the page the message's address opens. POST: the token its script sends."""
    if request.method != "POST":
        return render(request, "decisions/open.html", {"resume": visit.current(request)})
    if minutes := ratelimit.wait_minutes(ratelimit.OPENING, request):
        return refused(request, _too_many(minutes))
    ratelimit.count(ratelimit.OPENING, request)
    link = links.find(request.POST.get("token", ""))
    if link is None:
        return refused(request, links.unknown_refusal())
    if refusal := _refusal_for(request, link):
        return refused(request, refusal)
    visit.opened(request, link)
    if party_of(link.user) is not None:
        # An outside party has no PIN: the link from its mailbox opens the page itself.
        visit.unlock(request)
        return redirect("decisions:decide")
    return redirect("decisions:pin-check")


@link_page
@sensitive_post_parameters("pin")
def enter_pin(request: HttpRequest) -> HttpResponse:
    found = _opened_link(request)
    if isinstance(found, Refusal):
        return refused(request, found)
    link, current = found
    if party_of(link.user) is not None:
        visit.unlock(request)  # no PIN for an office (it has no account to set one in)
        return redirect("decisions:decide")
    if current.unlocked(timezone.now()):
        return redirect("decisions:decide")
    context = {"organization": Item.objects.select_related("organization")
               .get(pk=link.item_id).organization, "max_failures": MAX_FAILURES}
    if request.method != "POST":
        return render(request, "decisions/pin_check.html", context)
    if minutes := ratelimit.wait_minutes(ratelimit.PIN_TRIES, request):
        return refused(request, _too_many(minutes))
    ratelimit.count(ratelimit.PIN_TRIES, request)
    check = check_pin(link.user_id, request.POST.get("pin", ""))
    match check.result:
        case PinResult.RIGHT:
            visit.unlock(request)
            return redirect("decisions:decide")
        case PinResult.WRONG:
            context["wrong"] = (
                f"PIN salah. Sisa percobaan: {check.tries_left}. Setelah {MAX_FAILURES} kali "
                "salah, semua tautan keputusan Anda dikunci sampai admin organisasi membukanya."
            )
            return render(request, "decisions/pin_check.html", context, status=422)
        case PinResult.LOCKED_NOW:
            return refused(request, links.locked_refusal(just_now=True))
    return refused(request, links.why_not(link) or links.locked_refusal())


@link_page
def decide(request: HttpRequest) -> HttpResponse:
    found = _opened_link(request)
    if isinstance(found, Refusal):
        return refused(request, found)
    link, current = found
    if not current.unlocked(timezone.now()):
        return redirect("decisions:pin-check")
    item = Item.objects.select_related(
        "procedure", "procedure_version", "organization"
    ).get(pk=link.item_id)
    if request.method != "POST":
        return render(request, "decisions/decide.html", page_context(link, item))
    try:
        kind = ActionKind(request.POST.get("tindakan", ""))
    except ValueError:
        kind = ActionKind.EDIT  # refused below: not offered on a link page
    offered = offered_of(allowed_for(link, item))
    result = carry_out(link.pk, kind, request.POST, offered=offered)
    if result.link_refusal is not None:
        return refused(request, result.link_refusal)
    if not result.done:
        if refusal := links.why_not(DecisionLink.objects.select_related("user").get(pk=link.pk)):
            return refused(request, refusal)  # someone else acted in the same moment
        context = page_context(link, Item.objects.select_related(
            "procedure", "procedure_version", "organization").get(pk=link.item_id))
        context.update(refusal=result.refused, failed_action=kind.value,
                       typed_response=request.POST.get("response", ""),
                       typed_answer=request.POST.get("accept_response", ""),
                       typed_note=request.POST.get("note", ""))
        return render(request, "decisions/decide.html", context, status=422)
    visit.finish(request, {"message": result.message, "title": item.title,
                           "organization": item.organization.slug, "item": item.pk,
                           "outside": party_of(link.user) is not None})
    return redirect("decisions:done")


@link_page
def done(request: HttpRequest) -> HttpResponse:
    summary = visit.take_summary(request)
    if summary is None:
        return refused(request, _NOT_OPENED)
    return render(request, "decisions/done.html", {"summary": summary})


@link_page
def asset(request: HttpRequest, pk: int, variant: str) -> HttpResponse:
    """A photo or document of the item, to the browser that unlocked its link only."""
    if variant not in ("asli", "kecil"):
        raise Http404("Varian berkas tidak dikenal.")
    found = _opened_link(request)
    if isinstance(found, Refusal) or not found[1].unlocked(timezone.now()):
        raise Http404("Berkas tidak ditemukan.")
    item = Item.objects.select_related("procedure_version").get(pk=found[0].item_id)
    sop = item.procedure_version.sop
    outside = party_of(found[0].user) is not None  # an office never sees internal fields
    shown = {
        int(entry["id"])  # type: ignore[call-overload]
        for f in sop.fields if f.kind in (FieldKind.MEDIA, FieldKind.DOCUMENT)
        and not (outside and f.internal)
        for entry in media_entries(item.values, f.key)
    }
    stored = MediaAsset.objects.filter(pk=pk, item=item).first()
    if stored is None or pk not in shown:
        raise Http404("Berkas tidak ditemukan.")
    response = asset_response(request, stored, variant)
    response["Cache-Control"] = "private, no-store"
    return response
