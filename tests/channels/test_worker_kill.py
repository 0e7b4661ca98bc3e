"""SIGKILL the worker in the middle of publishing to several channels; restart it.

Real processes and a real database file: the item is published by one process, a
``manage.py worker`` process sends it to the channels' (fake, real-HTTP) platforms, and is
killed with SIGKILL while a platform has taken a post but not yet answered. A second worker
then finishes the job: every channel ends published exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.channels.testkit import PapanApi

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, bases: dict[str, str], channels: list[dict]) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tayang.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TAYANG_MEDIA_ROOT": str(tmp_path / "media"),
        "TAYANG_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "TAYANG_CHANNEL_API_BASES": json.dumps(bases),
        "TAYANG_CHANNEL_TIMEOUT": "30",  # longer than the test waits: the kill comes first
        "TAYANG_PUBLISH_LEASE_SECONDS": "2",
        "TAYANG_SWEEP_SECONDS": "0.3",
        "TAYANG_PUBLISH_BACKOFF_SECONDS": "0.2",
        "KILL_CHANNELS": json.dumps(channels),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _states(tmp_path: Path) -> dict[str, str]:
    with sqlite3.connect(tmp_path / "db.sqlite3", timeout=10) as db:
        return dict(db.execute("SELECT channel, state FROM items_publication"))


def _wait(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def platforms():
    apis = {key: PapanApi().start() for key in ("papan-a", "papan-b", "papan-c")}
    yield apis
    for api in apis.values():
        api.stop()


def test_sigkill_mid_publishing_then_restart_publishes_every_channel_once(tmp_path, platforms):
    channels = [
        {"key": key, "kind": "papan", "config": {"board": key, "api_base": api.url},
         "secrets": {"token": "rahasia"}}
        for key, api in platforms.items()
    ]
    env = _env(tmp_path, {}, channels)
    _run(env, "manage.py", "migrate", "--no-input", "-v", "0")
    _run(env, "-m", "tests.channels.kill_scenario", "setup")
    assert _states(tmp_path) == {
        "website": "published", "papan-a": "queued", "papan-b": "queued", "papan-c": "queued",
    }
    # The second platform keeps the post it is sent but never answers.
    platforms["papan-b"].hang("POST", "/posts")

    worker = subprocess.Popen([sys.executable, "-m", "tests.channels.kill_scenario", "worker"],
                              cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        _wait(lambda: len(platforms["papan-b"].posts) == 1, 60, "the post to papan-b")
        assert _states(tmp_path)["papan-b"] == "publishing"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    killed_at = _states(tmp_path)
    assert killed_at["papan-a"] == "published"
    assert killed_at["papan-b"] == "publishing"  # the dead worker's hold, until its lease ends
    assert killed_at["papan-c"] in ("queued", "publishing")

    restarted = subprocess.Popen([sys.executable, "-m", "tests.channels.kill_scenario", "worker"],
                                 cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        _wait(lambda: set(_states(tmp_path).values()) == {"published"}, 60,
              "every channel published")
    finally:
        restarted.send_signal(signal.SIGTERM)
        try:
            restarted.wait(10)
        except subprocess.TimeoutExpired:
            restarted.kill()
    for key, api in platforms.items():
        assert len(api.posts) == 1, key
        assert len(api.calls("POST", "/posts")) == 1, key  # papan-b was found, not re-sent
