"""Tasks an action asks for are enqueued together once it commits, or — on the database
backend, in an action's block — written in its own transaction (``tayang.outbox.batch``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tayang.channels import tasks
from tayang.outbox import batch as outbox_batch
from tayang.outbox.batch import enqueue_on_commit
from tayang.outbox.queue import enqueue
from tayang.public.tasks import prepare_article
from tests.app.public_world import IMMEDIATE_TASKS
from tests.outbox.recycle_tasks import report

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


# --- written inside the action's own transaction (a transactional outbox) ---------------------


def inserts_tasks(sql: str) -> bool:
    return sql.startswith("INSERT") and "dbtaskresult" in sql


def test_an_actions_task_rows_are_written_in_its_own_transaction(
        django_capture_on_commit_callbacks):
    with (CaptureQueriesContext(connection) as captured,
          django_capture_on_commit_callbacks(execute=True)):
        with outbox_batch.atomic():
            enqueue_on_commit(tasks.deliver, 1)
            enqueue_on_commit(prepare_article, 3)
            assert rows() == []  # written as the block ends, not as they are asked for
        assert len(rows()) == 2  # before any commit callback ran
    sql = [query["sql"] for query in captured.captured_queries]
    [written] = [n for n, statement in enumerate(sql) if inserts_tasks(statement)]
    assert any(statement.startswith("RELEASE SAVEPOINT") for statement in sql[written:]), sql
    assert len(rows()) == 2  # the commit callback wrote nothing more


def test_the_rows_are_not_written_twice_nor_by_a_block_inside(django_capture_on_commit_callbacks):
    """Only the outermost block writes: the tasks of an action inside another go with its."""
    with (CaptureQueriesContext(connection) as captured,
          django_capture_on_commit_callbacks(execute=True), outbox_batch.atomic()):
        enqueue_on_commit(tasks.deliver, 1)
        with outbox_batch.atomic():
            enqueue_on_commit(tasks.deliver, 2)
        assert rows() == []
        enqueue_on_commit(tasks.deliver, 3)
    assert sorted(row[1]["args"] for row in rows()) == [[1], [2], [3]]
    assert sum(inserts_tasks(query["sql"]) for query in captured.captured_queries) == 1


def test_an_action_rolled_back_leaves_no_task(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), outbox_batch.atomic():
            enqueue_on_commit(tasks.deliver, 1)
            raise RuntimeError("refused")
        with transaction.atomic(), outbox_batch.atomic():  # a decision link's own rollback
            enqueue_on_commit(tasks.deliver, 2)
            transaction.set_rollback(True)
    assert rows() == []


def test_a_savepoint_rolled_back_inside_the_action_drops_its_tasks(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), outbox_batch.atomic():
        enqueue_on_commit(tasks.deliver, 1)
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(tasks.deliver, 2)
            raise RuntimeError("rolled back")
        enqueue_on_commit(tasks.deliver, 3)
    assert sorted(row[1]["args"] for row in rows()) == [[1], [3]]


def test_another_backend_is_still_called_once_committed(settings, tmp_path,
                                                         django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE_TASKS
    ran = tmp_path / "ran"
    with django_capture_on_commit_callbacks(execute=True):
        with outbox_batch.atomic():
            enqueue_on_commit(report, str(ran))
        assert not ran.exists()
    assert ran.exists()


@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_tasks_committed_with_the_action(tmp_path):
    """Real commits: the INSERT runs inside the action's transaction (no second transaction
    after it), and the database backend's worker finds the row and runs its task."""
    ran = tmp_path / "ran"
    outside: list[str] = []

    def note(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if inserts_tasks(sql) and not connection.in_atomic_block:
            outside.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        with outbox_batch.atomic():
            enqueue_on_commit(report, str(ran))
            enqueue_on_commit(tasks.deliver, 1, due=timezone.now() + timedelta(hours=1))
        assert outside == []  # was the on-commit INSERT, in autocommit: a transaction more
    assert DBTaskResult.objects.count() == 2
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
           startup_delay=False, max_tasks=None, worker_id="uji",
           excluded_queue_names=[]).run()
    assert ran.exists()
    assert DBTaskResult.objects.get(task_path__endswith="report").status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(task_path__endswith="deliver").status == "READY"  # later
