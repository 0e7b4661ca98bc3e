"""The web processes' memory after ``bench scale``'s warm-up, alone and alternated.

``bench scale`` measures ``web_rss_mb`` once, at the end of a long run. To compare two
versions of the code on the same built database (``bench scale ... --reuse`` leaves it), this
serves it as ``bench scale`` does (:func:`bench.serving.server_command`: granian, two processes
of eight threads, the same heap settings), with each code folder in turn (A B A B …), gives it
the same warm-up (the public pages, a real sign-in, the staff pages, each three times; then
4,000 articles at c=4) and reads ``VmRSS`` of both processes.

``python -m bench.web_memory --results DIR [--runs N] [CODE ...]``: ``DIR`` holds the
``scale*.json`` of the run that built the database (its article, database and folders are
read back from it and from ``--var``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import serving
from bench.scaledata import SLUG

ROOT = Path(__file__).resolve().parent.parent


def _environment(code: Path, var: Path, database: str | None) -> dict[str, str]:
    env = {**os.environ, **serving.SERVER_ENV, "DJANGO_SETTINGS_MODULE": "tayang.settings",
           "TAYANG_VAR_DIR": str(var), "TAYANG_MEDIA_ROOT": str(var / "media"),
           "TAYANG_DEBUG": "0", "TAYANG_LOG_LEVEL": "WARNING", "TAYANG_SWEEP_SECONDS": "3600",
           "PYTHONPATH": str(code)}
    for name in ("TAYANG_TASK_BACKEND", "TAYANG_REDIS_URL", "DATABASE_URL"):
        env.pop(name, None)
    if database:
        env["DATABASE_URL"] = database
    return env


def measure(code: Path, var: Path, database: str | None, article: str) -> list[float]:
    """Resident MB of each web process after the warm-up, busiest first."""
    port = serving.free_port()
    command = serving.server_command(port)
    process = subprocess.Popen(command, cwd=code, env=_environment(code, var, database),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        serving._wait_for(base, process)
        item = re.search(r"/berita/(\d+)/", article).group(1)  # type: ignore[union-attr]
        public = [f"/situs/{SLUG}/", f"/situs/{SLUG}/berita/", article,
                  f"/situs/{SLUG}/rss/", f"/situs/{SLUG}/sitemap.xml"]
        staff = [f"/kerja/{SLUG}/", f"/kerja/{SLUG}/register/", f"/kerja/{SLUG}/konten/{item}/"]
        serving.warm_up(base, public, staff, f"{SLUG.split('-')[-1]}.kelola", "tayang-demo")
        serving.requests_per_second(f"{base}{article}", 4000)
        return sorted((serving.rss_mb(pid) for pid in serving.children(process.pid)),
                      reverse=True)
    finally:
        serving.stop(process)


def _figures(values: list[float]) -> str:
    return (f"best {min(values):.1f}, median {statistics.median(values):.1f} "
            f"({' / '.join(f'{value:.1f}' for value in values)})")


def run(arguments: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.web_memory")
    parser.add_argument("code", nargs="*", type=Path, default=[ROOT])
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--var", type=Path, required=True, help="the folder bench scale used")
    parser.add_argument("--postgres", default=None, help="the built database's URL")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args(arguments)
    name = "scale-postgresql.json" if options.postgres else "scale.json"
    article = json.loads((options.results / name).read_text())["figures"]["article_path"]
    busiest: dict[Path, list[float]] = {code: [] for code in options.code}
    other: dict[Path, list[float]] = {code: [] for code in options.code}
    for _ in range(options.runs):
        for code in options.code:
            started = time.process_time()
            sizes = measure(code, options.var, options.postgres, article)
            busiest[code].append(sizes[0])
            other[code].append(sizes[-1])
            print(f"{code}: {' / '.join(f'{size:.1f}' for size in sizes)} MB, load "
                  f"{os.getloadavg()[0]:.1f} ({time.process_time() - started:.1f} s)",
                  flush=True)
    for code in options.code:
        print(f"\n{code}\n  busiest web process (MB): {_figures(busiest[code])}"
              f"\n  the other (MB):           {_figures(other[code])}")


if __name__ == "__main__":
    run(sys.argv[1:])
