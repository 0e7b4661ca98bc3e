"""A real Tayang web process to measure and to kill: ``manage.py runserver`` without the reloader,
on its own SQLite database and folders under a temporary directory.

Used by ``bench/upload_memory.py`` (peak memory of the process while it receives the worst
uploads) and by the test that kills a process in the middle of an upload. Its memory is read
from ``/proc/<pid>/status`` (``VmHWM``, the peak resident size, reset through
``/proc/<pid>/clear_refs``), so only Linux is supported.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "tayang-demo"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class WebProcess:
    """``with WebProcess(folder, demo=True) as web: ...`` — migrated, optionally with the demo
    data (its accounts use the password ``tayang-demo``), serving on a free local port."""

    def __init__(self, folder: Path, *, demo: bool = False,
                 environment: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.environment = {
            **os.environ,
            "TAYANG_VAR_DIR": str(folder),
            "TAYANG_DEBUG": "0",  # as in production: no debug pages, no query log
            "DJANGO_SETTINGS_MODULE": "tayang.settings",
            "PYTHONUNBUFFERED": "1",
            **(environment or {}),
        }
        self.environment.pop("DATABASE_URL", None)  # its own SQLite file in ``folder``
        self.demo = demo
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def temporary_folder(self) -> Path:
        return Path(self.environment.get("TAYANG_UPLOAD_TEMP_DIR")
                    or self.folder / "tmp" / "unggahan")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def manage(self, *arguments: str, extra: dict[str, str] | None = None) -> str:
        """Run a management command against this process's database; its output."""
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *arguments], cwd=ROOT,
            env={**self.environment, **(extra or {})}, capture_output=True, text=True,
            check=True, timeout=600,
        )
        return done.stdout

    def __enter__(self) -> WebProcess:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manage("migrate", "--noinput", "-v0")
        if self.demo:
            self.manage("demo")
        self.start()
        return self

    def start(self) -> None:
        log = (self.folder / "web.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload",
             f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError as error:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"server berhenti: lihat {self.folder / 'web.log'}") from error
                time.sleep(0.2)
        raise RuntimeError("server tidak menjawab dalam 60 detik")

    def kill(self) -> None:
        """``kill -9``: the process gets no chance to clean up."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    # -- signing in ---------------------------------------------------------------------------
    def session(self, username: str) -> httpx.Client:
        """An HTTP client signed in as ``username`` (a demo account)."""
        client = httpx.Client(base_url=self.base_url, timeout=120, follow_redirects=False)
        page = client.get("/masuk/")
        token = _csrf_token(page.text)
        answer = client.post("/masuk/", data={
            "username": username, "password": PASSWORD, "csrfmiddlewaretoken": token,
        }, headers={"Referer": f"{self.base_url}/masuk/"})
        if answer.status_code != 302:
            raise RuntimeError(f"gagal masuk sebagai {username}: {answer.status_code}")
        return client

    def csrf_token(self, client: httpx.Client, path: str) -> str:
        return _csrf_token(client.get(path).text)

    # -- memory -------------------------------------------------------------------------------
    def status_kb(self, field: str) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
        raise RuntimeError(f"{field} tidak ada di /proc/{self.pid}/status")

    def reset_peak(self) -> None:
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")

    def peak_mb(self) -> float:
        return self.status_kb("VmHWM") / 1024

    def resident_mb(self) -> float:
        return self.status_kb("VmRSS") / 1024


def _csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise RuntimeError("halaman tanpa token CSRF")
    return found.group(1)
