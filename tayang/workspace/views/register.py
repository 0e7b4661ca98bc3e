"""The *Register dokumentasi dan konten*: every handed-in item, searchable and filterable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from tayang.engine.due import Timeliness
from tayang.exports.limits import register_in_background
from tayang.items import search
from tayang.items.models import STATUS_LABELS, Item, RegisterCounter, StepVisit
from tayang.orgs.models import Organization
from tayang.procedures.definitions import sops_by_version
from tayang.workspace import collected_page
from tayang.workspace.access import OrgRequest, member_required
from tayang.workspace.register_rows import COLUMNS, register_row

PAGE_SIZE = 50
PAGE_PARAMETERS = ("setelah", "sebelum", "hal")


@member_required
def register(request: OrgRequest) -> HttpResponse:
    # The search's words are looked up in the index's vocabulary once, for the page and its
    # count (12 ms for a word in 850,000 items: the vocabulary counts them as it is read).
    searches: Searches = {}
    org = request.organization
    items, errors = filtered_for(org, request.GET, searches=searches)
    if any(found is not None and found.collected is not None for found in searches.values()):
        # A search with few matches (PostgreSQL): its rows read once for the page and count.
        ids, matched = collected_page.window(
            items, after=_cursor(request.GET.get("setelah")),
            before=_cursor(request.GET.get("sebelum")), size=PAGE_SIZE)
        page = keyset_page(listed(Item.objects.filter(pk__in=ids), timezone.now())
                           .values(*COLUMNS), request.GET)
        total, over = min(matched, COUNT_LIMIT), matched > COUNT_LIMIT
    else:
        page = keyset_page(items.values(*COLUMNS), request.GET)
        total, over = register_total(org, request.GET, searches)
    sops = sops_by_version({item["procedure_version_id"] for item in page.rows})
    return render(request, "workspace/register.html", {
        "page": page,
        "rows": [register_row(item, sops[item["procedure_version_id"]], org.slug)
                 for item in page.rows],
        "query": request.GET,
        "procedures": org.procedures.all(),
        "units": org.units.all(),
        # The years that gave register numbers: one counter row each, not a scan of items.
        "years": RegisterCounter.objects.filter(organization=org, last_number__gt=0)
        .order_by("-year").values_list("year", flat=True),
        "statuses": [(status.value, label) for status, label in STATUS_LABELS.items()],
        "total": total,
        "total_over": over,
        "filter_errors": errors,
        "export_query": _export_query(request),
        # Many rows: the export links become buttons that start a background export.
        "export_in_background": register_in_background(total),
        "nav": "register",
    })


COUNT_LIMIT = 1000


def register_total(organization: Organization, query: QueryDict,
                   searches: Searches | None = None) -> tuple[int, bool]:
    """How many rows the register shows: (count, whether there are more than that).

    Unfiltered, it is the numbers given, from the register counters (one row a year; items
    are never deleted, so it is exact). Filtered, rows are counted up to ``COUNT_LIMIT`` and
    the page says "lebih dari 1.000": counting every match of a broad filter would read every
    item's row, and the exports count them exactly anyway.
    """
    if not any(query.get(name) for name in RegisterFilter.base_fields):
        given = RegisterCounter.objects.filter(organization=organization).aggregate(
            total=Sum("last_number"))["total"]
        return given or 0, False
    # Ids only: the step counts annotated for the page are not computed for counting.
    counting, _ = filtered_for(organization, query, counting=True, searches=searches)
    counted = counting.order_by().values("pk")[:COUNT_LIMIT + 1].count()
    return min(counted, COUNT_LIMIT), counted > COUNT_LIMIT


def _export_query(request: OrgRequest) -> str:
    """The filters for the export links, without the page number (an export is every page)."""
    query = request.GET.copy()
    for name in PAGE_PARAMETERS:
        query.pop(name, None)
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


type Searches = dict[str, search.Matching | None]


def filtered_for(organization: Organization, query: QueryDict, *, counting: bool = False,
                 searches: Searches | None = None) -> tuple[QuerySet[Item], list[str]]:
    """The register's rows for filters given as a query string's values.

    Drafts never handed in have no register number and are left out. A background export
    calls this with the query string it stored, so its file has the very rows of the screen.
    ``counting``: the same rows, unordered and without the columns of the page, asked the
    way that counts them fastest (a search: the full-text index read first). ``searches``:
    the searches already looked up in this request, by their text (filled here).
    """
    now = timezone.now()
    form = RegisterFilter(query)
    form.is_valid()
    errors = [f"{form.fields[name].label or name}: {' '.join(messages)}"
              for name, messages in form.errors.items()]
    params = form.cleaned_data
    items = Item.objects.filter(
        organization=organization, register_number__isnull=False
    )
    for key, column in (("status", "status"), ("sop", "procedure__key"), ("unit", "unit_id"),
                        ("tahun", "register_year"), ("dari", "handed_in_at__date__gte"),
                        ("sampai", "handed_in_at__date__lte")):
        if params.get(key) not in (None, ""):
            items = items.filter(**{column: params[key]})
    if text := (params.get("q") or "").strip():
        if searches is None:
            found = search.matching(text)
        elif text in searches:
            found = searches[text]
        else:
            found = searches[text] = search.matching(text)
        condition = found.condition if found else Q()
        number, _, year = text.partition("/")
        if number.isdigit():
            by_number = Q(register_number=int(number)) & (
                Q(register_year=int(year)) if year.isdigit() else Q()
            )
            condition = condition | by_number if condition else by_number
        elif counting and found and (joined := found.joined(items, organization.pk)) is not None:
            return joined, errors  # counted as the index yields its rows
        items = items.filter(condition) if condition else items.none()
    if counting:
        return items, errors
    return listed(items, now), errors


def listed(items: QuerySet[Item], now: datetime) -> QuerySet[Item]:
    """``items`` as the register lists them, newest number first. The content (values) is
    not listed; the SOP of each row comes from sops_by_version, and the step counts from one
    small subquery per row shown, never a GROUP BY over the rows."""
    return (
        items.select_related("unit").defer("values", "passed")
        .annotate(
            late_steps=_visits(late_visits(now)),
            timed_steps=_visits(Q(finished_at__isnull=False, skipped=False) | late_visits(now)),
        )
        .order_by("-register_year", "-register_number")
    )


def late_visits(now: datetime) -> Q:
    """The visits that are late at ``now``: finished after their limit, or still open with the
    limit already past (an item waiting past its limit is late before anyone acts on it; the
    inbox says so, and the register must say the same)."""
    return Q(timeliness=Timeliness.OVERDUE) | Q(
        finished_at__isnull=True, skipped=False, due_limit__lte=now
    )


def _visits(condition: Q) -> Coalesce:
    counted = (
        StepVisit.objects.filter(condition, item=OuterRef("pk")).order_by()
        .values("item").annotate(count=Count("pk")).values("count")
    )
    return Coalesce(Subquery(counted), 0)


@dataclass(frozen=True)
class KeysetPage:
    """One page of the register, found from the register number it starts after (or before):
    the thousandth page costs what the first does, where an offset would read every row
    before it."""

    rows: list[dict[str, Any]]  # register_rows.COLUMNS
    newer: str  # the query string of the page before (newer numbers); empty on the first
    older: str  # of the page after; empty on the last


def keyset_page(items: QuerySet[Item, dict[str, Any]], query: QueryDict,
                size: int | None = None) -> KeysetPage:
    size = size or PAGE_SIZE
    after, before = _cursor(query.get("setelah")), _cursor(query.get("sebelum"))
    if before is not None:
        found = list(items.extra(where=[_AFTER_KEY], params=before)
                     .order_by("register_year", "register_number")[:size + 1])
        more_newer, rows = len(found) > size, found[:size][::-1]
        more_older = bool(rows)
    else:
        if after is not None:
            items = items.extra(where=[_BEFORE_KEY], params=after)
        found = list(items[:size + 1])
        rows, more_older, more_newer = found[:size], len(found) > size, after is not None
    return KeysetPage(
        rows=rows,
        newer=_link(query, "sebelum", rows[0]) if more_newer and rows else "",
        older=_link(query, "setelah", rows[-1]) if more_older and rows else "",
    )


# Row-value comparisons: both databases walk the register index from the given number.
_BEFORE_KEY = '("items_item"."register_year", "items_item"."register_number") < (%s, %s)'
_AFTER_KEY = '("items_item"."register_year", "items_item"."register_number") > (%s, %s)'


def _cursor(raw: str | None) -> tuple[int, int] | None:
    year, _, number = (raw or "").partition("-")
    if not (year.isdigit() and number.isdigit()):
        return None
    return int(year), int(number)


def _link(query: QueryDict, name: str, item: dict[str, Any]) -> str:
    kept = query.copy()
    for parameter in PAGE_PARAMETERS:
        kept.pop(parameter, None)
    kept[name] = f"{item['register_year']}-{item['register_number']}"
    return kept.urlencode()

