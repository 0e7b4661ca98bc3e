"""The worker's system checks, run in a forked child so their imports never weigh on it.

Django runs every system check before a management command (``BaseCommand.execute``). For a
worker that is the whole URL table and every view module (``urls`` checks), the middleware
(the admin's checks import each one), every template tag library (``templates``), Pillow
(``ImageField``'s check) and the migration autodetector (``commands``): 8.6 MB and 261 modules
that stayed for the worker's life and that no task uses (docs/performance.md, "The worker's
imports"). A child made by ``fork`` shares what the worker has loaded, runs the same checks
with the same arguments and ends; its imports end with it. What it finds is reported as before:
warnings written to the command's stderr, an error raised here as the same
``SystemCheckError`` with the same message, so the worker refuses to start exactly as it did.

Where ``fork`` is missing or unsafe (threads already running) the checks run in process.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Callable

from django.core.management.base import CommandError, SystemCheckError

# The child's exit statuses.
PASSED, FOUND_ERRORS, CRASHED = 0, 1, 2


def run_apart(check: Callable[[], None]) -> None:
    """``check()`` (a command's bound ``check`` with its arguments) in a forked child."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        check()
        return
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        stream.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        _check_and_exit(check, write)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        report = pipe.read().decode("utf-8", errors="replace")
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == FOUND_ERRORS:
        raise SystemCheckError(report)
    if code != PASSED:
        raise CommandError(f"pemeriksaan sistem gagal dijalankan (kode {code}):\n{report}")


def _check_and_exit(check: Callable[[], None], write: int) -> None:
    status, report = PASSED, ""
    try:
        check()
    except SystemCheckError as error:
        status, report = FOUND_ERRORS, str(error)
    except BaseException:  # reported by the parent, whatever it was
        status, report = CRASHED, traceback.format_exc()
    try:
        with os.fdopen(write, "wb") as pipe:
            pipe.write(report.encode("utf-8", errors="replace"))
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        # No clean-up of the parent's objects (its database connections, atexit handlers,
        # logging): they are the worker's, not this child's.
        os._exit(status)
