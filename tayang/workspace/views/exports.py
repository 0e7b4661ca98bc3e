"""Exports made in the background: starting one, watching it, downloading its file.

Starting is a POST (it writes a job); everything else only reads. A job is looked up among
:func:`~tayang.exports.jobs.visible_jobs` of the request's membership, so another person's job
(unless one is an admin) and another organization's job are the same 404 as a job that does
not exist. The job page asks for news with htmx once a second while the job is on its way;
the answer is the status fragment, which stops asking once the job is done or has failed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from tayang.exports.files import REGISTER_FORMATS, ExportError, export_query
from tayang.exports.jobs import start_dossier_export, start_register_export, visible_jobs
from tayang.exports.models import ExportJob
from tayang.workspace.access import OrgRequest, item_in, member_required

LIST_LENGTH = 50


@member_required
def start_register(request: OrgRequest) -> HttpResponse:
    """Start the register export with the filters in the query string (the page's own)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    fmt = request.POST.get("format", "")
    if fmt not in REGISTER_FORMATS:
        raise Http404("Format tidak dikenal.")
    org = request.organization
    try:
        job = start_register_export(org, request.user, request.GET, fmt)  # type: ignore[arg-type]
    except ExportError as error:
        messages.error(request, str(error))
        query = export_query(request.GET).urlencode()
        back = reverse("workspace:register", kwargs={"org": org.slug})
        return redirect(f"{back}?{query}" if query else back)
    return redirect("workspace:export", org=org.slug, pk=job.pk)


@member_required
def start_dossier(request: OrgRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    item = item_in(request, pk)
    org = request.organization
    try:
        job = start_dossier_export(org, request.user, item)  # type: ignore[arg-type]
    except ExportError as error:
        messages.error(request, str(error))
        return redirect("workspace:item", org=org.slug, pk=item.pk)
    return redirect("workspace:export", org=org.slug, pk=job.pk)


@member_required
def job_list(request: OrgRequest) -> HttpResponse:
    """*Unduhan saya*: one's own recent exports; an admin may look at everyone's."""
    everyone = request.membership.is_admin and request.GET.get("semua") == "1"
    jobs = visible_jobs(request.membership)
    if not everyone:
        jobs = jobs.filter(requested_by=request.user)
    return _private(render(request, "workspace/exports/list.html", {
        "jobs": jobs[:LIST_LENGTH], "everyone": everyone, "nav": "exports",
        "keep_days": settings.TAYANG_EXPORT_KEEP_DAYS,
    }))


@member_required
def job_page(request: OrgRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(visible_jobs(request.membership), pk=pk)
    fragment = bool(getattr(request, "htmx", False))
    template = "workspace/exports/_status.html" if fragment else "workspace/exports/job.html"
    response = render(request, template, {"job": job, "nav": "exports"})
    patch_vary_headers(response, ["HX-Request"])  # the fragment and the page share the URL
    return _private(response)


@member_required
def job_file(request: OrgRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(visible_jobs(request.membership), pk=pk, state=ExportJob.State.DONE)
    if not job.file:
        raise Http404("Berkas tidak ditemukan.")
    try:
        handle = job.file.storage.open(job.file.name, "rb")
    except FileNotFoundError as missing:
        raise Http404("Berkas tidak ditemukan.") from missing
    response = FileResponse(handle, content_type=job.content_type, as_attachment=True,
                            filename=job.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


def _private(response: HttpResponse) -> HttpResponse:
    """Never kept by a browser or a proxy: progress changes, and files are the agency's."""
    response["Cache-Control"] = "private, no-store"
    return response
