"""Where the flow's server time goes, per POST: ``python -m bench flowprofile [options]``.

The flow of :mod:`bench.scaleflow` (create, alt texts, hand in, three approvals, publish)
on the scale benchmark's database (``--items``, default 200 finished items: the flow's cost
hardly depends on the register's size), run ``--flows`` times after one warm-up. Printed per
POST: the median wall and CPU milliseconds, the statements, the transactions that may write
(``bench.statements``: on PostgreSQL each waits for the disk), and — from one profiled run
(cProfile; its own overhead inflates those figures, compare them only with each other) — the
functions with the most cumulative and own time (each POST's profile is also written next to
the JSON, ``flowprofile-<post>.prof``). ``--sql`` prints each POST's statements too;
``--where TEXT`` where in the project each statement holding TEXT was sent from; ``--sample``
the shares of CPU by sampling the stack instead of cProfile (``bench.sampling``).

Options of ``bench scale`` are accepted (``--var``, ``--reuse``, ``--postgres``, …).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.reference import reference_ms
from bench.results import write
from bench.statements import counted


@dataclass
class PostFigures:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    server_cpu: list[float] = field(default_factory=list)  # PostgreSQL's backend, same machine
    transactions: list[int] = field(default_factory=list)
    sql: list[str] = field(default_factory=list)
    profile: cProfile.Profile | None = None


def run(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench flowprofile")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sql", action="store_true", help="print each POST's statements")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--where", default="", metavar="TEXT",
                        help="print the project's frames that sent each statement holding TEXT")
    parser.add_argument("--sample", action="store_true",
                        help="sample the stack (bench/sampling.py) instead of cProfile: the "
                             "shares of CPU without the profiler's own cost; use --flows 200+")
    parser.add_argument("--alternate", type=int, default=0, metavar="ROUNDS",
                        help="ROUNDS flows each, alternating, as the code is and as it was "
                             "before the changes named by --before")
    parser.add_argument("--before", choices=sorted(BEFORE), default="prefix",
                        help="which changes --alternate takes away: prefix (the one-statement "
                             "signed-in prefix, the task rows written in the action) or request "
                             "(the person unwrapped, addresses remembered, the CSP header kept) or "
                             "prepared (the actions' statements unprepared)")
    own, rest = parser.parse_known_args(argv or [])
    own.no_profile = own.no_profile or bool(own.alternate) or own.sample
    from bench import scale

    options = scale._options(["--items", "200", "--waiting", "20", "--flows", "5",
                              "--results", str(Path(scale.ROOT) / "bench" / "results"),
                              *rest])
    finished = options.items
    scale._configure(options, finished)
    import django

    django.setup()
    scale._build(options, finished, {})
    from tayang import heap

    # The process as a server's is set (tayang/wsgi.py), as ``bench scale`` measures it: what
    # is loaded (and the build's objects) out of the garbage collector's full passes.
    heap.settle()
    heap.freeze()
    posts: dict[str, PostFigures] = {}
    runs = options.flows

    way = [""]  # the name's suffix: which way the flow runs (``--alternate``)

    @contextlib.contextmanager
    def watch(name: str) -> Iterator[None]:
        from django.db import connection

        figures = posts.setdefault(name + way[0], PostFigures())
        # The run after the timed ones is profiled (its times are the profiler's).
        profiling = not own.no_profile and len(figures.statements) == runs
        # Timed by the thread's CPU clock: on a loaded machine the wall clock charges other
        # processes' time to whatever function was running.
        profile = cProfile.Profile(time.thread_time) if profiling else None
        backend = _backend(connection)
        server_used = _server_cpu_ms(backend)
        started, used = time.perf_counter(), time.thread_time()
        wrapper = _where(own.where, name) if own.where else _passing
        # Counted without CaptureQueriesContext, whose debug cursor formats every statement
        # inside the timed POST (bench/statements.py).
        with counted(connection, keep_sql=own.sql) as counter, \
                connection.execute_wrapper(wrapper):
            if profile is not None:
                profile.enable()
            try:
                yield
            finally:
                if profile is not None:
                    profile.disable()
        if profile is None:
            figures.wall.append((time.perf_counter() - started) * 1000)
            figures.cpu.append((time.thread_time() - used) * 1000)
            # Only when the request kept the backend it started with.
            if server_used is not None and backend == _backend(connection):
                server_now = _server_cpu_ms(backend)
                if server_now is not None:
                    figures.server_cpu.append(server_now - server_used)
        else:
            figures.profile = profile
        figures.statements.append(counter.count)
        figures.transactions.append(counter.transactions)
        figures.sql = counter.sql

    from bench import scaleflow

    if own.alternate:
        _alternated(own.alternate, watch, way, BEFORE[own.before])
    elif own.sample:
        _sampled(runs, watch, own.top)
    else:
        scaleflow.flows(runs + (0 if own.no_profile else 1), watch)
    return _report(posts, own, options)


def _backend(connection: Any) -> int | None:
    """The process id of the PostgreSQL backend serving ``connection``, if it is open."""
    if connection.vendor != "postgresql" or connection.connection is None:
        return None
    return connection.connection.info.backend_pid


def _server_cpu_ms(pid: int | None) -> float | None:
    """The CPU milliseconds process ``pid`` has run (``/proc/<pid>/schedstat``), when it runs
    on this machine: the server's own time, which the thread's CPU clock does not count."""
    if pid is None:
        return None
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6
    except (OSError, ValueError, IndexError):
        return None


def _sampled(runs: int, watch: Any, top: int) -> None:
    """The flows under the sampler (bench/sampling.py), each POST timed as usual."""
    from bench import scaleflow
    from bench.sampling import Sampler

    sampler = Sampler()

    @contextlib.contextmanager
    def both(name: str) -> Iterator[None]:
        with watch(name), sampler.watching(name):
            yield

    with sampler.running():
        scaleflow.flows(runs, both)
    print(sampler.report(top))


def _before_prefix(stack: contextlib.ExitStack) -> None:
    """The session's row read on its own before the person (``tayang.accounts.signed_in``);
    the task rows written after the commit (``tayang.outbox.batch``)."""
    from unittest import mock

    from tayang.accounts import signed_in
    from tayang.outbox import batch

    stack.enter_context(mock.patch.object(signed_in, "_rides_along", lambda session: False))
    stack.enter_context(mock.patch.object(batch, "write_pending", lambda: None))


def _before_request(stack: contextlib.ExitStack) -> None:
    """``request.user`` left lazy in the workspace (``signed_in.person``), every address
    reversed anew (``tayang.web.paths``), the CSP header built for every response
    (``tayang.http.csp``): as before "Cheaper requests around the action" (docs)."""
    from unittest import mock

    from django.urls import reverse
    from django.utils.csp import build_policy

    from tayang.accounts import signed_in
    from tayang.http import csp
    from tayang.notify import compose
    from tayang.web import paths

    def reversed_anew(name: str, *, urlconf: str | None = None, **kwargs: Any) -> str:
        return reverse(name, kwargs=kwargs or None, urlconf=urlconf)

    stack.enter_context(mock.patch.object(signed_in, "person", lambda request: request.user))
    stack.enter_context(mock.patch.object(paths, "path_to", reversed_anew))
    stack.enter_context(mock.patch.object(compose, "path_to", reversed_anew))
    stack.enter_context(mock.patch.object(
        csp.ContentSecurityPolicyMiddleware, "_policy",
        lambda self, config, nonce: build_policy(config, nonce)))


def _before_prepared(stack: contextlib.ExitStack) -> None:
    """The actions' statements (and the signed-in read, the SOP's read for a new item) sent by
    Django's client-binding cursors, unprepared, as before
    "The flow on PostgreSQL: prepared actions" (docs; ``tayang.rows.prepared.actions``)."""
    from unittest import mock

    from tayang.rows import prepared

    stack.enter_context(mock.patch.object(prepared, "actions", _unprepared))
    stack.enter_context(mock.patch.object(prepared, "cursor", _own_cursor))


@contextlib.contextmanager
def _unprepared(using: str = "default") -> Iterator[None]:
    yield


@contextlib.contextmanager
def _own_cursor(using: str = "default") -> Iterator[Any]:
    from django.db import connections

    with connections[using].cursor() as cursor:
        yield cursor


BEFORE = {"prefix": _before_prefix, "request": _before_request,
          "prepared": _before_prepared}


def _alternated(rounds: int, watch: Any, way: list[str],
                before: Any = _before_prefix) -> None:
    """The flow as it is, then as it was before some changes of issue 16 (``before`` takes
    them away: ``BEFORE``), alternately, ``rounds`` times each after one warm-up, in the order
    one-other-other-one: both ways meet the same machine's load."""
    from bench import scaleflow

    scaleflow.flows(0)  # the warm-up
    number = 1
    for round_number in range(rounds):
        # ABBA: neither way always runs first (the first flow of a pair pays for more).
        for suffix in ("", " sebelum")[::1 if round_number % 2 == 0 else -1]:
            way[0] = suffix
            with contextlib.ExitStack() as stack:
                if suffix:
                    before(stack)
                scaleflow._flow(number, [], watch)
            number += 1


