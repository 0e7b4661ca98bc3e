"""The background worker, played in the test's own thread.

The live server shares the test's one in-memory SQLite connection, so no second process can
see its database: the test runs what ``manage.py worker`` runs, here. :func:`work` is one
round of it — the notification sweeps (due deliveries get their task, time standards that
fell due are woken) and then every queued notification task, each run by django-tasks-db's
own worker code (``Worker.run_task``), exactly as the worker process runs it.
"""

from __future__ import annotations

from datetime import datetime

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tayang.notify import dispatch, sweep, tasks, wakeups
from tayang.notify.models import Delivery

SEND_TASK = tasks.send.module_path


def work() -> list[str]:
    """One round of the worker now: what became of each delivery whose task ran."""
    sweep.send_due()
    sweep.wake_due()
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="e2e-worker",
                    excluded_queue_names=[])
    outcomes = []
    while (row := DBTaskResult.objects.ready().filter(task_path=SEND_TASK).first()) is not None:
        row.claim(worker.worker_id)
        worker.run_task(row)
        row.refresh_from_db()
        assert row.status == "SUCCESSFUL", row.traceback
        outcomes.append(row.return_value)
    return outcomes


def work_at(now: datetime) -> list[str]:
    """The worker with its clock at ``now`` (later than the real one): the time standards due
    by then are woken and their messages sent, by the same code the tasks run."""
    wakeups.wake_due(now)
    due = (Delivery.objects.filter(state__in=dispatch.DELIVERIES.waiting, due_at__lte=now)
           .order_by("pk").values_list("pk", flat=True))
    return [dispatch.send(pk, now=now) for pk in due]
