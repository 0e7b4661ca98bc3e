"""``manage.py worker``: the background worker, with every registered sweep beside it.

It is ``django-tasks-db``'s ``db_worker`` (same options) plus a thread that runs the sweeps of
:mod:`tayang.outbox.sweeps` at start and every ``TAYANG_SWEEP_SECONDS``: publications and
notification deliveries whose worker died are handed on, rows that fell due get their task,
time-standard wake-ups and daily digests are written. Run as many workers as needed, on as
many hosts: the sweeps and the tasks are safe to run concurrently. Each round also renews the
worker's heartbeat (``tayang.operations.heartbeat``), which the readiness endpoint ``/siap/``
reads; a worker that stops cleanly removes it. In production (and
wherever a worker must die with its process, as the worker-kill tests need) run it with
``--no-reload``: with ``DEBUG`` on, ``db_worker`` otherwise runs the work in a child process
under Django's autoreloader, which a signal to the parent does not stop.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tayang import heap
from tayang.operations import heartbeat
from tayang.outbox import checks, idle, recycle, sweeps

log = logging.getLogger("tayang.outbox.worker")


class Command(DbWorkerCommand):
    help = "Menjalankan pekerja latar (antrean tugas) beserta penyapuan berkala."

    def check(self, *args: Any, **kwargs: Any) -> None:
        """Django's system checks, in a child process: what they import (every view, Pillow,
        the middleware) would otherwise stay in the worker for good (:mod:`..checks`)."""
        checks.run_apart(lambda: super(Command, self).check(*args, **kwargs))

    def handle(self, *args: Any, **options: Any) -> None:
        heap.settle()  # big buffers of photos and PDFs given back when freed (tayang/heap.py)
        heap.freeze()  # what is loaded stays out of the garbage collector's full passes
        if options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's watcher only restarts a child running this same command:
            # the child sweeps, the watcher would only sweep twice.
            super().handle(*args, **options)
            return
        stop, restarting = threading.Event(), threading.Event()
        name, started = heartbeat.worker_name(), timezone.now()
        # The first round before any task, in this thread: at start the sweeps find the most
        # (a backlog of deliveries, reminders and checks), and running beside the first tasks
        # their memory and the tasks' added up (the worker's peak, docs/performance.md).
        _sweep_round(name, started)
        thread = threading.Thread(target=_sweep_forever, args=(stop, restarting, name, started),
                                  daemon=True, name="outbox-sweep")
        thread.start()
        try:
            if options.get("reload"):
                super().handle(*args, **options)
            elif _work(options).restart:
                restarting.set()  # the same worker goes on: its heartbeat stays
        finally:
            stop.set()
            thread.join(timeout=5)  # lets it remove the heartbeat
        if restarting.is_set():
            recycle.restart()


class RecyclingWorker(Worker):
    """``db_worker``'s worker that gives back what its tasks left once its batch is over.

    Only when nothing else is ready to run: during a burst the loaded libraries and caches are
    what make the next task fast. Then it drops the caches (:mod:`tayang.outbox.idle`) or,
    when tasks have left it too large all the same, starts afresh (:mod:`.recycle`).
    """

    restart = False

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if not self.running or self._more_ready():  # one indexed EXISTS a task
            return
        if recycle.too_large():
            self.restart, self.running = True, False
        else:
            idle.release()

    def _more_ready(self) -> bool:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        return tasks.exists()


def _work(options: dict[str, Any]) -> RecyclingWorker:
    """``db_worker``'s own ``handle`` without the autoreloader, with the recycling worker."""
    command = DbWorkerCommand()
    command.configure_logging(options["verbosity"])
    queue_names = options["queue_name"].split(",")
    excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
    worker = RecyclingWorker(
        queue_names=queue_names, interval=options["interval"], batch=options["batch"],
        backend_name=options["backend_name"], startup_delay=options["startup_delay"],
        max_tasks=options["max_tasks"], worker_id=options["worker_id"],
        excluded_queue_names=excluded,
    )
    worker.configure_signals()
    worker.run()
    return worker


def _sweep_round(name: str, started: datetime) -> None:
    """One round of every sweep, with the heartbeat; its connection closed after."""
    try:
        close_old_connections()
        heartbeat.beat(name, started)
        found = sweeps.run_all()
        busy = {sweep: counts for sweep, counts in found.items() if any(counts.values())}
        if busy:
            log.info("sweep: %s", busy)
    except Exception:  # keep sweeping: one bad round must not end recovery for good
        log.exception("sweep round failed")
    finally:
        connection.close()
        heap.release()


def _sweep_forever(stop: threading.Event, restarting: threading.Event, name: str,
                   started: datetime) -> None:
    """The rounds after the first (:meth:`Command.handle` made it), every
    ``TAYANG_SWEEP_SECONDS``."""
    while not stop.wait(settings.TAYANG_SWEEP_SECONDS):
        _sweep_round(name, started)
    if restarting.is_set():
        connection.close()
        return
    try:
        heartbeat.stop(name)
    except Exception:  # the database may be what is going away
        log.warning("could not remove the worker's heartbeat", exc_info=True)
    finally:
        connection.close()
