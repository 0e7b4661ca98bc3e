"""Which production server ``make run`` uses: gunicorn and granian on the same cached article.

A demo installation (``migrate``, ``demo``, ``collectstatic``: what ``make run`` builds) is
served by each candidate in turn on a loopback port, two worker processes each (the machines
have two cores), and loaded with ``wrk`` (one thread, four connections: concurrency 4) on a
public article whose page is in the page cache; a Python client stands in when ``wrk`` is
missing. Rounds are interleaved (A B C, A B C, …) so a busy moment on the shared machine
does not favour one candidate; the median round counts. Also measured: the resident memory
of the server's processes (master and workers, from /proc) after the load.

``python -m bench servers`` prints the figures and writes ``bench/results/servers.json``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.results import write

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 3
SECONDS = 8
CONNECTIONS = 4
VENV_BIN = Path(sys.executable).parent


def candidates(port: int) -> dict[str, list[str]]:
    address = f"127.0.0.1:{port}"
    return {
        "gunicorn-sync-2": [str(VENV_BIN / "gunicorn"), "--bind", address, "--workers", "2",
                            "--worker-class", "sync", "tayang.wsgi:application"],
        "gunicorn-gthread-2x4": [str(VENV_BIN / "gunicorn"), "--bind", address, "--workers",
                                 "2", "--threads", "4", "tayang.wsgi:application"],
        # As scripts/run.sh starts it.
        "granian-wsgi-2x8": [str(VENV_BIN / "granian"), "--interface", "wsgi", "--host",
                             "127.0.0.1", "--port", str(port), "--workers", "2",
                             "--blocking-threads", "8", "--log-level", "error",
                             "tayang.wsgi:application"],
    }


def run() -> None:
    print(f"servers: artikel publik (cache halaman), konkurensi {CONNECTIONS}, "
          f"{ROUNDS} putaran × {SECONDS} s, {'wrk' if shutil.which('wrk') else 'klien Python'}")
    folder = Path(tempfile.mkdtemp(prefix="tayang-bench-servers-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
           "TAYANG_VAR_DIR": str(folder), "TAYANG_DEBUG": "0", "TAYANG_LOG_LEVEL": "WARNING",
           "PYTHONPATH": str(ROOT)}
    for name in ("DATABASE_URL", "TAYANG_REDIS_URL", "TAYANG_S3_BUCKET"):
        env.pop(name, None)
    try:
        path = _build(env)
        rounds: dict[str, list[dict[str, float]]] = {}
        for _ in range(ROUNDS):
            for name in candidates(0):
                rounds.setdefault(name, []).append(_measure(name, env, path))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    figures: dict[str, object] = {"path": path, "connections": CONNECTIONS}
    for name, results in rounds.items():
        rps = statistics.median(r["rps"] for r in results)
        figures[name] = {
            "rps_median": round(rps, 1),
            "rps_rounds": [round(r["rps"], 1) for r in results],
            "latency_p50_ms": round(statistics.median(r["p50_ms"] for r in results), 2),
            "rss_mb": round(statistics.median(r["rss_mb"] for r in results), 1),
        }
        print(f"  {name:<22} {rps:8.1f} req/s   p50 {figures[name]['latency_p50_ms']:6.2f} ms"
              f"   RSS {figures[name]['rss_mb']:6.1f} MB")
    write("servers", figures)


def _build(env: dict[str, str]) -> str:
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "-v", "0"], ["demo"], ["collectstatic", "--no-input", "-v", "0"]):
        subprocess.run([*manage, *command], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    found = subprocess.run(
        [*manage, "shell", "-v", "0", "-c",
         "from tayang.public.models import Article; "
         "a = Article.objects.select_related('organization').order_by('pk').first(); "
         "print(f'/situs/{a.organization.slug}/berita/{a.item_id}/{a.slug}/')"],
        env=env, check=True, cwd=ROOT, capture_output=True, text=True,
    )
    return found.stdout.strip().splitlines()[-1]


def _measure(name: str, env: dict[str, str], path: str) -> dict[str, float]:
    port = _free_port()
    server = subprocess.Popen(candidates(port)[name], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}{path}"
    try:
        _wait_until_up(url)
        for _ in range(40):  # every worker renders and caches the page
            urllib.request.urlopen(url, timeout=10).read()
        rps, p50 = _load(url)
        return {"rps": rps, "p50_ms": p50, "rss_mb": _rss_mb(server.pid)}
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def _load(url: str) -> tuple[float, float]:
    if shutil.which("wrk"):
        done = subprocess.run(
            ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
            capture_output=True, text=True, check=True,
        )
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))
        p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", done.stdout)
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)]
        return rps, float(p50.group(1)) * scale
    return _python_load(url)


def _python_load(url: str) -> tuple[float, float]:
    """Four clients with kept-alive connections, for machines without wrk."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    deadline = time.monotonic() + SECONDS

    def client(_: int) -> list[float]:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        times = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection.request("GET", parts.path)
            connection.getresponse().read()
            times.append((time.perf_counter() - started) * 1000)
        return times

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        samples = [t for times in pool.map(client, range(CONNECTIONS)) for t in times]
    return len(samples) / SECONDS, statistics.median(samples)


def _rss_mb(pid: int) -> float:
    """Resident memory of the server and its children (the workers)."""
    total = 0
    pids = {pid}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                pids.add(int(entry.name))
    for each in pids:
        try:
            status = (Path("/proc") / str(each) / "status").read_text()
        except OSError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    return total / 1024


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer at {url}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
