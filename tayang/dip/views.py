"""The PPID's screens for the DIP: the list, entries, decrees, documents, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tayang.dip import tabular
from tayang.dip.access import dip_keeper_required
from tayang.dip.documents import add_document
from tayang.dip.forms import DecreeForm, DocumentForm, EntryForm, ImportForm
from tayang.dip.models import Classification
from tayang.media.intake import MediaRejected, StorageFailed
from tayang.media.uploads import upload_policy
from tayang.workspace.access import OrgRequest


@dip_keeper_required
def entries(request: OrgRequest) -> HttpResponse:
    org = request.organization
    today = timezone.localdate()
    rows = (
        org.dip_entries.select_related("decree").annotate(document_count=Count("documents"))
        .order_by("classification", "number")
    )
    classification = request.GET.get("klasifikasi", "")
    if classification in Classification.values:
        rows = rows.filter(classification=classification)
    listed = list(rows)
    stale = [entry for entry in listed if entry.is_stale(today)]
    return render(request, "dip/entries.html", {
        "nav": "dip", "entries": listed, "stale": stale, "today": today,
        "classifications": Classification.choices, "chosen": classification,
        "decrees": org.dip_decrees.all(),
    })


@dip_keeper_required
def entry(request: OrgRequest, pk: int | None = None) -> HttpResponse:
    org = request.organization
    instance = get_object_or_404(org.dip_entries, pk=pk) if pk else None
    form = EntryForm(org, request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.organization = org
        saved.updated_on = timezone.localdate()
        saved.save()
        messages.success(request, f"Entri DIP {saved.number} disimpan.")
        return redirect("dip:entry", org=org.slug, pk=saved.pk)
    documents = instance.documents.all() if instance else []
    return render(request, "dip/entry.html", {
        "nav": "dip", "form": form, "entry": instance, "documents": documents,
        "document_form": DocumentForm(),
    }, status=422 if form.errors else 200)


@dip_keeper_required
@require_POST
def document(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    instance = get_object_or_404(org.dip_entries, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_document(instance, form.cleaned_data["title"], form.cleaned_data["file"],
                         request.user)
        except (MediaRejected, StorageFailed) as problem:
            messages.error(request, f"Dokumen tidak disimpan: {problem}.")
        else:
            instance.updated_on = timezone.localdate()
            instance.save(update_fields=["updated_on"])
            messages.success(request, "Dokumen ditambahkan.")
    else:
        messages.error(request, "Isi judul dan pilih berkas dokumen.")
    return redirect("dip:entry", org=org.slug, pk=instance.pk)


@dip_keeper_required
def decrees(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = DecreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if org.dip_decrees.filter(number=form.cleaned_data["number"]).exists():
            form.add_error("number", "SK dengan nomor ini sudah dicatat.")
        else:
            decree = form.save(commit=False)
            decree.organization = org
            decree.save()
            messages.success(request, f"{decree} dicatat.")
            return redirect("dip:decrees", org=org.slug)
    return render(request, "dip/decrees.html", {
        "nav": "dip", "form": form,
        "decrees": org.dip_decrees.annotate(entry_count=Count("entries")),
    }, status=422 if form.errors else 200)


@upload_policy(max_file_bytes=tabular.MAX_IMPORT_BYTES, what="berkas impor DIP")
@dip_keeper_required
def import_file(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = ImportForm(org, request.POST or None, request.FILES or None)
    result = None
    problem = ""
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            table = tabular.read_table(uploaded.name, uploaded)
        except tabular.ImportRefused as refused:
            problem = str(refused)
        else:
            result = tabular.import_entries(org, form.cleaned_data["decree"], table,
                                            timezone.localdate())
            if result.ok and (result.created or result.updated):
                messages.success(request, f"Impor selesai: {result.created} entri baru, "
                                          f"{result.updated} entri diperbarui.")
                return redirect("dip:entries", org=org.slug)
            if result.ok:
                problem = "Tidak ada baris yang berisi entri; tidak ada yang disimpan."
    failed = bool(problem or form.errors or (result and not result.ok))
    return render(request, "dip/import.html", {
        "nav": "dip", "form": form, "result": result, "problem": problem,
        "columns": tabular.COLUMNS,
    }, status=422 if failed else 200)


@dip_keeper_required
def export(request: OrgRequest, fmt: str) -> HttpResponse:
    org = request.organization
    rows = org.dip_entries.select_related("decree").order_by("number")
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        data = tabular.export_xlsx(rows, f"Daftar Informasi Publik {org.name}")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = tabular.export_csv(rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="dip-{org.slug}-{stamp}.{fmt}"'
    return response
