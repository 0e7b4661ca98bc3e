"""A worker left large by its tasks starts afresh when idle, as the same process (recycle.py);
one under its limit drops its caches when idle (idle.py)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tayang.language.spelling import DEFAULT_DICTIONARY
from tests.processes import ROOT, run_python, wait_for

ENQUEUE = """
import django, sys
django.setup()
from tests.outbox import recycle_tasks
if sys.argv[1] == "grow":
    recycle_tasks.grow.enqueue(int(sys.argv[2]))
elif sys.argv[1] == "spell":
    recycle_tasks.spell.enqueue(sys.argv[2])
elif sys.argv[1] == "dictionaries":
    recycle_tasks.dictionaries.enqueue(sys.argv[2])
else:
    recycle_tasks.report.enqueue(sys.argv[2])
"""


def _env(tmp_path: Path, limit_mb: int) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tayang.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TAYANG_MEDIA_ROOT": str(tmp_path / "media"),
        "TAYANG_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "TAYANG_SWEEP_SECONDS": "3600",
        "TAYANG_WORKER_MAX_RSS_MB": str(limit_mb),
        "TAYANG_LOG_LEVEL": "INFO",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _states(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "db.sqlite3", timeout=10) as db:
        return [state for (state,) in db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at")]


def test_a_worker_left_large_restarts_as_the_same_process_and_goes_on(tmp_path):
    env = _env(tmp_path, limit_mb=160)
    run_python(env, "manage.py", "migrate", "--no-input", "-v", "0")
    run_python(env, "-c", ENQUEUE, "grow", "150")  # ~65 MB at rest + 150 MB kept: over 160
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--no-reload", "--interval", "0.1"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: _states(tmp_path) == ["SUCCESSFUL"], 60, "the large task")
        wait_for(lambda: log.read_text().count("Starting worker") == 2, 60, "the restart")
        report = tmp_path / "report.txt"
        run_python(env, "-c", ENQUEUE, "report", str(report))
        wait_for(report.exists, 60, "the task after the restart")
        pid, resident, kept = report.read_text().split()
        assert int(pid) == worker.pid  # execv: the same process for its supervisor
        assert kept == "0"  # the memory the first task left behind is gone
        assert float(resident) < 160
        assert "pekerja dimulai ulang: memori" in log.read_text()
        assert _states(tmp_path) == ["SUCCESSFUL", "SUCCESSFUL"]
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(30)
    assert worker.returncode == 0


def test_a_worker_under_its_limit_keeps_running(tmp_path):
    env = _env(tmp_path, limit_mb=0)  # 0: never restart
    run_python(env, "manage.py", "migrate", "--no-input", "-v", "0")
    run_python(env, "-c", ENQUEUE, "grow", "20")
    report = tmp_path / "report.txt"
    run_python(env, "-c", ENQUEUE, "report", str(report))
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--no-reload", "--interval", "0.1"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(report.exists, 60, "both tasks")
        assert report.read_text().split()[2] == "1"  # the same heap: nothing restarted
        assert log.read_text().count("Starting worker") == 1
    finally:
        worker.terminate()
        worker.wait(30)


@pytest.mark.skipif(not Path(f"{DEFAULT_DICTIONARY}.dic").is_file(),
                    reason="kamus hunspell-id tidak terpasang")
def test_an_idle_worker_drops_the_spelling_dictionary(tmp_path):
    # Hunspell's dictionary and its proposals (~3 MB) were kept for the worker's life after one
    # spelling check (docs/performance.md, "The worker under 80 MB").
    env = _env(tmp_path, limit_mb=0)
    run_python(env, "manage.py", "migrate", "--no-input", "-v", "0")
    run_python(env, "-c", ENQUEUE, "spell", "pemerintah")
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--no-reload", "--interval", "0.1"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: _states(tmp_path) == ["SUCCESSFUL"], 60, "the spelling task")
        wait_for(lambda: "cache tugas dilepas" in log.read_text(), 60, "the idle release")
        report = tmp_path / "report.txt"
        run_python(env, "-c", ENQUEUE, "dictionaries", str(report))
        wait_for(report.exists, 60, "the task after it")
        assert report.read_text() == "0"
        assert log.read_text().count("Starting worker") == 1  # dropped, not restarted
    finally:
        worker.terminate()
        worker.wait(30)