def _passing(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    return execute(sql, params, many, context)


def _where(text: str, post: str) -> Any:
    """An execute wrapper printing where each statement holding ``text`` comes from."""
    import traceback

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if text in sql:
            frames = [f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"
                      for frame in traceback.extract_stack()
                      if "/tayang/" in frame.filename]
            print(f"  [{post}] {sql[:90]}\n      " + "\n      ".join(frames[-8:]))
        return execute(sql, params, many, context)

    return wrapper


def _report(posts: dict[str, PostFigures], own: argparse.Namespace,
            options: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {"load_average": round(os.getloadavg()[0], 1),
                               "reference_cpu_ms": reference_ms(), "posts": {}}
    print(f"\n  beban mesin (load average): {figures['load_average']}; kerja rujukan "
          f"{figures['reference_cpu_ms']} ms CPU (bench/reference.py)")
    print(f"  {'POST':<14}{'ms':>9}{'CPU ms':>9}{'kueri':>7}{'transaksi':>10}"
          f"{'CPU server':>12}")
    total_wall = total_cpu = total_server = 0.0
    Path(options.results).mkdir(parents=True, exist_ok=True)  # the profiles are written first
    for name, post in posts.items():
        wall, cpu = statistics.median(post.wall), statistics.median(post.cpu)
        server = statistics.median(post.server_cpu) if post.server_cpu else None
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        total_server += server or 0.0
        figures["posts"][name] = {"ms": round(wall, 2), "cpu_ms": round(cpu, 2),
                                  "statements": max(post.statements),
                                  "transactions": max(post.transactions)}
        if server is not None:
            figures["posts"][name]["server_cpu_ms"] = round(server, 2)
        print(f"  {name:<14}{wall:>9.2f}{cpu:>9.2f}{max(post.statements):>7}"
              f"{max(post.transactions):>10}" + (f"{server:>12.2f}" if server is not None else ""))
    print(f"  {'jumlah':<14}{total_wall:>9.2f}{total_cpu:>9.2f}"
          + (f"{'':>17}{total_server:>12.2f}" if total_server else ""))
    if own.alternate:  # each way's own total
        for suffix in ("", " sebelum"):
            mine = [p for n, p in figures["posts"].items()
                    if n.endswith(" sebelum") == bool(suffix)]
            print(f"  {'jumlah' + suffix:<14}{sum(p['ms'] for p in mine):>9.2f}"
                  f"{sum(p['cpu_ms'] for p in mine):>9.2f}{'':>17}"
                  f"{sum(p.get('server_cpu_ms', 0.0) for p in mine):>12.2f}")
    figures["flow_ms"], figures["flow_cpu_ms"] = round(total_wall, 2), round(total_cpu, 2)
    if total_server:
        figures["flow_server_cpu_ms"] = round(total_server, 2)
    for name, post in posts.items():
        if own.sql:
            print(f"\n== {name}: {len(post.sql)} kueri")
            for number, sql in enumerate(post.sql, 1):
                print(f"  {number:>2}. {sql[:300]}")
        if post.profile is not None:
            # Kept for a closer look: python -m pstats <file>, or snakeviz.
            post.profile.dump_stats(Path(options.results) / f"flowprofile-{name}.prof")
            for order in ("cumulative", "tottime"):
                out = io.StringIO()
                stats = pstats.Stats(post.profile, stream=out).strip_dirs()
                stats.sort_stats(order).print_stats(own.top)
                print(f"\n== {name}, urut {order}\n{_trimmed(out.getvalue())}")
    write("flowprofile", figures, Path(options.results))
    return figures


def _trimmed(text: str) -> str:
    """pstats' table without its preamble."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(lines[start:])
