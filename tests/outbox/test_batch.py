"""Tasks an action asks for are enqueued together once it commits (``tayang.outbox.batch``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tayang.channels import tasks
from tayang.outbox.batch import enqueue_on_commit
from tayang.outbox.queue import enqueue
from tayang.public.tasks import prepare_article

pytestmark = pytest.mark.django_db

KEPT = ("status", "args_kwargs", "priority", "task_path", "queue_name", "backend_name",
        "run_after", "worker_ids", "return_value", "exception_class_path", "traceback",
        "started_at", "finished_at")


def rows() -> list[tuple[object, ...]]:
    return sorted(DBTaskResult.objects.values_list(*KEPT), key=repr)


def test_one_insert_writes_the_rows_one_enqueue_each_would(django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(hours=2)
    with (CaptureQueriesContext(connection) as captured,
          django_capture_on_commit_callbacks(execute=True), transaction.atomic()):
        enqueue_on_commit(tasks.deliver, 1)
        enqueue_on_commit(tasks.deliver, 2, due=later)
        enqueue_on_commit(prepare_article, 3)
    batched = rows()
    assert len(batched) == 3
    assert sum("dbtaskresult" in query["sql"] for query in captured.captured_queries) == 1
    DBTaskResult.objects.all().delete()
    enqueue(tasks.deliver, 1)
    enqueue(tasks.deliver, 2, due=later)
    prepare_article.enqueue(3)
    assert rows() == batched


def test_a_savepoint_rolled_back_drops_only_its_own_tasks(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(tasks.deliver, 1)
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(tasks.deliver, 2)
            raise RuntimeError("rolled back")
        enqueue_on_commit(tasks.deliver, 3)
    assert sorted(row[1]["args"] for row in rows()) == [[1], [3]]
