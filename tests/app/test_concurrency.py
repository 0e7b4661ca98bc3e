"""Two people acting on the same item at the same moment: exactly one action takes effect.

Every test here runs real threads, each with its own database connection, released together at
a barrier; one variant goes through the HTTP views with a test client per thread. The engine's
decision is slowed down while the item is locked, so that without the lock both requests would
read the same state and both would win.

PostgreSQL: the threads really run at once; the second ``SELECT … FOR UPDATE`` waits for the
first transaction and then sees its result.

SQLite: production runs a database *file* in WAL mode with ``BEGIN IMMEDIATE`` transactions
(tayang/settings.py): readers never wait, and a second writer waits (``busy_timeout``) until the
first commits. pytest-django's SQLite test database is in memory with a shared cache instead,
where a second writer fails at once ("database table is locked") rather than waiting, which is
not how Tayang runs. So on SQLite each test copies the (empty, migrated) test database to a
file and runs on it with the project's own connection options: the threads are as concurrent
as SQLite ever is, i.e. their write transactions are serialized by the database lock, and the
rules (one winner, one message, nothing counted twice, numbers without gaps) are asserted the
same way on both databases.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import Approve, HandIn, SendBack
from tayang.items import workflow
from tayang.items.models import (
    Approval,
    Item,
    LogEntry,
    RegisterCounter,
    StepVisit,
    WrittenResponse,
)
from tayang.items.workflow import Result, perform
from tayang.media.intake import Checked
from tayang.media.models import MediaAsset
from tayang.workspace import file_intake as handin  # where uploads are checked and stored

from .world import (
    ACCEPT_RESPONSE,
    World,
    add_person,
    drive,
    jpeg_bytes,
    make_world,
    ready_item,
    uploaded,
)

pytestmark = pytest.mark.django_db(transaction=True)

CONFLICT = "baru saja diproses oleh orang lain"


# --- a database the threads share -----------------------------------------------------------------


class SharedDatabase:
    """Runs jobs in threads that start together, each on its own connection to the test DB."""

    def __init__(self, sqlite_settings: dict[str, Any] | None) -> None:
        self.sqlite_settings = sqlite_settings

    def connect_this_thread(self) -> None:
        if self.sqlite_settings is not None:
            connections["default"] = _sqlite_wrapper(self.sqlite_settings)

    def together(self, *jobs: Callable[[], Any], timeout: float = 60) -> list[Any]:
        """The jobs' results, in order; an exception in a job fails the test."""
        barrier = threading.Barrier(len(jobs))
        results: list[Any] = [None] * len(jobs)
        errors: list[BaseException] = []

        def run(index: int, job: Callable[[], Any]) -> None:
            try:
                self.connect_this_thread()
                barrier.wait(timeout=timeout)
                results[index] = job()
            except BaseException as error:  # reported in the test's own thread
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
        assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
        if errors:
            raise errors[0]
        return results


def _sqlite_wrapper(settings_dict: dict[str, Any]) -> Any:
    from tayang.rows.sqlite.base import DatabaseWrapper  # the settings' SQLite backend

    return DatabaseWrapper(settings_dict, "default")


@pytest.fixture
def shared_db(transactional_db, tmp_path) -> Iterator[SharedDatabase]:
    if connection.vendor != "sqlite":
        yield SharedDatabase(None)
        return
    # See the module's docstring: the in-memory test database becomes a WAL file.
    connection.ensure_connection()
    path = tmp_path / "tayang.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    file_settings = {**connection.settings_dict, "NAME": str(path)}
    in_memory = connections["default"]
    connections["default"] = _sqlite_wrapper(file_settings)
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        yield SharedDatabase(file_settings)
    finally:
        connections["default"].close()
        connections["default"] = in_memory


@pytest.fixture
def slow_decisions(monkeypatch):
    """The engine takes its time while the item row is locked: requests overlap for sure."""
    decide = workflow.decide

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.15)
        return decide(*args, **kwargs)

    monkeypatch.setattr(workflow, "decide", slow)


@pytest.fixture
def world(shared_db) -> World:
    world = make_world("gunungkidul", "dpmptsp-gunungkidul")
    world.extra["reviewer_2"] = add_person(
        world.org, "gunungkidul.tim_pertimbangan_2", world.procedure, ("tim_pertimbangan",)
    )
    return world


