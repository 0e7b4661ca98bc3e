"""The production server under load, and resident memory of the web and worker processes.

:func:`server_command` is the one place that says how the product is served; it runs the
WSGI application as ``make run`` and the deployment do (``scripts/run.sh``, docs/deployment.md):
granian, two processes of eight threads, DEBUG off. Load comes from ApacheBench
(``ab``, a C client: a Python client would take a core of its own at these rates) at
concurrency 4. Resident memory is ``VmRSS`` from ``/proc/<pid>/status``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
# The environment of a web process (scripts/run.sh, the systemd unit; tayang/heap.py): its
# heaps — glibc's for Python and SQLite, and the jemalloc granian's own Rust code allocates
# from —, code objects without the columns of each instruction (``PYTHONNODEBUGRANGES``:
# tracebacks lose only their ``^^^`` markers; ~0.6 MB) and without docstrings
# (``PYTHONOPTIMIZE=2``: ~2.5 MB; Tayang has no ``assert`` statement and reads no docstring,
# tests/app/test_web_memory.py; docs/performance.md).
SERVER_ENV = {"MALLOC_ARENA_MAX": "1", "GLIBC_TUNABLES": "glibc.malloc.tcache_count=0",
              "_RJEM_MALLOC_CONF": "narenas:1,tcache:false", "PYTHONNODEBUGRANGES": "1",
              "PYTHONOPTIMIZE": "2"}
CONCURRENCY = 4


def server_command(port: int) -> list[str]:
    """How ``make run`` serves the product (``scripts/run.sh``): granian, two processes."""
    return [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(WORKERS), "--blocking-threads", "8",
            "--log-level", "error", "tayang.wsgi:application"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The server running with ``env`` (DEBUG off); yields its base URL and process."""
    port = free_port()
    # As scripts/run.sh and the systemd unit run it: one heap each, no per-thread caches.
    process = subprocess.Popen(server_command(port), cwd=ROOT,
                               env={**SERVER_ENV, **env, "TAYANG_DEBUG": "0"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process)
        yield base, process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], *, timeout: float = 20) -> None:
    """Ask a server or worker to stop as its service manager would, then kill it if it
    has not stopped within ``timeout`` seconds."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server stopped: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            httpx.get(f"{base}/", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("server did not answer within 60 s")


def requests_per_second(url: str, requests: int) -> float:
    """``ab`` at concurrency 4; every answer must be a 200."""
    if shutil.which("ab") is None:
        raise RuntimeError("ApacheBench (ab, Debian package apache2-utils) is needed")
    ab = subprocess.run(["ab", "-q", "-n", str(requests), "-c", str(CONCURRENCY), url],
                        capture_output=True, text=True, check=True)
    failed = re.search(r"Non-2xx responses:\s+(\d+)", ab.stdout)
    if failed:
        raise RuntimeError(f"{failed.group(1)} answers were not 200: {url}")
    return float(re.search(r"Requests per second:\s+([\d.]+)", ab.stdout).group(1))  # type: ignore[union-attr]


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    if not found.exists():
        return []
    return [int(child) for child in found.read_text().split()]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no VmRSS for {pid}")


def warm_up(base: str, paths: list[str], staff: list[str], user: str, password: str) -> None:
    """The public pages anonymously, then the staff pages signed in (a real sign-in)."""
    with httpx.Client(base_url=base, timeout=30) as client:
        for path in paths:
            for _ in range(3):
                assert client.get(path).status_code == 200, path
        login = client.get("/masuk/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
        assert token, "no CSRF token on the sign-in page"
        signed = client.post("/masuk/", data={
            "username": user, "password": password, "csrfmiddlewaretoken": token.group(1),
        }, headers={"Referer": f"{base}/masuk/"})
        assert signed.status_code == 302, signed.status_code
        for path in staff:
            for _ in range(3):
                assert client.get(path).status_code == 200, path


@contextmanager
def worker(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        [sys.executable, "manage.py", "worker"], cwd=ROOT,
        env={**env, "TAYANG_DEBUG": "0"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        stop(process, timeout=30)


def environment(extra: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.pop("TAYANG_TASK_BACKEND", None)
    return env
