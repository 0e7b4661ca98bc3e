"""Kelola › Kata diterima: the organization's own words the spelling check never flags."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tayang.language import accepted
from tayang.language.models import AcceptedWord
from tayang.workspace.access import OrgRequest, admin_required


@admin_required
def words(request: OrgRequest) -> HttpResponse:
    org = request.organization
    problems: list[str] = []
    typed = ""
    if request.method == "POST":
        typed = request.POST.get("words", "")
        found, problems = accepted.parse_words(typed)
        if not problems:
            result = accepted.add(org, found, request.user)
            problems = result.problems
            if not problems:
                messages.success(request, f"{len(result.added)} kata ditambahkan." if result.added
                                 else "Semua kata itu sudah ada di daftar.")
                return redirect("workspace:manage-words", org=org.slug)
    listed = AcceptedWord.objects.filter(organization=org).select_related("added_by")
    page = Paginator(listed, 100).get_page(request.GET.get("hal"))
    return render(request, "workspace/manage/words.html", {
        "nav": "manage", "page": page, "problems": problems, "typed": typed,
    }, status=422 if problems else 200)


@admin_required
@require_POST
def word_delete(request: OrgRequest, pk: int) -> HttpResponse:
    deleted, _ = AcceptedWord.objects.filter(organization=request.organization, pk=pk).delete()
    if deleted:
        messages.success(request, "Kata dihapus dari daftar; pemeriksaan berikutnya menandainya "
                                  "lagi bila tidak ada di kamus.")
    return redirect("workspace:manage-words", org=request.organization.slug)
