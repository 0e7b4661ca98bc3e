"""The *Register dokumentasi dan konten*: every handed-in item, searchable and filterable."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from tayang.engine.due import Timeliness
from tayang.exports.limits import register_in_background
from tayang.items.models import STATUS_LABELS, Item
from tayang.orgs.models import Organization
from tayang.procedures.models import ProcedureVersion
from tayang.sop.model import FIVE_W_ONE_H_PARTS, FieldKind
from tayang.workspace.access import OrgRequest, member_required

PAGE_SIZE = 50


@member_required
def register(request: OrgRequest) -> HttpResponse:
    items, errors = filtered(request)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("hal"))
    org = request.organization
    years = (
        Item.objects.filter(organization=org, register_year__isnull=False)
        .values_list("register_year", flat=True).distinct().order_by("-register_year")
    )
    return render(request, "workspace/register.html", {
        "page": page,
        "rows": [_row(item) for item in page],
        "query": request.GET,
        "procedures": org.procedures.all(),
        "units": org.units.all(),
        "years": years,
        "statuses": [(status.value, label) for status, label in STATUS_LABELS.items()],
        "total": page.paginator.count,
        "filter_errors": errors,
        "export_query": _export_query(request),
        # Many rows: the export links become buttons that start a background export.
        "export_in_background": register_in_background(page.paginator.count),
        "nav": "register",
    })


def _export_query(request: OrgRequest) -> str:
    """The filters for the export links, without the page number (an export is every page)."""
    query = request.GET.copy()
    query.pop("hal", None)
    return query.urlencode()


class RegisterFilter(forms.Form):
    """The register's filters; a wrong value is reported, never passed to the database."""

    q = forms.CharField(required=False, max_length=200, label="Cari")
    status = forms.ChoiceField(
        required=False, label="Status",
        choices=[("", ""), *((status.value, name) for status, name in STATUS_LABELS.items())],
    )
    sop = forms.SlugField(required=False, max_length=80, label="SOP")
    unit = forms.IntegerField(required=False, min_value=1, label="Unit")
    tahun = forms.IntegerField(required=False, min_value=2000, max_value=2200, label="Tahun")
    dari = forms.DateField(required=False, label="Diserahkan dari")
    sampai = forms.DateField(required=False, label="Diserahkan sampai")


def filtered(request: OrgRequest) -> tuple[QuerySet[Item], list[str]]:
    """The register's rows for the request's filters, and what was wrong with the filters."""
    return filtered_for(request.organization, request.GET)


def filtered_for(organization: Organization, query: QueryDict
                 ) -> tuple[QuerySet[Item], list[str]]:
    """The register's rows for filters given as a query string's values.

    Drafts never handed in have no register number and are left out. A background export
    calls this with the query string it stored, so its file has the very rows of the screen.
    """
    form = RegisterFilter(query)
    form.is_valid()
    errors = [f"{form.fields[name].label or name}: {' '.join(messages)}"
              for name, messages in form.errors.items()]
    params = form.cleaned_data
    items = Item.objects.filter(
        organization=organization, register_number__isnull=False
    )
    if text := (params.get("q") or "").strip():
        condition = Q(title__icontains=text)
        for path in _written_fields(organization):
            condition |= Q(**{f"values__{path}__icontains": text})
        number, _, year = text.partition("/")
        if number.isdigit():
            condition |= Q(register_number=int(number)) & (
                Q(register_year=int(year)) if year.isdigit() else Q()
            )
        items = items.filter(condition)
    for key, column in (("status", "status"), ("sop", "procedure__key"), ("unit", "unit_id"),
                        ("tahun", "register_year"), ("dari", "handed_in_at__date__gte"),
                        ("sampai", "handed_in_at__date__lte")):
        if params.get(key) not in (None, ""):
            items = items.filter(**{column: params[key]})
    items = (
        items.select_related("procedure_version", "unit")
        .annotate(
            late_steps=Count("visits", filter=Q(visits__timeliness=Timeliness.OVERDUE)),
            timed_steps=Count("visits", filter=Q(visits__finished_at__isnull=False,
                                                 visits__skipped=False)),
        )
        .order_by("-register_year", "-register_number")
    )
    return items, errors


def _written_fields(organization: Organization) -> set[str]:
    """Where the words of an item's content are stored, under every SOP version it may follow.

    The search looks there only: the stored JSON also holds field keys and file ids, and a
    search for "media" or "id" must not match every item.
    """
    paths: set[str] = set()
    versions = ProcedureVersion.objects.filter(
        procedure__organization=organization
    ).select_related("procedure")
    for version in versions:
        for item_field in version.sop.fields:
            if item_field.kind in (FieldKind.TEXT, FieldKind.LONGTEXT, FieldKind.DIP_ENTRY):
                paths.add(item_field.key)
            elif item_field.kind is FieldKind.FIVE_W_ONE_H:
                paths.update(f"{item_field.key}__{part}" for part, _ in FIVE_W_ONE_H_PARTS)
    return paths


def _row(item: Item) -> dict[str, object]:
    sop = item.procedure_version.sop
    step = sop.step(item.step) if item.step else None
    return {
        "item": item,
        "step": step,
        "sop_name": sop.identity.name,
        "status_label": STATUS_LABELS.get(item.status, item.status),  # type: ignore[call-overload]
    }
