"""A written response printed as an official letter: issue it once (numbered), print it.

Any member may read an issued letter; issuing one gives it the organization's next letter
number, so only the response's author and the organization's admins may do it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from tayang.items.models import WrittenResponse
from tayang.records.models import Letter
from tayang.records.official_letters import (
    issue_letter,
    issue_verification,
    letter_pdf,
    suggested,
)
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.letter_form import LetterForm
from tayang.workspace.views.records import _download


def _response(request: OrgRequest, pk: int, response: int) -> WrittenResponse:
    item = item_in(request, pk)
    written = get_object_or_404(item.responses.select_related("author"), pk=response)
    written.item = item
    return written


@member_required
def letter(request: OrgRequest, pk: int, response: int) -> HttpResponse:
    written = _response(request, pk, response)
    issued = Letter.objects.filter(response=written).first()
    may_issue = request.membership.is_admin or written.author_id == request.user.pk
    form = None
    if issued is None:
        if not may_issue:
            return render(request, "workspace/letter.html", {
                "item": written.item, "response": written, "letter": None, "form": None,
            })
        today = timezone.localdate(timezone=request.organization.zone)
        form = LetterForm(request.POST or None, initial=suggested(written, today))
        if request.method == "POST" and form.is_valid():
            made = issue_letter(written, form.draft(), request.user)
            messages.success(request, f"Surat nomor {made.number} diterbitkan.")
            return redirect("workspace:response-official-letter", org=request.organization.slug,
                            pk=written.item.pk, response=written.pk)
    elif request.method == "POST":
        messages.info(request, f"Tanggapan ini sudah diterbitkan sebagai surat nomor "
                               f"{issued.number}; nomornya tidak berubah.")
    return render(request, "workspace/letter.html", {
        "item": written.item, "response": written, "letter": issued, "form": form,
    }, status=422 if form is not None and form.errors else 200)


@member_required
def letter_file(request: OrgRequest, pk: int, response: int) -> HttpResponse:
    written = _response(request, pk, response)
    issued = Letter.objects.filter(response=written).select_related("response").first()
    if issued is None:
        raise Http404("Surat belum diterbitkan.")
    issued.response = written
    record = issue_verification(issued, request.user)
    data = letter_pdf(issued, record, now=timezone.now())
    return _download(data, "application/pdf", f"surat-{issued.sequence}-{issued.year}.pdf",
                     inline=True)


LIST_LIMIT = 500  # a year's outgoing letters of one office fit; older years by the filter


@member_required
def letters_list(request: OrgRequest) -> HttpResponse:
    """*Surat keluar*: the organization's issued letters of a year, newest number first — the
    agenda an archivist keeps of outgoing letters."""
    org = request.organization
    years = list(Letter.objects.filter(organization=org).order_by("-year")
                 .values_list("year", flat=True).distinct())
    today = timezone.localdate(timezone=org.zone)
    try:
        year = int(request.GET.get("tahun", years[0] if years else today.year))
    except ValueError:
        year = today.year
    letters = (Letter.objects.filter(organization=org, year=year)
               .select_related("response__item").order_by("-sequence")[:LIST_LIMIT])
    return render(request, "workspace/letters.html", {
        "letters": letters, "year": year, "years": years, "nav": "register",
    })
