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
from pathlib import Path

import pytest

from tests.channels.fakes import ckan, graph, telegram, wordpress
from tests.channels.fakes.ckan import FakeCkan
from tests.channels.fakes.graph import FakeGraph
from tests.channels.fakes.telegram import FakeTelegram
from tests.channels.fakes.wordpress import FakeWordPress
from tests.channels.testkit import PapanApi
from tests.processes import run_python, wait_for

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, bases: dict[str, str], channels: list[dict]) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tayang.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TAYANG_MEDIA_ROOT": str(tmp_path / "media"),
        "TAYANG_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "TAYANG_CHANNEL_API_BASES": json.dumps(bases),
        # The fake WordPress and CKAN sites are on loopback: the operator's allow-list says so.
        "TAYANG_OUTBOUND_ALLOW": "127.0.0.1",
        "TAYANG_CHANNEL_TIMEOUT": "30",  # longer than the test waits: the kill comes first
        "TAYANG_PUBLISH_LEASE_SECONDS": "2",
        "TAYANG_SWEEP_SECONDS": "0.3",
        "TAYANG_PUBLISH_BACKOFF_SECONDS": "0.2",
        "KILL_CHANNELS": json.dumps(channels),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _states(tmp_path: Path) -> dict[str, str]:
    with sqlite3.connect(tmp_path / "db.sqlite3", timeout=10) as db:
        return dict(db.execute("SELECT channel, state FROM items_publication"))


@pytest.fixture
def platforms():
    apis = {
        "facebook": FakeGraph(), "telegram": FakeTelegram(), "wordpress": FakeWordPress(),
        "ckan": FakeCkan(), "papan": PapanApi(),
    }
    for api in apis.values():
        api.start()
    yield apis
    for api in apis.values():
        api.stop()


def _channels(apis: dict) -> list[dict]:
    """Five channels, in the order the worker takes them; the kill comes at WordPress."""
    return [
        {"key": "facebook", "kind": "facebook", "config": {"page_id": graph.PAGE_ID},
         "secrets": {"page_access_token": graph.PAGE_TOKEN}},
        {"key": "telegram", "kind": "telegram", "config": {"chat_id": "@dinsosdiy"},
         "secrets": {"bot_token": telegram.TOKEN}},
        {"key": "wordpress", "kind": "wordpress",
         "config": {"site_url": apis["wordpress"].url, "username": wordpress.USERNAME},
         "secrets": {"application_password": wordpress.PASSWORD}},
        {"key": "ckan", "kind": "ckan",
         "config": {"api_base": apis["ckan"].url, "owner_org": "dinas-sosial"},
         "secrets": {"api_token": ckan.TOKEN}},
        {"key": "papan", "kind": "papan",
         "config": {"board": "kantor", "api_base": apis["papan"].url},
         "secrets": {"token": "rahasia"}},
    ]


def _posts(apis: dict) -> dict[str, int]:
    return {
        "facebook": len(apis["facebook"].posts),
        # An album of five photos is five messages sharing one media group: one post.
        "telegram": len({m.get("media_group_id", m["message_id"])
                         for m in apis["telegram"].messages.values()}),
        "wordpress": len(apis["wordpress"].posts),
        "ckan": len(apis["ckan"].live()),
        "papan": len(apis["papan"].posts),
    }


def test_sigkill_mid_publishing_then_restart_publishes_every_channel_once(tmp_path, platforms):
    bases = {"facebook": platforms["facebook"].url, "telegram": platforms["telegram"].url}
    env = _env(tmp_path, bases, _channels(platforms))
    run_python(env, "manage.py", "migrate", "--no-input", "-v", "0")
    run_python(env, "-m", "tests.channels.kill_scenario", "setup")
    queued = {key: "queued" for key in ("facebook", "telegram", "wordpress", "ckan", "papan")}
    assert _states(tmp_path) == {"website": "published", **queued}
    # WordPress keeps the post it is sent but never answers: the worker waits, and is killed.
    platforms["wordpress"].hang("POST", r"/wp-json/wp/v2/posts$")

    worker = subprocess.Popen([sys.executable, "-m", "tests.channels.kill_scenario", "worker"],
                              cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: len(platforms["wordpress"].posts) == 1, 60, "the post to WordPress")
        assert _states(tmp_path)["wordpress"] == "publishing"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    killed_at = _states(tmp_path)
    assert killed_at["facebook"] == killed_at["telegram"] == "published"
    assert killed_at["wordpress"] == "publishing"  # the dead worker's hold, until its lease ends
    assert killed_at["ckan"] == killed_at["papan"] == "queued"

    restarted = subprocess.Popen([sys.executable, "-m", "tests.channels.kill_scenario", "worker"],
                                 cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: set(_states(tmp_path).values()) == {"published"}, 60,
              "every channel published")
    finally:
        restarted.send_signal(signal.SIGTERM)
        try:
            restarted.wait(10)
        except subprocess.TimeoutExpired:
            restarted.kill()
    assert _posts(platforms) == dict.fromkeys(queued, 1)
    # WordPress was found by its slug after the restart, not sent a second time.
    assert len(platforms["wordpress"].calls("POST", r"/wp-json/wp/v2/posts$")) == 1
