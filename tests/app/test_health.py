"""``/sehat/`` and ``/siap/`` in the request cycle: what each check says, and the heartbeat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tayang.operations import heartbeat
from tayang.operations.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_liveness_answers_any_host_without_touching_the_database(client,
                                                                 django_assert_num_queries):
    with django_assert_num_queries(0):
        alive = client.get("/sehat/", HTTP_HOST="10.0.0.7:8000")
    assert alive.status_code == 200
    assert alive.json() == {"status": "ok"}
    assert alive["Cache-Control"] == "no-store"


def test_readiness_needs_a_worker_that_beat_recently(client, settings):
    settings.TAYANG_SWEEP_SECONDS = 15
    unready = client.get("/siap/", HTTP_HOST="10.0.0.7:8000")
    assert unready.status_code == 503
    assert unready.json() == {"status": "tidak siap", "checks": {
        "database": "ok", "cache": "ok", "storage": "ok",
        "workers": "Tidak ada pekerja latar (manage.py worker) yang berjalan."}}

    name = heartbeat.worker_name()
    heartbeat.beat(name, timezone.now())
    assert client.get("/siap/").status_code == 200

    # Four sweep rounds, at least a minute, without a beat: the worker counts as gone.
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=61))
    assert client.get("/siap/").status_code == 503
    heartbeat.beat(name, timezone.now())
    assert client.get("/siap/").status_code == 200
    heartbeat.stop(name)
    assert not WorkerHeartbeat.objects.exists()


def test_readiness_names_a_file_storage_it_cannot_write(client, settings, tmp_path):
    heartbeat.beat(heartbeat.worker_name(), timezone.now())
    # Not made yet (no upload so far) but makeable: ready.
    settings.MEDIA_ROOT = tmp_path / "belum" / "ada"
    assert client.get("/siap/").status_code == 200
    blocked = tmp_path / "berkas"
    blocked.write_text("bukan folder")
    settings.MEDIA_ROOT = blocked / "media"
    answer = client.get("/siap/")
    assert answer.status_code == 503
    assert answer.json()["checks"]["storage"] == "Folder berkas tidak dapat ditulisi."


def test_beats_of_workers_gone_for_a_day_are_forgotten():
    WorkerHeartbeat.objects.create(name="lama:1", host="lama", pid=1,
                                   started_at=timezone.now() - timedelta(days=3),
                                   seen_at=timezone.now() - timedelta(days=2))
    heartbeat.beat("baru:2", timezone.now())
    assert list(WorkerHeartbeat.objects.values_list("name", flat=True)) == ["baru:2"]
