"""Speed at a large agency's scale (issue 16): the figures of its table, against its aims.

``python -m bench scale`` builds a database of 20,000 finished items and 500 waiting ones
(:mod:`bench.scaledata`), then measures

* the whole flow of one item through the views, only the POSTs timed, and the queries of the
  publish POST (:mod:`bench.scaleflow`);
* the reviewer's and the hand-in person's inbox, the register's first page, a search and a
  filtered search, and the public news list without the page cache (p95 of 20 requests);
* one article rendered without the page cache, in-process (median);
* the article over HTTP under the production server, two workers, concurrency 4, with the
  page cache and without (:mod:`bench.serving`); the web process's resident memory after a
  warm-up of public and staff pages, and the worker's after ten tasks;
* the database's size.

Options: ``--items N`` (finished items; ``--small`` is 2,000, the default 20,000),
``--million`` (1,000,000 items: the listings again, keys ending ``_1m``), ``--waiting N``,
``--postgres [URL]`` (PostgreSQL at URL, or DATABASE_URL; a database ``<name>_scale`` is made
there), ``--reuse`` (keep the built database under ``var/bench/`` and use it again),
``--no-http`` (skip the server and memory figures), ``--results DIR`` (where the JSON
goes). SQLite is used otherwise, in a file under ``var/bench/`` (WAL, as ``make run``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from bench.numbers import thousands
from bench.reference import reference_ms
from bench.results import write

ROOT = Path(__file__).resolve().parent.parent
AIMS: dict[str, tuple[str, float, str]] = {
    # key: (what, aim, "<=" or ">=")
    "flow_ms_median": ("alur lengkap, waktu server (7 POST)", 30, "<="),
    "inbox_reviewer_p95_ms": ("kotak masuk pemeriksa, p95", 25, "<="),
    "inbox_editor_p95_ms": ("kotak masuk penyerah, p95", 25, "<="),
    "register_first_p95_ms": ("register halaman pertama, p95", 30, "<="),
    "register_search_p95_ms": ("register cari «nomor 77», p95", 30, "<="),
    "register_filter_p95_ms": ("register saring status + unit, p95", 30, "<="),
    "register_broad_search_p95_ms": ("register cari kata umum + saring, p95", 30, "<="),
    "news_list_nocache_p95_ms": ("daftar berita tanpa cache, p95", 10, "<="),
    "article_nocache_ms": ("artikel tanpa cache, dalam proses", 2.5, "<="),
    "article_rps": ("artikel, cache halaman, c=4 (req/s)", 1500, ">="),
    "article_nocache_rps": ("artikel tanpa cache, c=4 (req/s)", 500, ">="),
    "db_mb": ("ukuran basis data (MB)", 300, "<="),
    "web_rss_mb": ("memori proses web (MB)", 80, "<="),
    "worker_rss_mb": ("memori pekerja setelah tugas-tugasnya (MB)", 80, "<="),
    "publish_queries": ("kueri POST tayang", 15, "<="),
}
MILLION_AIMS = {"inbox_reviewer_p95_ms": 100, "inbox_editor_p95_ms": 100,
                "register_first_p95_ms": 100, "register_search_p95_ms": 100,
                "register_filter_p95_ms": 100, "register_broad_search_p95_ms": 100,
                "news_list_nocache_p95_ms": 100}
LISTING_KEYS = ("inbox_reviewer_p95_ms", "inbox_editor_p95_ms", "register_first_p95_ms",
                "register_search_p95_ms", "register_filter_p95_ms",
                "register_broad_search_p95_ms", "news_list_nocache_p95_ms")


def run(argv: list[str] | None = None) -> dict[str, Any]:
    options = _options(argv or [])
    finished = 1_000_000 if options.million else options.items
    suffix = _suffix(finished)
    vendor = "postgresql" if options.postgres else "sqlite"
    print(f"scale: {thousands(finished)} konten selesai + {thousands(options.waiting)} "
          f"menunggu, {vendor}")
    env = _configure(options, finished)
    figures: dict[str, Any] = {"database": vendor, "items": finished,
                               "waiting": options.waiting}
    import django

    django.setup()
    _build(options, finished, figures)
    from tayang import heap

    heap.settle()  # the process as the server's are set (tayang/wsgi.py)
    heap.freeze()
    from bench import scaleflow

    flow = scaleflow.flows(options.flows)
    figures["load_average_at_start"] = round(os.getloadavg()[0], 1)
    figures["reference_cpu_ms_at_start"] = reference_ms()
    figures["flow_ms_median"] = round(statistics.median(flow.runs), 2)
    figures["flow_cpu_ms_median"] = round(statistics.median(flow.cpu_runs), 2)
    figures["flow_posts_ms_median"] = {name: round(statistics.median(ms), 2)
                                       for name, ms in flow.posts.items()}
    figures["publish_queries"] = flow.publish_queries
    # Warm now, as a server is after its first requests (``heap.freeze_when_warm``): frozen
    # here, not at whichever measured request would be the 200th.
    heap.freeze()
    for key, value in scaleflow.listings().items():
        figures[f"{key}_{suffix}"] = value
    article = scaleflow.article_path(flow.published[-1])
    figures["article_path"] = article
    figures["article_nocache_ms"] = scaleflow.article_nocache_ms(article)
    figures["cpu_ms"] = dict(scaleflow.CPU)  # the same figures in this thread's CPU time
    figures[f"db_mb_{suffix}"] = _database_mb()
    if not options.no_http:
        _serve(env, article, flow.published, figures)
    figures["load_average_at_end"] = round(os.getloadavg()[0], 1)
    figures["reference_cpu_ms_at_end"] = reference_ms()
    name = "scale" if vendor == "sqlite" else "scale-postgresql"
    if options.million:
        name += "-1m"
    write(name, figures, Path(options.results))
    _print(figures, suffix)
    _tidy(options, env)
    return figures


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench scale")
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--small", action="store_const", dest="items", const=2_000)
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--waiting", type=int, default=500)
    parser.add_argument("--years", type=int, default=None,
                        help="the years the finished items are spread over")
    parser.add_argument("--flows", type=int, default=9)
    parser.add_argument("--postgres", nargs="?", const=os.environ.get("DATABASE_URL", ""),
                        default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--sqlite", action="store_const", dest="postgres", const=None)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--var", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--results", default=str(ROOT / "bench" / "results"))
    options = parser.parse_args(argv)
    if options.postgres == "":
        parser.error("--postgres needs a URL or DATABASE_URL")
    return options


def _suffix(finished: int) -> str:
    if finished >= 1_000_000:
        return f"{finished // 1_000_000}m"
    return f"{finished // 1000}k" if finished >= 1000 else str(finished)


def _configure(options: argparse.Namespace, finished: int) -> dict[str, str]:
    """Environment for this process and for the servers it starts."""
    years = f"-{options.years}y" if options.years else ""
    folder = Path(options.var) / f"{'pg' if options.postgres else 'sqlite'}-{finished}{years}"
    if folder.exists() and not options.reuse:
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        "DJANGO_SETTINGS_MODULE": "tayang.settings",
        "TAYANG_VAR_DIR": str(folder),
        "TAYANG_MEDIA_ROOT": str(folder / "media"),
        "TAYANG_DEBUG": "0",
        "TAYANG_LOG_LEVEL": "WARNING",
        "TAYANG_SWEEP_SECONDS": "3600",
    }
    if options.postgres:
        env["DATABASE_URL"] = _postgres_database(options.postgres, finished, options.reuse,
                                                 years)
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.update(env)
    os.environ.pop("TAYANG_TASK_BACKEND", None)
    os.environ.pop("TAYANG_REDIS_URL", None)
    return env


def _postgres_database(url: str, finished: int, reuse: bool, years: str = "") -> str:
    import psycopg

    base, _, name = url.rpartition("/")
    scale_name = f"{name.split('?')[0]}_scale_{finished}{years.replace('-', '_')}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                               (scale_name,)).fetchone()
        if exists and not reuse:
            admin.execute(f'DROP DATABASE "{scale_name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{scale_name}"')
    return f"{base}/{scale_name}"


def _build(options: argparse.Namespace, finished: int, figures: dict[str, Any]) -> None:
    from django.core.management import call_command
    from django.db import connection

    from bench import scaledata

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    # Pages name their static files through the manifest, as in production (``make run``).
    call_command("collectstatic", interactive=False, verbosity=0)
    scaledata.large_page_cache()
    if options.reuse and scaledata.built(finished):
        print("  basis data yang sudah dibangun dipakai lagi")
        figures["build_seconds"] = 0
    elif options.reuse and (organization := scaledata.cloned(finished)) is not None:
        print("  konten hasil gandaan dipakai lagi; indeks dan artikel dibuat")
        scaledata.derive(organization)
        figures["build_seconds"] = round(time.perf_counter() - started, 1)
    else:
        built = scaledata.build(finished, options.waiting, years=options.years)
        scaledata.derive(built.organization_id)
        figures["build_seconds"] = round(time.perf_counter() - started, 1)
        figures["rows"] = built.counts
        print(f"  dibangun dalam {figures['build_seconds']} detik")
    scaledata.analyze()
    # The measurements open a connection as the product's processes do (its default cache).
    connection.close()


def _database_mb() -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return round(cursor.fetchone()[0] / 1024 / 1024, 1)
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(connection.settings_dict["NAME"])
    return round(path.stat().st_size / 1024 / 1024, 1)


def _serve(env: dict[str, str], article: str, published: list[int],
           figures: dict[str, Any]) -> None:
    from django.db import close_old_connections

    from bench import scaleflow, serving

    close_old_connections()
    full = serving.environment(env)
    public = [f"/situs/{scaledata_slug()}/", f"/situs/{scaledata_slug()}/berita/", article,
              f"/situs/{scaledata_slug()}/rss/", f"/situs/{scaledata_slug()}/sitemap.xml"]
    staff = [f"/kerja/{scaledata_slug()}/", f"/kerja/{scaledata_slug()}/register/",
             f"/kerja/{scaledata_slug()}/konten/{published[-1]}/"]
    with serving.served(full) as (base, process):
        serving.warm_up(base, public, staff, scaleflow.username("kelola"), "tayang-demo")
        figures["article_rps"] = serving.requests_per_second(f"{base}{article}", 4000)
        figures["web_rss_mb"] = max(serving.rss_mb(pid) for pid in serving.children(process.pid))
    nocache = {**full, "DJANGO_SETTINGS_MODULE": "bench.nocache_settings"}
    with serving.served(nocache) as (base, _):
        serving.requests_per_second(f"{base}{article}", 50)
        figures["article_nocache_rps"] = serving.requests_per_second(f"{base}{article}", 1500)
    _worker_rss(full, figures)


def _worker_rss(env: dict[str, str], figures: dict[str, Any]) -> None:
    """The worker's memory once it has done the tasks the flows left (at least ten).

    ``worker_rss_mb`` is what it holds afterwards, at rest (what a machine pays all day; a
    worker left large by its tasks starts afresh when idle, ``tayang/outbox/recycle.py``),
    ``worker_peak_rss_mb`` the most it held while working (sampled every 0.1 s).
    """
    from django_tasks_db.models import DBTaskResult

    from bench import serving

    done_before = DBTaskResult.objects.finished().count()
    with serving.worker(env) as process:
        deadline, peak, done, idle_since = time.monotonic() + 300, 0.0, 0, None
        while time.monotonic() < deadline:
            peak = max(peak, serving.rss_mb(process.pid))
            done = DBTaskResult.objects.finished().count() - done_before
            waiting = DBTaskResult.objects.ready().exists()
            if done >= 10 and not waiting:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since > 5:  # time to start afresh if it must
                    break
            else:
                idle_since = None
            time.sleep(0.1)
        figures["worker_rss_mb"] = serving.rss_mb(process.pid)
        figures["worker_peak_rss_mb"] = peak
        figures["worker_tasks"] = done


def scaledata_slug() -> str:
    from bench.scaledata import SLUG

    return SLUG


def _tidy(options: argparse.Namespace, env: dict[str, str]) -> None:
    if options.reuse:
        return
    from django.db import connections

    connections.close_all()
    if not options.postgres:
        shutil.rmtree(env["TAYANG_VAR_DIR"], ignore_errors=True)


def _print(figures: dict[str, Any], suffix: str) -> None:
    print(f"\n  beban mesin (load average): {figures['load_average_at_start']} → "
          f"{figures['load_average_at_end']}; kerja rujukan {figures['reference_cpu_ms_at_start']}"
          f" → {figures['reference_cpu_ms_at_end']} ms CPU (bench/reference.py); "
          f"waktu CPU: {figures['cpu_ms']}, alur {figures['flow_cpu_ms_median']} ms")
    print(f"\n  {'ukuran':<44}{'hasil':>12}{'sasaran':>12}")
    for key, (label, aim, sense) in AIMS.items():
        found = figures.get(key, figures.get(f"{key}_{suffix}"))
        if found is None:
            continue
        if suffix.endswith("m") and key in MILLION_AIMS:
            aim = MILLION_AIMS[key]
        met = found <= aim if sense == "<=" else found >= aim
        print(f"  {label:<44}{found:>12}{sense + ' ' + str(aim):>12}  {'ya' if met else 'TIDAK'}")
