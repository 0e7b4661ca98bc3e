"""The organization's working calendar under *Kelola*: national holidays and cuti bersama as
the government set them, and the organization's own closed days, which its admin keeps."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tayang.engine.calendar import national_day_names
from tayang.orgs.forms import ClosedDayForm
from tayang.orgs.models import ClosedDay
from tayang.workspace.access import OrgRequest, admin_required

# Years the page offers: a calendar is kept for the near past and the coming year.
_YEARS_BACK, _YEARS_AHEAD = 2, 2


@admin_required
def closed_days(request: OrgRequest) -> HttpResponse:
    org = request.organization
    this_year = timezone.localdate(timezone=org.zone).year
    years = list(range(this_year - _YEARS_BACK, this_year + _YEARS_AHEAD + 1))
    try:
        year = int(request.GET.get("tahun", this_year))
    except ValueError:
        year = this_year
    year = year if year in years else this_year
    form = ClosedDayForm(request.POST or None)
    if request.method == "POST" and "remove" in request.POST:
        removed, _ = ClosedDay.objects.filter(
            organization=org, pk=request.POST.get("remove", "")
        ).delete()
        if removed:
            messages.success(request, "Hari libur organisasi dihapus.")
        return redirect(f"{request.path}?tahun={year}")
    if request.method == "POST" and form.is_valid():
        day: date = form.cleaned_data["day"]
        try:
            with transaction.atomic():
                ClosedDay.objects.create(organization=org, day=day,
                                         reason=form.cleaned_data["reason"])
        except IntegrityError:
            form.add_error("day", "Tanggal ini sudah tercatat sebagai hari libur organisasi.")
        else:
            messages.success(request, f"{day:%d-%m-%Y} dicatat sebagai hari libur organisasi.")
            return redirect(f"{request.path}?tahun={day.year}")
    own = org.closed_days.filter(day__year=year)
    return render(request, "workspace/manage/calendar.html", {
        "nav": "manage", "form": form, "year": year, "years": years,
        "national": national_day_names(year).items(), "own": own,
    }, status=422 if form.errors else 200)
