"""``manage.py worker``: the background worker, with the publishing sweep beside it.

It is ``django-tasks-db``'s ``db_worker`` (same options) plus a thread that runs
:func:`tayang.channels.sweep.sweep` at start and every ``TAYANG_SWEEP_SECONDS``: publications
whose worker died are handed on, scheduled ones that fell due get their task. Run as many
workers as needed, on as many hosts: the sweep and the tasks are safe to run concurrently.
Each round also renews the worker's heartbeat (``tayang.operations.heartbeat``), which the
readiness endpoint ``/siap/`` reads; a worker that stops cleanly removes it.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from tayang.channels.sweep import sweep
from tayang.items.scheduling import start_scheduled
from tayang.media.sweep import sweep_uploads_when_due
from tayang.operations import heartbeat

log = logging.getLogger("tayang.channels.worker")


class Command(DbWorkerCommand):
    help = "Menjalankan pekerja latar (antrean tugas) beserta penyapuan penayangan."

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        thread = threading.Thread(target=_sweep_forever, args=(stop,), daemon=True,
                                  name="publish-sweep")
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            thread.join(timeout=5)  # lets it remove the heartbeat


def _sweep_forever(stop: threading.Event) -> None:
    name, started = heartbeat.worker_name(), timezone.now()
    while not stop.is_set():
        try:
            close_old_connections()
            heartbeat.beat(name, started)
            found = sweep()
            found.update(sweep_uploads_when_due())  # what interrupted uploads left behind
            found["scheduled"] = start_scheduled()  # recurring work whose time has come
            if any(found.values()):
                log.info("sweep: %s", found)
        except Exception:  # keep sweeping: one bad round must not end recovery for good
            log.exception("publishing sweep failed")
        finally:
            connection.close()
        stop.wait(settings.TAYANG_SWEEP_SECONDS)
    try:
        heartbeat.stop(name)
    except Exception:  # the database may be what is going away
        log.warning("could not remove the worker's heartbeat", exc_info=True)
    finally:
        connection.close()
