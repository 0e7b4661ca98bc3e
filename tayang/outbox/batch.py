"""Enqueuing the tasks an action asks for once it commits, together: one INSERT, not one each.

An action often asks for several tasks in a row (the publish action: the article's web sizes
and each automatic channel's delivery; an arrival told to two people: a delivery each). Each
used to register its own ``on_commit`` callback, and the database task backend wrote one row
per callback. :func:`enqueue_on_commit` adds a task to the callback registered just before it
when that one is a batch of the same transaction level (same savepoints): a savepoint rolled
back drops the batch exactly as it would have dropped each callback, and a callback registered
between two tasks keeps its place. The database backend then gets the rows in one
``bulk_create``; any other backend gets each task enqueued as before.

On the database backend the rows need not wait for the commit: written inside the action's own
transaction they are a transactional outbox (invisible to the workers until it commits, gone
if it rolls back), and the action pays one commit, not two — on PostgreSQL each commit waits
for the disk. :func:`atomic` (the actions' ``transaction.atomic``: ``items.workflow``, the
item forms, the decision links) writes the batches still pending just before its outermost
block ends; the batches stay registered and do nothing more on commit than send
``task_enqueued`` for their rows. Batches a rolled-back savepoint dropped are not among them
(Django forgets them with it), a transaction already doomed (``set_rollback``) writes
nothing, and any other backend (the immediate one of the tests) is still called on commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import router, transaction
from django.tasks import default_task_backend
from django.utils import timezone

from tayang.rows import prepared
from tayang.rows.inserting import insert, new

type Asked = tuple[Any, tuple[Any, ...], Any]  # (task, args, due)
type Ready = list[tuple[Any, tuple[Any, ...]]]  # (task bound to its time, args)

# How many of :func:`atomic`'s blocks are open in this thread (or task): the outermost writes.
_open_blocks: ContextVar[int] = ContextVar("tayang_outbox_open_blocks", default=0)


class _Batch:
    """An ``on_commit`` callback that enqueues the tasks added to it, in order — or, when
    :func:`atomic` wrote their rows before the commit, tells that they were enqueued."""

    def __init__(self) -> None:
        self.asked: list[Asked] = []
        # The backend and the rows written in the transaction (to tell of on commit).
        self.written: tuple[Any, list[Any]] | None = None

    def __call__(self) -> None:
        if self.written is None:
            enqueue_all(self.asked)
        else:
            _enqueued(*self.written)


def enqueue_on_commit(task: Any, *args: Any, due: Any = None) -> None:
    """``transaction.on_commit(partial(enqueue, task, *args, due=due))``, batched."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and connection.run_on_commit:
        sids, callback, robust = connection.run_on_commit[-1]
        if (isinstance(callback, _Batch) and not robust and callback.written is None
                and sids == set(connection.savepoint_ids)):
            callback.asked.append((task, args, due))
            return
    batch = _Batch()
    batch.asked.append((task, args, due))
    transaction.on_commit(batch)


@contextmanager
def atomic(*, savepoint: bool = True) -> Iterator[None]:
    """``transaction.atomic(savepoint=savepoint)`` around an action: the outermost such block
    writes the task rows its transaction asked for (database backend) just before it ends, in
    the transaction (see the module). An error leaves the block as ``atomic`` does, unwritten.
    """
    outermost = _open_blocks.get() == 0
    opened = _open_blocks.set(_open_blocks.get() + 1)
    try:
        # An action's statements (key reads, inserts, updates: never a list) prepared by
        # PostgreSQL once per connection (``tayang.rows.prepared``); what runs on commit
        # (a task the immediate backend runs at once) is not the action's and is left out.
        with transaction.atomic(savepoint=savepoint), prepared.actions():
            yield
            if outermost:
                write_pending()
    finally:
        _open_blocks.reset(opened)


def write_pending() -> None:
    """Write the rows of the batches the transaction has registered and not written yet, in
    one statement, when every task goes to the database backend on this very database;
    otherwise leave them to the commit."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block or connection.needs_rollback:
        return
    batches = [callback for _, callback, _ in connection.run_on_commit
               if isinstance(callback, _Batch) and callback.written is None]
    if not batches:
        return
    ready = _ready([asked for batch in batches for asked in batch.asked])
    backend = _database_backend_of(ready)
    if backend is None:
        return
    from django_tasks_db.models import DBTaskResult

    if router.db_for_write(DBTaskResult) != connection.alias:
        return  # the rows live in another database: not this transaction's to write
    rows = _rows(backend, ready)
    insert(rows)
    batches[0].written = (backend, rows)
    for batch in batches[1:]:
        batch.written = (backend, [])  # the first one tells of them all on commit


def enqueue_all(asked: list[Asked]) -> None:
    """Enqueue each (task, args, due) as ``queue.enqueue`` does; on the database backend, the
    rows of those to run (now or deferred) in one statement."""
    from tayang.outbox.queue import enqueue

    ready = _ready(asked)
    backend = _database_backend_of(ready)
    if backend is None:
        for task, args in ready:
            enqueue(task, *args)
        return
    # One task too: the backend's own ``enqueue`` (its ``create``) cost 0.2 ms more Python.
    rows = _rows(backend, ready)
    insert(rows)
    _enqueued(backend, rows)


def _ready(asked: list[Asked]) -> Ready:
    """The tasks to enqueue, bound to their time when they are deferred (dropped when the
    backend cannot defer: a sweep enqueues them when they fall due)."""
    backend = default_task_backend
    ready: Ready = []
    for task, args, due in asked:
        if due is not None and due > timezone.now():
            if not backend.supports_defer:
                continue
            task = task.using(run_after=due)
        ready.append((task, args))
    return ready


def _database_backend_of(ready: Ready) -> Any:
    """The database backend every task of ``ready`` goes to, or None (none, or another)."""
    # The backend itself (``default_task_backend`` is a proxy), the same for every task.
    backends = {id(task.get_backend()): task.get_backend() for task, _ in ready}
    if not ready or len(backends) != 1:
        return None
    backend = next(iter(backends.values()))
    return backend if _database_backend(backend) else None


def _database_backend(backend: Any) -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:  # pragma: no cover - the backend is a dependency
        return False
    return type(backend) is DatabaseBackend


def _rows(backend: Any, ready: Ready) -> list[Any]:
    """The rows ``DatabaseBackend.enqueue`` writes one at a time (its ``_task_to_db_task``,
    and its ``pre_save`` receiver's "no run_after: the far future"), to be written by one
    prepared INSERT (``tayang/rows/inserting.py``), then told by :func:`_enqueued`.
    ``tests/outbox/test_batch.py`` compares the rows."""
    from django_tasks_db.compat import normalize_json
    from django_tasks_db.models import DBTaskResult, get_date_max

    rows = []
    for task, args in ready:
        backend.validate_task(task)
        rows.append(new(
            DBTaskResult, id=backend._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": {}}),
            priority=task.priority, task_path=task.module_path, queue_name=task.queue_name,
            run_after=task.run_after if task.run_after is not None else get_date_max(),
            backend_name=backend.alias,
        ))
    return rows


def _enqueued(backend: Any, rows: list[Any]) -> None:
    """The backend's ``task_enqueued`` signal for each row written (once it can be run)."""
    from django_tasks_db.compat import task_enqueued

    for row in rows:
        task_enqueued.send(type(backend), task_result=row.task_result)
