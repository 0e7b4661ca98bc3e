"""The dashboard and the SOP evaluation report at a large agency's scale (issue 13).

``python -m bench evaluation`` builds (or, with ``--reuse``, reuses) the database of
:mod:`bench.scale` (20,000 finished items over two years, 500 waiting, all five seed SOPs,
with their step visits, history and publications), then asks as the organization's admin for

* the dashboard of its default period (the last twelve weeks) and of a whole year;
* the evaluation report page of a year, compared with the year before;
* the report's XLSX and PDF of a year;

each timed in-process (two warm-ups, then the p95 of 20 requests; the files: the median of 5),
with the number of queries each request makes. The options are those of ``bench scale``
(``--items``, ``--small``, ``--postgres [URL]``, ``--reuse``, ``--results``).
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta
from typing import Any

from bench import scale
from bench.numbers import thousands
from bench.results import write

AIMS: dict[str, tuple[str, float]] = {
    "dashboard_default_p95_ms": ("dasbor, 12 minggu terakhir, p95", 300),
    "dashboard_year_p95_ms": ("dasbor, satu tahun, p95", 300),
    "report_year_compared_p95_ms": ("laporan evaluasi setahun + pembanding, p95", 300),
    "report_xlsx_year_ms": ("laporan XLSX setahun, median", 1000),
    "report_pdf_year_ms": ("laporan PDF setahun, median", 3000),
}


def run(argv: list[str] | None = None) -> dict[str, Any]:
    options = scale._options([*(argv or []), "--no-http"])
    finished = options.items
    vendor = "postgresql" if options.postgres else "sqlite"
    print(f"evaluation: {thousands(finished)} konten selesai + {thousands(options.waiting)} "
          f"menunggu, {vendor}")
    env = scale._configure(options, finished)
    figures: dict[str, Any] = {"database": vendor, "items": finished}
    import django

    django.setup()
    scale._build(options, finished, figures)
    from tayang import heap

    heap.settle()  # the process as the server's are set (tayang/wsgi.py)
    heap.freeze()
    # The machine may be shared: the load around the timing says how far to trust it.
    figures["load_average_at_start"] = round(os.getloadavg()[0], 1)
    figures.update(_measure())
    figures["load_average_at_end"] = round(os.getloadavg()[0], 1)
    name = "evaluation" if vendor == "sqlite" else "evaluation-postgresql"
    if finished != 20_000 or options.years:  # other sizes beside the usual one
        name += f"-{scale._suffix(finished)}" + (f"-{options.years}y" if options.years else "")
    from pathlib import Path

    write(name, figures, Path(options.results))
    _print(figures)
    scale._tidy(options, env)
    return figures


def _measure() -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from bench.scaleflow import SLUG, client_for
    from tayang.evaluation.models import ActivityTally, StepTally
    from tayang.evaluation.tallies import rebuild
    from tayang.items.models import Item, LogEntry, StepVisit
    from tayang.orgs.models import Organization

    admin = client_for("kelola")
    org = Organization.objects.get(slug=SLUG)
    today = timezone.now().astimezone(org.zone).date()
    year = {"dari": (today - timedelta(days=364)).isoformat(), "sampai": today.isoformat()}
    compared = {**year, "banding_dari": (today - timedelta(days=729)).isoformat(),
                "banding_sampai": (today - timedelta(days=365)).isoformat()}
    dashboard = reverse("workspace:dashboard", kwargs={"org": SLUG})
    report = reverse("workspace:evaluation", kwargs={"org": SLUG})
    files = {fmt: reverse("workspace:evaluation-file", kwargs={"org": SLUG, "fmt": fmt})
             for fmt in ("xlsx", "pdf")}
    figures: dict[str, Any] = {
        "visits_in_year": StepVisit.objects.filter(
            item__organization=org, entered_at__date__gte=year["dari"]).count(),
        "items_in_year": Item.objects.filter(
            organization=org, created_at__date__gte=year["dari"]).count(),
        "log_entries": LogEntry.objects.filter(item__organization=org).count(),
    }
    cases = {
        "dashboard_default": (dashboard, {}),
        "dashboard_year": (dashboard, year),
        "report_year_compared": (report, compared),
    }
    for key, (path, query) in cases.items():
        figures[f"{key}_p95_ms"], figures[f"{key}_cpu_ms"] = _p95(
            lambda p=path, q=query: admin.get(p, q))
        with CaptureQueriesContext(connection) as captured:
            admin.get(path, query)
        figures[f"{key}_queries"] = len(captured.captured_queries)
    for fmt, path in files.items():
        samples = []
        for _ in range(6):
            started = time.perf_counter()
            response = admin.get(path, year)
            assert response.status_code == 200, response.status_code
            samples.append((time.perf_counter() - started) * 1000)
        figures[f"report_{fmt}_year_ms"] = round(statistics.median(samples[1:]), 1)
    # What ``manage.py evaluation_rebuild`` (and migrate, on a database from before the
    # tallies) costs for this organization, and how many rows the tallies are.
    started = time.perf_counter()
    rebuild(org.pk)
    figures["tallies_rebuild_s"] = round(time.perf_counter() - started, 1)
    figures["step_tally_rows"] = StepTally.objects.filter(organization=org).count()
    figures["activity_tally_rows"] = ActivityTally.objects.filter(organization=org).count()
    return figures


def _p95(get: Any, runs: int = 20) -> tuple[float, float]:
    """The p95 of the wall-clock time, and the median CPU time of this thread (the view, the
    ORM and, on SQLite, the database itself): on a shared machine the second says what the
    page costs apart from the waiting."""
    for _ in range(2):
        assert get().status_code == 200
    samples, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.thread_time()
        response = get()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - used) * 1000)
        assert response.status_code == 200, response.status_code
    samples.sort()
    return (round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 1),
            round(statistics.median(cpu), 1))


def _print(figures: dict[str, Any]) -> None:
    print(f"\n  beban mesin (load average): {figures['load_average_at_start']} → "
          f"{figures['load_average_at_end']}")
    print(f"\n  konten dalam setahun: {thousands(figures['items_in_year'])}; kunjungan "
          f"langkah dalam setahun: {thousands(figures['visits_in_year'])}; riwayat: "
          f"{thousands(figures['log_entries'])}")
    rows = (f"{thousands(figures['step_tally_rows'])} baris rekap langkah dan "
            f"{thousands(figures['activity_tally_rows'])} baris rekap kegiatan")
    print(f"  rekap disusun ulang dalam {figures['tallies_rebuild_s']} detik ({rows})")
    print(f"\n  {'ukuran':<48}{'hasil':>10}{'CPU':>8}{'kueri':>8}{'sasaran':>10}")
    for key, (label, aim) in AIMS.items():
        found = figures[key]
        page = key.removesuffix("_p95_ms") if key.endswith("_p95_ms") else ""
        queries = figures.get(f"{page}_queries", "") if page else ""
        cpu = figures.get(f"{page}_cpu_ms", "") if page else ""
        print(f"  {label:<48}{found:>10}{cpu!s:>8}{queries!s:>8}{'<= ' + str(aim):>10}  "
              f"{'ya' if found <= aim else 'TIDAK'}")
