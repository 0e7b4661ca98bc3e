"""``scripts/run.sh`` (``make run``) on a fresh folder: prepares everything, serves with the
production server, starts the worker once the server answers, and stops everything on Ctrl-C
(SIGINT to its process group, as a terminal sends it), leaving no process behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import httpx

from tests.deploy.services import ROOT, answers, base_env, free_port, wait_until


def _processes_of(session_ids: set[int]) -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if int(fields[3]) in session_ids or f"--port {_PORT}" in command:
                found.append(command)
    return found


_PORT = 0


def _ctrl_c_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_make_run_serves_the_product_and_stops_cleanly_on_ctrl_c(tmp_path):
    global _PORT
    _PORT = port = free_port()
    env = base_env(tmp_path / "var", TAYANG_DEMO="0", TAYANG_ADDRESS=f"127.0.0.1:{port}")
    log = (tmp_path / "run.log").open("wb")
    # As from a terminal, where Ctrl-C reaches it: a runner started in the background (a CI
    # job, `cmd &`) hands its children SIGINT ignored, and a shell cannot trap an ignored signal.
    run = subprocess.Popen(["bash", str(ROOT / "scripts" / "run.sh")], env=env, cwd=ROOT,
                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                           preexec_fn=_ctrl_c_as_in_a_terminal)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: run.poll() is not None or answers(f"{url}/"), 240, "make run")
        output = (tmp_path / "run.log").read_text()
        assert run.poll() is None, output
        home = httpx.get(f"{url}/")
        assert home.status_code == 200
        assert home.headers["server"] == "granian"
        sheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text).group(1)
        assert httpx.get(url + sheet).status_code == 200
        # The worker comes once the server answers, and says so with its heartbeat.
        wait_until(lambda: httpx.get(f"{url}/siap/").status_code == 200, 120, "pekerja")
        assert "Tayang berjalan di" in (tmp_path / "run.log").read_text()
    finally:
        os.killpg(run.pid, signal.SIGINT)
        try:
            run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            raise
        finally:
            log.close()
    time.sleep(1)
    assert _processes_of({run.pid}) == []
    assert not answers(f"{url}/sehat/")
