"""The fixed cost of a signed-in staff request: ``python -m bench prefix [options]``.

What every workspace GET and POST pays before its view does anything: the middleware stack,
the session, the signed-in person, their signed-in session's row, their membership and the
access decorator. Measured on a bare view behind :func:`~tayang.workspace.access.
member_required` (it answers "ok"), mounted beside the project's URLs, through Django's test
client with the project's whole middleware stack, signed in as the flow's reviewer, on the
flow benchmark's database (``bench flowprofile``'s options are accepted).

Printed: the median CPU milliseconds of a GET and of a POST; each middleware's own share (a
stopwatch layer between every two middleware: the time spent in a layer is the time between
entering it and entering the next, plus between the next returning and it returning); each
statement with the CPU time of its execution (the driver and, on SQLite, the database) and
the time spent making it (the ORM's compiling and building instances, from a profile).
``--alternate N`` only compares, in N alternating rounds, the session's row read with the
person (one statement) and on its own (two, as before: ``tayang.accounts.signed_in``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse

ROUNDS = 400

# Filled by the stopwatch layers of the request being measured: (layer index, "in"/"out", t).
_marks: list[tuple[int, str, float]] = []


def stopwatch(index: int) -> Callable[[Callable[[HttpRequest], HttpResponse]],
                                      Callable[[HttpRequest], HttpResponse]]:
    """A middleware factory that notes the thread's CPU clock around the rest of the stack."""

    def factory(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[
            [HttpRequest], HttpResponse]:
        def middleware(request: HttpRequest) -> HttpResponse:
            _marks.append((index, "in", time.thread_time()))
            response = get_response(request)
            _marks.append((index, "out", time.thread_time()))
            return response

        return middleware

    return factory


def run(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench prefix")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--own-time", action="store_true",
                        help="also print the functions with the most own time")
    parser.add_argument("--alternate", type=int, default=0, metavar="ROUNDS",
                        help="only compare, in ROUNDS alternating rounds, the session read "
                             "with the person (one statement) and on its own (two)")
    own, rest = parser.parse_known_args(argv or [])
    from bench import scale

    options = scale._options(["--items", "200", "--waiting", "20",
                              "--results", str(Path(scale.ROOT) / "bench" / "results"), *rest])
    scale._configure(options, options.items)
    import django

    django.setup()
    scale._build(options, options.items, {})
    from django.conf import settings
    from django.test import override_settings

    import bench.prefix_urls as urls

    layers = list(settings.MIDDLEWARE)
    for index in range(len(layers) + 1):
        setattr(urls, f"stopwatch_{index}", stopwatch(index))
    timed_stack = [item for index, name in enumerate(layers)
                   for item in (f"bench.prefix_urls.stopwatch_{index}", name)]
    timed_stack.append(f"bench.prefix_urls.stopwatch_{len(layers)}")
    figures: dict[str, Any] = {}
    if own.alternate:
        with override_settings(ROOT_URLCONF="bench.prefix_urls"):
            return _alternated(own.alternate, own.rounds)
    with override_settings(ROOT_URLCONF="bench.prefix_urls"):
        for method in ("floor", "GET", "POST"):
            figures[method] = _whole(method, own.rounds)
        with override_settings(MIDDLEWARE=timed_stack):
            figures["layers"] = _layers(layers, own.rounds, "GET")
            figures["layers_post"] = _layers(layers, own.rounds, "POST")
        figures["statements"] = _statements()
        figures["parts"] = _parts(own.rounds)
        figures["profile"] = _profiled(own.rounds, own.own_time)
    _print(figures)
    return figures


def _client() -> Any:
    from django.test import Client

    from bench.scaleflow import client_for

    client_for.cache_clear()  # a new handler: the middleware of the settings now in force
    client: Client = client_for("tim_pertimbangan")
    return client


def _send(client: Any, method: str) -> None:
    from bench.prefix_urls import path_for

    where = "/bench-polos/" if method == "floor" else path_for()
    response = client.post(where, {"a": "1"}) if method == "POST" else client.get(where)
    assert response.status_code == 200, response.status_code


def _whole(method: str, rounds: int) -> dict[str, float]:
    client = _client()
    for _ in range(20):
        _send(client, method)
    used, waited = [], []
    for _ in range(rounds):
        started, clock = time.thread_time(), time.perf_counter()
        _send(client, method)
        used.append((time.thread_time() - started) * 1000)
        waited.append((time.perf_counter() - clock) * 1000)
    return {"cpu_ms_median": round(statistics.median(used), 3),
            "cpu_ms_p10": round(statistics.quantiles(used, n=10)[0], 3),
            "wall_ms_median": round(statistics.median(waited), 3)}


def _alternated(rounds: int, requests: int) -> dict[str, Any]:
    """The same requests with the session's row read with the person (one statement) and,
    alternately, on its own before them (two: what ``signed_in`` does when the session came
    from elsewhere), ``rounds`` times each; medians of the rounds' medians, CPU ms."""
    from unittest import mock

    from django.db import connection

    from bench.statements import counted
    from tayang.accounts import signed_in

    ways = {"one statement": signed_in._rides_along, "two statements": lambda session: False}
    figures: dict[str, dict[str, list[float]]] = {
        way: {"GET": [], "POST": [], "GET wall": [], "POST wall": []} for way in ways}
    statements: dict[str, int] = {}
    for round_number in range(rounds):
        # ABBA: neither way always runs first.
        for way, rides_along in list(ways.items())[::1 if round_number % 2 == 0 else -1]:
            with mock.patch.object(signed_in, "_rides_along", rides_along):
                client = _client()
                _send(client, "GET")  # the handler's first request reads the site's hosts
                with counted(connection) as counter:
                    _send(client, "GET")
                statements[way] = counter.count
                for method in ("GET", "POST"):
                    measured = _whole(method, requests)
                    figures[way][method].append(measured["cpu_ms_median"])
                    figures[way][f"{method} wall"].append(measured["wall_ms_median"])
    result = {way: {method: round(statistics.median(values), 3)
                    for method, values in by_method.items()} | {"statements": statements[way]}
              for way, by_method in figures.items()}
    print(f"\n  Berselang-seling, {rounds} putaran × {requests} permintaan (CPU ms, median):")
    for way, row in result.items():
        print(f"  {way:<16} GET {row['GET']:.3f}  POST {row['POST']:.3f}  "
              f"(jam dinding: GET {row['GET wall']:.3f}  POST {row['POST wall']:.3f})  "
              f"({row['statements']} pernyataan)")
    return result


def _layers(layers: list[str], rounds: int, method: str) -> dict[str, float]:
    client = _client()
    for _ in range(20):
        _send(client, method)
    shares: dict[str, list[float]] = {name: [] for name in [*layers, "view (URL, decorator)"]}
    names = [*layers, "view (URL, decorator)"]
    for _ in range(rounds):
        _marks.clear()
        _send(client, method)
        entered = {index: at for index, kind, at in _marks if kind == "in"}
        left = {index: at for index, kind, at in _marks if kind == "out"}
        for index, name in enumerate(names):
            if index + 1 in entered:  # the layer let the request through
                own = (entered[index + 1] - entered[index]) + (left[index] - left[index + 1])
            else:
                own = left[index] - entered[index]
            shares[name].append(own * 1000)
    return {name: round(statistics.median(values), 3) for name, values in shares.items()}


def _statements() -> list[dict[str, Any]]:
    from django.db import connection

    client = _client()
    _send(client, "GET")
    found: list[dict[str, Any]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.thread_time()
        try:
            return execute(sql, params, many, context)
        finally:
            found.append({"sql": sql[:160], "cpu_ms": (time.thread_time() - started) * 1000})

    runs: list[list[dict[str, Any]]] = []
    for _ in range(50):
        found = []
        with connection.execute_wrapper(timed):
            _send(client, "GET")
        runs.append(found)
    return [{"sql": first["sql"],
             "cpu_ms": round(statistics.median(run[n]["cpu_ms"] for run in runs), 3)}
            for n, first in enumerate(runs[0])]


def _parts(rounds: int) -> dict[str, float]:
    """CPU ms of each read of the prefix on its own, the ORM's way and this project's."""
    from django.contrib.auth import SESSION_KEY, get_user_model
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from bench.scaledata import SLUG
    from tayang.accounts import signed_in
    from tayang.accounts.models import SignedInSession
    from tayang.accounts.session_backends import stored
    from tayang.accounts.sessions import TOKEN
    from tayang.orgs.models import Membership

    client = _client()
    key = client.session.session_key
    data = client.session.load()
    user_id, token = int(data[SESSION_KEY]), data[TOKEN]
    user = get_user_model().objects.get(pk=user_id)
    raw = Session.objects.get(session_key=key).session_data
    reads: dict[str, Callable[[], object]] = {
        "ORM: session": lambda: Session.objects.get(session_key=key,
                                                    expire_date__gt=timezone.now()),
        "ORM: user": lambda: get_user_model()._default_manager.get(pk=user_id),
        "ORM: signed-in session": lambda: SignedInSession.objects.filter(
            token=token, user=user).first(),
        "ORM: membership + organization": lambda: Membership.objects.select_related(
            "organization").filter(organization__slug=SLUG, user=user, is_active=True).first(),
        "prepared: session": lambda: stored(key),
        "session data decoded (signature, JSON)": lambda: client.session.decode(raw),
        "session auth hash (HMAC of the password hash)": user.get_session_auth_hash,
        "hand-written: person + session row + membership": lambda: signed_in._read(
            user_id, token, SLUG),
    }
    figures = {}
    for name, read in reads.items():
        for _ in range(20):
            read()
        started = time.thread_time()
        for _ in range(rounds):
            read()
        figures[name] = round((time.thread_time() - started) / rounds * 1000, 3)
    return figures


def _profiled(rounds: int, own_time: bool) -> list[tuple[str, float]]:
    import cProfile
    import pstats

    client = _client()
    for _ in range(20):
        _send(client, "GET")
    profile = cProfile.Profile(time.thread_time)
    profile.enable()
    for _ in range(rounds):
        _send(client, os.environ.get("BENCH_PREFIX_METHOD", "GET"))
    profile.disable()
    stats = pstats.Stats(profile)
    if own_time:
        import io

        out = io.StringIO()
        pstats.Stats(profile, stream=out).strip_dirs().sort_stats("tottime").print_stats(40)
        if os.environ.get("BENCH_PREFIX_CALLERS"):
            pstats.Stats(profile, stream=out).strip_dirs().print_callers(
                os.environ["BENCH_PREFIX_CALLERS"])
        print(out.getvalue())
    wanted = ("get_user", "load", "_checked", "_why_end", "member_required", "wrapper",
              "_get_session_from_db", "identity", "signed_in", "member", "_compile",
              "as_sql", "execute_sql", "from_db", "missing_two_factor", "__call__",
              "decode", "get_session_auth_hash", "resolve", "_hash_verified", "load_backend",
              "_resolve", "_read", "instance", "stored", "override", "get_response")
    rows = []
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if name in wanted and ("tayang" in filename or "django" in filename):
            where = filename.split("site-packages/")[-1].split("/prefix/")[-1]
            rows.append((f"{where}:{name}", round(cumulative / rounds * 1000, 3)))
    return sorted(rows, key=lambda row: -row[1])[:30]


def _print(figures: dict[str, Any]) -> None:
    print("\n  Biaya tetap satu permintaan staf (CPU ms, median; floor: the same stack and "
          "client, a view with no access check)")
    for method in ("floor", "GET", "POST"):
        print(f"  {method:<5}{figures[method]['cpu_ms_median']:>8.3f}"
              f"   (p10 {figures[method]['cpu_ms_p10']:.3f})")
    print("\n  Per lapisan (GET, POST):")
    for name, ms in figures["layers"].items():
        print(f"  {ms:>8.3f}{figures['layers_post'][name]:>8.3f}  {name}")
    print(f"  {sum(figures['layers'].values()):>8.3f}"
          f"{sum(figures['layers_post'].values()):>8.3f}  jumlah (dengan jam henti)")
    print("\n  Pernyataan SQL (CPU eksekusi, ms):")
    for row in figures["statements"]:
        print(f"  {row['cpu_ms']:>8.3f}  {row['sql']}")
    print("\n  Bacaan satu per satu (CPU ms per bacaan, termasuk menyusun kueri):")
    for name, ms in figures["parts"].items():
        print(f"  {ms:>8.3f}  {name}")
    print("\n  Profil (kumulatif per permintaan, ms; termasuk beban profiler):")
    for name, ms in figures["profile"]:
        print(f"  {ms:>8.3f}  {name}")