def _outcomes(results: list[Result]) -> tuple[list[Result], list[Result]]:
    done = [result for result in results if result.ok]
    others = [result for result in results if not result.ok]
    return done, others


# --- the same action twice ------------------------------------------------------------------------


def test_two_reviewers_approve_the_same_step_at_once(shared_db, world, slow_decisions):
    item = drive(world, ready_item(world), "terima")
    version = item.version
    reviewers: list[AbstractUser] = [world.holder("tim_pertimbangan"),
                                     world.extra["reviewer_2"]]

    results = shared_db.together(*(
        lambda user=user: perform(item.pk, user, Approve(response=ACCEPT_RESPONSE),
                                  expected_version=version)
        for user in reviewers
    ))

    done, others = _outcomes(results)
    assert len(done) == 1 and len(others) == 1
    assert others[0].conflict
    assert CONFLICT in others[0].message
    item.refresh_from_db()
    assert item.version == version + 1
    assert item.step == "koreksi"
    assert LogEntry.objects.filter(item=item, step="terima", action="approve").count() == 1
    assert Approval.objects.filter(item=item, step="terima").count() == 1
    assert StepVisit.objects.filter(item=item, step="terima").count() == 1
    assert StepVisit.objects.filter(item=item, step="koreksi").count() == 1


def test_approve_and_send_back_of_the_decision_at_once(shared_db, world, slow_decisions):
    """Sekretaris says Ya while the Atasan says Tidak: one of them decides, never both."""
    item = drive(world, ready_item(world), "putuskan")
    version = item.version
    approvals = Approval.objects.filter(item=item).count()

    results = shared_db.together(
        lambda: perform(item.pk, world.holder("sekretaris_ppid"), Approve(response=ACCEPT_RESPONSE),
                        expected_version=version),
        lambda: perform(item.pk, world.holder("atasan_ppid"),
                        SendBack("Narasi belum menyebut narasumber kegiatan."),
                        expected_version=version),
    )

    done, others = _outcomes(results)
    assert len(done) == 1 and len(others) == 1 and others[0].conflict
    item.refresh_from_db()
    assert item.version == version + 1
    decided = LogEntry.objects.filter(item=item, step="putuskan")
    assert decided.count() == 1
    # Step 4 answers in writing either way: one response, of the decision that won.
    written = WrittenResponse.objects.filter(item=item, step="putuskan")
    if decided.get().action == "approve":
        assert item.step == "unggah"
        assert Approval.objects.filter(item=item).count() == approvals + 1
        assert [w.kind for w in written] == ["accepted"]
    else:
        assert item.step == "koreksi"
        assert Approval.objects.filter(item=item).count() == approvals
        assert [w.kind for w in written] == ["sent_back"]


def test_a_double_click_on_hand_in_gives_one_register_number(shared_db, world, slow_decisions):
    item = ready_item(world)
    author = item.created_by
    version = item.version

    results = shared_db.together(*(
        lambda: perform(item.pk, author, HandIn(), expected_version=version) for _ in range(2)
    ))

    done, others = _outcomes(results)
    assert len(done) == 1 and others[0].conflict
    item.refresh_from_db()
    assert item.register_number == 1
    assert RegisterCounter.objects.get(organization=world.org).last_number == 1
    assert LogEntry.objects.filter(item=item, action="hand_in").count() == 1


# --- through the views ----------------------------------------------------------------------------


