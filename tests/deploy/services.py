"""Real services for the deployment tests: PostgreSQL, Redis, a local S3 server, processes.

PostgreSQL and Redis are the machine's own (standard ports, or TAYANG_TEST_POSTGRES_URL and
TAYANG_TEST_REDIS_URL). A test that needs one skips when it is absent, except in CI
(``CI=true``), where that is a failure, as in scripts/test.sh. Each test makes databases of its
own next to the configured one (``<name>_<suffix>``), a bucket of its own, and a Redis key
prefix of its own, so tests running side by side (``-n 2``) never meet.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench.serving import SERVER_ENV

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def unavailable(what: str) -> None:
    """Skip locally; in CI a missing service fails the run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI membutuhkan {what}")
    pytest.skip(f"{what} tidak tersedia")


def postgres_url() -> str:
    """The configured PostgreSQL database's URL (checked to answer)."""
    configured = os.environ.get("DATABASE_URL", "")
    url = os.environ.get("TAYANG_TEST_POSTGRES_URL") or (
        configured if configured.startswith("postgres") else
        "postgres://postgres@127.0.0.1:5432/test"
    )
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except Exception:
        unavailable(f"PostgreSQL di {url}")
    return url


@contextmanager
def postgres_database(suffix: str) -> Iterator[str]:
    """A fresh database beside the configured one, dropped afterwards: its URL."""
    import psycopg

    base = postgres_url()
    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/') or 'tayang'}_{suffix}"
    url = urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_url() -> str:
    url = os.environ.get("TAYANG_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception:
        unavailable(f"Redis di {url}")
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"menunggu {what} lebih dari {seconds} s")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status < 500
    except OSError:
        return False


def base_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a Tayang process with its own var/ folder."""
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
           "TAYANG_VAR_DIR": str(var_dir), "TAYANG_LOG_LEVEL": "WARNING",
           "PYTHONPATH": str(ROOT)}
    for name in ("DATABASE_URL", "TAYANG_MEDIA_ROOT", "TAYANG_STATIC_ROOT", "TAYANG_REDIS_URL",
                 "TAYANG_S3_BUCKET", "TAYANG_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE",
                 "TAYANG_TASK_BACKEND"):
        env.pop(name, None)
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, check: bool = True,
           timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    if check:
        assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stderr[-4000:]}"
    return done


@contextmanager
def s3_server() -> Iterator[dict[str, str]]:
    """A local S3-compatible server (moto's, a real HTTP server) and a fresh bucket in it:
    the TAYANG_S3_* variables that point at it."""
    port = free_port()
    log = open(os.devnull, "wb")  # noqa: SIM115  (closed below)
    server = subprocess.Popen([PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=log)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        wait_until(lambda: answers(f"{endpoint}/moto-api/"), 60, "server S3 lokal")
        bucket = f"tayang-{uuid.uuid4().hex[:12]}"
        settings = {
            "TAYANG_S3_BUCKET": bucket, "TAYANG_S3_ENDPOINT_URL": endpoint,
            "TAYANG_S3_ACCESS_KEY": "uji", "TAYANG_S3_SECRET_KEY": "uji-rahasia",
            "TAYANG_S3_REGION": "us-east-1",
        }
        import boto3

        boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="uji",
                     aws_secret_access_key="uji-rahasia",
                     region_name="us-east-1").create_bucket(Bucket=bucket)
        yield settings
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


class Processes:
    """Server processes started by a test, each logging to a file; all stopped at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log,
                                   stderr=subprocess.STDOUT)
        log.close()
        self.started.append((name, process))
        return process

    def web(self, name: str, env: dict[str, str], port: int) -> str:
        """The production server (granian, as scripts/run.sh and deploy/ run it, with their
        environment: one heap, code without docstrings and asserts): its URL."""
        process = self.start(name, [
            str(Path(PYTHON).parent / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", "1", "--blocking-threads", "4",
            "--workers-kill-timeout", "5", "--log-level", "warning", "tayang.wsgi:application",
        ], {**SERVER_ENV, **env})
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: process.poll() is not None or answers(f"{url}/sehat/"), 120,
                   f"server web {name}")
        assert process.poll() is None, self.log(name)
        return url

    def worker(self, name: str, env: dict[str, str]) -> subprocess.Popen:
        return self.start(name, [PYTHON, str(ROOT / "manage.py"), "worker", "--no-reload",
                                 "--interval", "0.2", "-v", "1"], env)

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")[-6000:]

    def logs(self) -> str:
        return "\n".join(f"--- {name}\n{self.log(name)}" for name, _ in self.started)

    def stop(self) -> None:
        for _, process in self.started:
            if process.poll() is None:
                process.terminate()
        for _, process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def processes(folder: Path) -> Iterator[Processes]:
    running = Processes(folder)
    try:
        yield running
    finally:
        running.stop()
