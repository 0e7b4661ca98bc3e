"""SIGKILL the worker in the middle of sending e-mails to a real SMTP server; restart it.

Real processes and a real database file: one process hands three items in (twelve messages
queued in those transactions), a ``manage.py worker`` process sends them to the test's
aiosmtpd server and is killed with SIGKILL while the server holds one of them; a second
worker finishes. The server must end with every message exactly once:

* killed before the message's final dot (the server stalls at the recipient): the server
  never accepted it, and the restarted worker sends it;
* killed after the final dot (the server keeps the message and stalls its answer): Tayang
  cannot know, so it does not send it again; the delivery waits for a person as *tidak
  pasti*, and the server has its one copy.
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

from tests.notify.smtp import SmtpServer
from tests.processes import ROOT, run_python, wait_for

VICTIM = "kill.tim_pertimbangan_3@dinas.go.id"


def _env(tmp_path: Path, server: SmtpServer) -> dict[str, str]:
    env = {
        **os.environ, **server.env,
        "DJANGO_SETTINGS_MODULE": "tayang.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TAYANG_MEDIA_ROOT": str(tmp_path / "media"),
        "TAYANG_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        # Long enough for a send on a busy two-core machine, short enough for a quick test.
        "TAYANG_NOTIFY_LEASE_SECONDS": "6",
        "TAYANG_NOTIFY_BACKOFF_SECONDS": "0.2",
        "TAYANG_SWEEP_SECONDS": "0.3",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _states(tmp_path: Path) -> dict[str, list[str]]:
    with sqlite3.connect(tmp_path / "db.sqlite3", timeout=10) as db:
        rows = db.execute(
            "SELECT u.email, d.state FROM notify_delivery d JOIN notify_notification n "
            "ON n.id = d.notification_id JOIN auth_user u ON u.id = n.user_id ORDER BY d.id")
        found: dict[str, list[str]] = {}
        for email, state in rows:
            found.setdefault(state, []).append(email)
        return found


def _worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.notify.kill_scenario", "worker"],
                            cwd=ROOT, env=env, stderr=subprocess.DEVNULL, text=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def server():
    server = SmtpServer().start()
    yield server
    server.stop()


def _kill_mid_sending(tmp_path: Path, server: SmtpServer) -> tuple[dict, list]:
    env = _env(tmp_path, server)
    run_python(env, "manage.py", "migrate", "--no-input", "-v", "0")
    expected = json.loads(run_python(env, "-m", "tests.notify.kill_scenario", "setup"))
    assert len(expected) == 12
    assert sorted(_states(tmp_path)["queued"]) == sorted(e[0] for e in expected)
    worker = _worker(env)
    try:
        wait_for(server.mailbox.hanging.is_set, 90, "the server to hold a message")
        assert VICTIM in _states(tmp_path)["sending"]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    return env, expected


def test_killed_before_the_final_dot_the_restart_sends_it_once(tmp_path, server):
    server.mailbox.hang_at_rcpt(VICTIM)
    env, expected = _kill_mid_sending(tmp_path, server)
    assert not any(VICTIM in m.recipients for m in server.mailbox.messages())
    restarted = _worker(env)
    try:
        wait_for(lambda: set(_states(tmp_path)) == {"sent"}, 90,
              f"every message sent ({tmp_path})")
    finally:
        _stop(restarted)
    received = sorted([m.to, m.subject] for m in server.mailbox.messages())
    assert received == expected  # each exactly once, the interrupted one included


def test_killed_after_the_final_dot_it_is_never_sent_twice(tmp_path, server):
    server.mailbox.hang_after_data(VICTIM)
    env, expected = _kill_mid_sending(tmp_path, server)
    restarted = _worker(env)
    try:
        wait_for(lambda: set(_states(tmp_path)) == {"sent", "uncertain"}
              and len(_states(tmp_path)["sent"]) == len(expected) - 1, 90,
              "every other message sent")
    finally:
        _stop(restarted)
    assert _states(tmp_path)["uncertain"] == [VICTIM]
    received = sorted([m.to, m.subject] for m in server.mailbox.messages())
    assert received == expected  # the server's one copy of the interrupted one; no second