def _logged_in(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_reviewers_click_approve_at_once_in_their_browsers(shared_db, world, slow_decisions):
    item = drive(world, ready_item(world), "terima")
    url = reverse("workspace:item-act",
                  kwargs={"org": world.slug, "pk": item.pk, "action": "approve"})
    clients = [_logged_in(world.holder("tim_pertimbangan")),
               _logged_in(world.extra["reviewer_2"])]
    form = {"version": item.version, "note": "", "response": ACCEPT_RESPONSE}

    responses = shared_db.together(*(lambda c=c: c.post(url, form) for c in clients))

    assert [r.status_code for r in responses] == [302, 302]
    said = sorted(
        " ".join(str(m) for m in get_messages(r.wsgi_request)) for r in responses
    )
    assert sum(CONFLICT in text for text in said) == 1
    assert sum("telah disetujui" in text for text in said) == 1
    item.refresh_from_db()
    assert item.step == "koreksi"
    assert LogEntry.objects.filter(item=item, step="terima", action="approve").count() == 1
    assert Approval.objects.filter(item=item, step="terima").count() == 1


def test_an_action_without_the_version_seen_is_not_carried_out(shared_db, world):
    """Without the version a late second click would approve the next step of the same role."""
    item = drive(world, ready_item(world), "terima")
    client = _logged_in(world.holder("tim_pertimbangan"))
    response = client.post(reverse("workspace:item-act", kwargs={
        "org": world.slug, "pk": item.pk, "action": "approve"}), {"note": ""})
    assert response.status_code == 302
    assert any("Muat ulang halaman" in str(m) for m in get_messages(response.wsgi_request))
    item.refresh_from_db()
    assert item.step == "terima"
    assert not Approval.objects.filter(item=item, step="terima").exists()


def test_two_uploads_to_the_same_item_at_once_keep_both_files(shared_db, world, monkeypatch):
    """Each upload appends to the item's files under its lock; neither overwrites the other."""
    item = ready_item(world, photos=2)
    check = handin.check_upload

    def slow_check(*args: Any, **kwargs: Any) -> Checked:
        checked = check(*args, **kwargs)
        time.sleep(0.2)  # both files are checked before either is stored and added
        return checked

    monkeypatch.setattr(handin, "check_upload", slow_check)
    url = reverse("workspace:item-upload", kwargs={"org": world.slug, "pk": item.pk})
    author = item.created_by
    clients = [_logged_in(author), _logged_in(author)]

    responses = shared_db.together(*(
        lambda c=c, n=n: c.post(url, {
            "field": "media",
            "files": uploaded(f"baru-{n}.jpg", jpeg_bytes(color=(n * 90, 10, 10)), "image/jpeg"),
        }, headers={"Accept": "application/json"})
        for n, c in enumerate(clients)
    ))

    assert [r.status_code for r in responses] == [200, 200]
    new_ids = {r.json()["accepted"][0]["id"] for r in responses}
    item.refresh_from_db()
    in_content = {entry["id"] for entry in item.values["media"]}
    assert len(in_content) == 4
    assert new_ids <= in_content
    assert MediaAsset.objects.filter(item=item).count() == 4


# --- register numbers -----------------------------------------------------------------------------


def test_concurrent_hand_ins_get_register_numbers_without_gaps(shared_db, world):
    other = make_world("bantul", "disnakertrans-bantul")
    ours = [ready_item(world, f"Kegiatan {n}", photos=5) for n in range(6)]
    theirs = [ready_item(other, f"Kegiatan Bantul {n}", photos=5) for n in range(3)]

    def hand_in(item: Item) -> Callable[[], Result]:
        return lambda: perform(item.pk, item.created_by, HandIn(),
                               expected_version=item.version)

    # The first numbers of the year: the counter rows themselves are created in the race.
    results = shared_db.together(*(hand_in(item) for item in [*ours, *theirs]))
    assert all(result.ok for result in results), [r.message for r in results]

    # And again with the counters in place.
    more = [ready_item(world, f"Kegiatan lanjutan {n}", photos=5) for n in range(4)]
    results = shared_db.together(*(hand_in(item) for item in more))
    assert all(result.ok for result in results), [r.message for r in results]

    numbers = sorted(Item.objects.filter(organization=world.org)
                     .values_list("register_number", flat=True))
    assert numbers == list(range(1, 11))
    assert sorted(Item.objects.filter(organization=other.org)
                  .values_list("register_number", flat=True)) == [1, 2, 3]
    years = set(Item.objects.values_list("register_year", flat=True))
    assert len(years) == 1
    assert RegisterCounter.objects.get(organization=world.org).last_number == 10
    assert RegisterCounter.objects.get(organization=other.org).last_number == 3
    for item in Item.objects.all():
        assert LogEntry.objects.filter(item=item, action="hand_in").count() == 1
