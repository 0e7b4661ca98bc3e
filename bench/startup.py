"""``make run`` on an existing database of 20,000 published items: seconds to the first answer.

The database is built once (the demo, then copies of a published item: ``bench.bulk``) in
``bench/results/startup-var/`` and kept for later runs (delete the folder to rebuild; it is
ignored by git). Each round starts ``scripts/run.sh`` on it with a free port and times until
``/`` answers 200, then stops it with SIGINT as a person would with Ctrl-C. The first round
after a build includes ``collectstatic``; the median of the later rounds is the figure.

``python -m bench startup`` prints the figures and writes ``bench/results/startup.json``;
``BENCH_STARTUP_ITEMS`` changes the number of items (20,000).
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.results import RESULTS_DIR, write

ROOT = Path(__file__).resolve().parents[1]
ITEMS = int(os.environ.get("BENCH_STARTUP_ITEMS", "20000"))
ROUNDS = 3


def run() -> None:
    folder = RESULTS_DIR / "startup-var"
    env = _environment(folder)
    built = _build(folder, env)
    print(f"startup: scripts/run.sh pada basis data {built} berita tayang, {ROUNDS} putaran")
    rounds = [_start_once(env) for _ in range(ROUNDS)]
    seconds = [wall for wall, _ in rounds]
    cpu = [used for _, used in rounds]
    figures = {
        "published_items": built,
        "first_answer_s_rounds": [round(s, 2) for s in seconds],
        "first_answer_s_median": round(statistics.median(seconds[1:] or seconds), 2),
        # CPU time all processes spent until the first answer: what the wall time would be
        # on an idle machine with one core, whatever else the machine was doing.
        "cpu_s_to_first_answer_median": round(statistics.median(cpu[1:] or cpu), 2),
        "load_average": os.getloadavg()[0],
    }
    print(f"  sampai jawaban pertama: {figures['first_answer_s_median']} s "
          f"(putaran: {figures['first_answer_s_rounds']}), waktu CPU "
          f"{figures['cpu_s_to_first_answer_median']} s, beban mesin {os.getloadavg()[0]:.1f}")
    write("startup", figures)


def _environment(folder: Path) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
           "TAYANG_VAR_DIR": str(folder), "TAYANG_LOG_LEVEL": "WARNING",
           "PYTHONPATH": str(ROOT)}
    for name in ("DATABASE_URL", "TAYANG_REDIS_URL", "TAYANG_S3_BUCKET", "TAYANG_MEDIA_ROOT",
                 "TAYANG_STATIC_ROOT", "TAYANG_DEBUG", "TAYANG_DEV"):
        env.pop(name, None)
    return env


def _build(folder: Path, env: dict[str, str]) -> int:
    """The database with ``ITEMS`` published items (built once, then reused)."""
    count = _published(env) if (folder / "tayang.sqlite3").exists() else 0
    if count >= ITEMS:
        return count
    folder.mkdir(parents=True, exist_ok=True)
    print(f"startup: membangun basis data {ITEMS} berita (sekali saja) di {folder}")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    missing = ITEMS - _published(env)
    subprocess.run(
        [*manage, "shell", "-v", "0", "-c",
         f"from bench.bulk import clone_published; clone_published({missing})"],
        env=env, check=True, cwd=ROOT,
    )
    return _published(env)


def _published(env: dict[str, str]) -> int:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c",
         "from tayang.public.models import Article; print(Article.objects.count())"],
        env=env, check=True, cwd=ROOT, capture_output=True, text=True,
    )
    return int(done.stdout.split()[-1])


def _start_once(env: dict[str, str]) -> tuple[float, float]:
    port = _free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "run.sh")],
        env={**env, "TAYANG_ADDRESS": f"127.0.0.1:{port}"}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = started + 300
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError("scripts/run.sh stopped before answering")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    if answer.status == 200:
                        return time.monotonic() - started, _cpu_seconds(process.pid)
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("scripts/run.sh did not answer within 300 s")
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _cpu_seconds(root: int) -> float:
    """CPU time of ``root`` and every process under it, the finished ones included."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        # utime, stime, and cutime, cstime: children already waited for (manage.py prepare)
        times[int(entry.name)] = sum(int(value) for value in fields[11:15]) / tick
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(times.get(pid, 0.0) for pid in tree)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
