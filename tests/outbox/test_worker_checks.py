"""``manage.py worker`` runs Django's system checks in a child process
(``tayang/outbox/checks.py``): what they import (every URL and view, Pillow, the middleware,
the template tag libraries) no longer stays in the worker, and what they find is reported as
before (docs/performance.md, "The worker's imports").

Each case runs in a process of its own: the test process has long loaded all of it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

PRELUDE = """
import sys
import django
django.setup()
from django.core import checks
from django.core.management import load_command_class
worker = load_command_class("tayang.outbox", "worker")
"""


def run(body: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(body)],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings", "TAYANG_DEBUG": "0",
             "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )


def test_the_checks_leave_their_imports_in_the_child():
    result = run(
        """
        before = set(sys.modules)
        worker.check()
        after = set(sys.modules) - before
        print(len(after), ",".join(sorted(name for name in ("tayang.urls", "PIL",
              "whitenoise.middleware", "django.db.migrations.autodetector") if name in after)))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0"]
    # No issues: nothing said, as the checks in process said nothing.
    assert "System check identified" not in result.stderr


def test_an_error_found_keeps_the_worker_from_starting_with_djangos_message():
    result = run(
        """
        @checks.register()
        def broken(app_configs, **kwargs):
            return [checks.Error("konfigurasi rusak", id="uji.E001")]

        from django.core.management import execute_from_command_line
        from tayang.outbox.management.commands import worker as command
        command._work = lambda options: print("WORKED")  # must not be reached
        execute_from_command_line(["manage.py", "worker", "--no-reload"])
        """
    )
    assert result.returncode == 1
    assert "WORKED" not in result.stdout
    assert "SystemCheckError: System check identified some issues:" in result.stderr
    assert "uji.E001" in result.stderr and "konfigurasi rusak" in result.stderr


def test_the_message_is_the_one_the_checks_in_process_give():
    result = run(
        """
        @checks.register()
        def broken(app_configs, **kwargs):
            return [checks.Error("konfigurasi rusak", hint="perbaiki", id="uji.E001"),
                    checks.Warning("hati-hati", id="uji.W001")]

        from django.core.management.base import BaseCommand, SystemCheckError
        messages = []
        for check in (worker.check, lambda: BaseCommand.check(worker)):
            try:
                check()
            except SystemCheckError as error:
                messages.append(str(error))
        assert len(messages) == 2 and messages[0] == messages[1], messages
        print("same")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "same"


def test_warnings_are_written_and_the_worker_goes_on():
    result = run(
        """
        @checks.register()
        def doubtful(app_configs, **kwargs):
            return [checks.Warning("hati-hati", id="uji.W001")]

        worker.check()
        print("goes on")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "goes on"
    assert "uji.W001" in result.stderr and "hati-hati" in result.stderr


def test_a_check_that_crashes_is_reported():
    result = run(
        """
        @checks.register()
        def crashing(app_configs, **kwargs):
            raise ValueError("rusak di dalam")

        from django.core.management.base import CommandError
        try:
            worker.check()
        except CommandError as error:
            print("ValueError: rusak di dalam" in str(error))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
