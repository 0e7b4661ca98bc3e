"""The worker's memory on the demo's backlog: peak while working and rest afterwards.

What ``make run`` does at its first start on a fresh clone: ``manage.py prepare`` writes the
demo (401 task rows; the worker's first sweep adds the deliveries, notifications and checks
they lead to, ~800 tasks in all), then ``manage.py worker --no-reload`` works through them.
Each run starts from a copy of the same prepared folder, the recycling limit off
(``TAYANG_WORKER_MAX_RSS_MB=0``) so the peak is the worker's own, samples ``VmRSS`` every
0.2 s and reads ``VmHWM`` (the kernel's own peak) once no task has been ready or running for
4 s; the worker's CPU and its children's (Typst, Pillow: ``tayang/apart.py``) come from
``/proc/<pid>/stat``. ``docs/performance.md`` ("The worker under 80 MB on the demo backlog").

``python -m bench.worker_backlog [--runs N] [CODE ...]``: with several code folders (checkouts
of Tayang, e.g. a base commit's ``git archive`` and this worktree) the runs alternate between
them, A B A B …, and each folder's best and median are printed. The demo is prepared once,
by the first folder's code, under ``--var`` (kept for the next call).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    peak_mb: float
    rest_mb: float
    cpu_s: float
    children_cpu_s: float
    tasks: int


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for {pid}")


def _cpu_s(pid: int) -> tuple[float, float]:
    """The process's own CPU and its waited-for children's (utime+stime, cutime+cstime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = int(fields[11]) + int(fields[12])
    children = int(fields[13]) + int(fields[14])
    return own / TICKS, children / TICKS


def _busy(database: Path) -> tuple[int, int]:
    """(tasks ready or running, tasks finished) in the copied SQLite database."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
        now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
        busy = db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            " OR (status = 'READY' AND (run_after >= '9999' OR run_after <= ?))", (now,),
        ).fetchone()[0]
        done = db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult"
            " WHERE status IN ('SUCCESSFUL', 'FAILED')").fetchone()[0]
    return busy, done


def _environment(code: Path, var: Path) -> dict[str, str]:
    env = {**os.environ, "TAYANG_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "tayang.settings",
           "PYTHONPATH": str(code), "TAYANG_DEBUG": "0"}
    for name in ("DATABASE_URL", "TAYANG_TASK_BACKEND"):
        env.pop(name, None)
    return env


def prepare(code: Path, var: Path) -> None:
    if (var / "tayang.sqlite3").exists():
        return
    var.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "manage.py", "prepare"], cwd=code, check=True,
                   env=_environment(code, var), stdout=subprocess.DEVNULL)


def measure(code: Path, prepared: Path) -> Run:
    with tempfile.TemporaryDirectory(prefix="worker-backlog-") as scratch:
        var = Path(scratch) / "var"
        shutil.copytree(prepared, var, symlinks=True)
        env = {**_environment(code, var), "TAYANG_WORKER_MAX_RSS_MB": "0"}
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--no-reload", "-v", "0"], cwd=code,
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            quiet_since, tasks, deadline = None, 0, time.monotonic() + 900
            while time.monotonic() < deadline:
                time.sleep(0.2)
                busy, tasks = _busy(var / "tayang.sqlite3")
                if busy or not tasks:
                    quiet_since = None
                elif quiet_since is None:
                    quiet_since = time.monotonic()
                elif time.monotonic() - quiet_since > 4:
                    break
            run = Run(peak_mb=_status_mb(worker.pid, "VmHWM"),
                      rest_mb=_status_mb(worker.pid, "VmRSS"),
                      cpu_s=0.0, children_cpu_s=0.0, tasks=tasks)
            run.cpu_s, run.children_cpu_s = _cpu_s(worker.pid)
            return run
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def _summary(runs: list[Run], attribute: str) -> str:
    values = [getattr(run, attribute) for run in runs]
    return (f"best {min(values):.1f}, median {statistics.median(values):.1f} "
            f"({' / '.join(f'{value:.1f}' for value in values)})")


def run(arguments: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.worker_backlog")
    parser.add_argument("code", nargs="*", type=Path, default=[ROOT])
    parser.add_argument("--runs", type=int, default=3, help="runs of each code folder")
    parser.add_argument("--var", type=Path, default=Path(tempfile.gettempdir()) / "worker-backlog")
    options = parser.parse_args(arguments)
    prepare(options.code[0], options.var)
    results: dict[Path, list[Run]] = {code: [] for code in options.code}
    for _ in range(options.runs):
        for code in options.code:
            one = measure(code, options.var)
            results[code].append(one)
            print(f"{code}: peak {one.peak_mb:.1f} MB, rest {one.rest_mb:.1f} MB, CPU "
                  f"{one.cpu_s:.1f} + {one.children_cpu_s:.1f} s, {one.tasks} tasks, "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
    for code, runs in results.items():
        print(f"\n{code}\n  peak (VmHWM, MB): {_summary(runs, 'peak_mb')}"
              f"\n  rest (VmRSS, MB): {_summary(runs, 'rest_mb')}"
              f"\n  CPU, worker (s):  {_summary(runs, 'cpu_s')}"
              f"\n  CPU, children (s): {_summary(runs, 'children_cpu_s')}")


if __name__ == "__main__":
    run(sys.argv[1:])
