"""The dashboard and the evaluation report pages, and the report's PDF and XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tayang.evaluation import dashboard as board
from tayang.evaluation import report as evaluation
from tayang.evaluation.access import evaluator_required
from tayang.evaluation.period import Period, read_period, read_unit
from tayang.evaluation.queries import Scope
from tayang.workspace.access import OrgRequest


def _scope(request: OrgRequest) -> tuple[Scope, list[str]]:
    org = request.organization
    today = timezone.now().astimezone(org.zone).date()
    period, errors = read_period(request.GET, today)
    unit, unit_errors = read_unit(request.GET, set(org.units.values_list("pk", flat=True)))
    return Scope(org, period, unit), errors + unit_errors


def _filters(request: OrgRequest, scope: Scope, errors: list[str]) -> dict[str, object]:
    return {
        "period": scope.period,
        "unit": scope.unit,
        "units": request.organization.units.all(),
        "filter_errors": errors,
    }


@evaluator_required
def dashboard(request: OrgRequest) -> HttpResponse:
    scope, errors = _scope(request)
    now = timezone.now()
    return render(request, "evaluation/dashboard.html", {
        **_filters(request, scope, errors),
        "board": board.build(scope, now),
        "now": now,
        "nav": "dashboard",
    })


def _comparison(request: OrgRequest, scope: Scope) -> tuple[Period | None, list[str]]:
    if not (request.GET.get("banding_dari") or request.GET.get("banding_sampai")):
        return None, []
    today = timezone.now().astimezone(request.organization.zone).date()
    period, errors = read_period(request.GET, today, start_key="banding_dari",
                                 end_key="banding_sampai", fallback=scope.period.before())
    return period, [f"Periode pembanding: {error}" for error in errors]


@evaluator_required
def report(request: OrgRequest) -> HttpResponse:
    scope, errors = _scope(request)
    compared, compare_errors = _comparison(request, scope)
    now = timezone.now()
    if request.method == "POST":
        # Notes belong to the period on screen: with a period that could not be read they
        # would land on the default one, so nothing is saved.
        problems = [*errors, *compare_errors]
        if not problems:
            _, problems = evaluation.save_notes(scope, request.POST, request.user, now)
        if problems:
            for problem in problems:
                messages.error(request, problem)
            messages.error(request, "Kesimpulan dan rekomendasi tidak disimpan.")
        else:
            messages.success(request, "Kesimpulan dan rekomendasi evaluator disimpan.")
        return redirect(f"{request.path}?{evaluation.query_of(scope, compared)}")
    return render(request, "evaluation/report.html", {
        **_filters(request, scope, errors + compare_errors),
        "compared": compared,
        "report": evaluation.build(scope, now, compared),
        "query": evaluation.query_of(scope, compared),
        "nav": "evaluation",
    })


@evaluator_required
def report_file(request: OrgRequest, fmt: str) -> HttpResponse:
    scope, errors = _scope(request)
    compared, compare_errors = _comparison(request, scope)
    if errors or compare_errors:
        for problem in errors + compare_errors:
            messages.error(request, problem)
        return redirect("workspace:evaluation", org=request.organization.slug)
    now = timezone.now()
    built = evaluation.build(scope, now, compared)
    name = f"evaluasi-sop-{scope.period.start.isoformat()}-{scope.period.end.isoformat()}"
    if fmt == "xlsx":
        from tayang.evaluation.report_files import to_xlsx

        response = HttpResponse(
            to_xlsx(built, scope),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        from tayang.evaluation.report_files import report_content, to_pdf, verification_params
        from tayang.records import verification
        from tayang.records.models import IssuedRecord
        from tayang.records.typesetting import verification_of

        note = built.note
        issued = verification.issue(
            request.organization, IssuedRecord.Kind.EVALUATION,
            verification.evaluation_content(report_content(built, scope)),
            title=f"Laporan evaluasi penerapan SOP — {built.period.text}",
            issued_on=now.astimezone(request.organization.zone).date(),
            signer=verification.Signer(note.evaluator if note else "",
                                       (note.position if note else "") or "Evaluator",
                                       "", note.nip if note else ""),
            params=verification_params(scope, compared, now), user=request.user,
        )
        response = HttpResponse(to_pdf(built, scope, now=now,
                                       verification=verification_of(issued)),
                                content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    messages.error(request, "Format unduhan tidak dikenal; pilih PDF atau XLSX.")
    return redirect("workspace:evaluation", org=request.organization.slug)
