"""``manage.py backup`` and ``manage.py restore``: a round trip loses nothing.

Two installations of their own (each its var/ folder; a SQLite file or a PostgreSQL database
each), real processes: the first is filled (a demo organization with items at every step,
published ones with web sizes and notice-board posters), backed up, and restored into the
second, empty one. Everything must be there: every row of every model (items, revisions,
register counters, publications, users with their password hashes …) and every stored file's
bytes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.deploy.services import PYTHON, ROOT, base_env, manage, postgres_database, s3_server


def _populate(env: dict[str, str]) -> None:
    done = subprocess.run([PYTHON, "-m", "tests.deploy.populate"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]


def _fingerprint(env: dict[str, str]) -> dict:
    done = subprocess.run([PYTHON, "-m", "tests.deploy.fingerprint"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextmanager
def _installations(kind: str, tmp_path: Path) -> Iterator[tuple[dict, dict]]:
    """Two empty installations of the kind: (source, target) environments."""
    if kind == "sqlite":
        yield base_env(tmp_path / "a"), base_env(tmp_path / "b")
        return
    with postgres_database("backup_a") as first, postgres_database("backup_b") as second:
        yield (base_env(tmp_path / "a", DATABASE_URL=first),
               base_env(tmp_path / "b", DATABASE_URL=second))


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_backup_restored_into_an_empty_installation_loses_nothing(kind, tmp_path):
    with _installations(kind, tmp_path) as (source, target):
        manage(source, "migrate", "-v", "0")
        _populate(source)
        before = _fingerprint(source)
        # The round trip is worth something only if there is something to lose.
        assert len(before["rows"]["items.Item"]) >= 5
        assert len(before["rows"]["items.ItemRevision"]) > len(before["rows"]["items.Item"])
        assert before["rows"]["items.RegisterCounter"]
        assert any('"published"' in row for row in before["rows"]["items.Publication"])
        assert before["rows"]["media.Derivative"], "web sizes were made"
        assert any(name.startswith("publikasi/") for name in before["files"]), "a poster"
        assert any("/web/" in name for name in before["files"])

        archive = tmp_path / "cadangan.tar.gz"
        written = manage(source, "backup", str(archive))
        assert "Cadangan tertulis" in written.stdout
        manage(target, "migrate", "-v", "0")  # an empty installation may be migrated already
        restored = manage(target, "restore", str(archive))
        assert "Cadangan dipulihkan" in restored.stdout
        assert restored.stderr == ""  # no file missing, every credential readable

        after = _fingerprint(target)
        assert after["files"] == before["files"]
        assert after["rows"] == before["rows"]
        # The restored installation works on: the next hand-in gets the next number.
        manage(target, "check")


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory) -> tuple[Path, Path]:
    """A filled SQLite installation and its backup, made once for the refusal tests."""
    folder = tmp_path_factory.mktemp("cadangan")
    source = base_env(folder / "a")
    manage(source, "migrate", "-v", "0")
    _populate(source)
    archive = folder / "cadangan.tar"
    manage(source, "backup", str(archive))
    return folder / "a", archive


def test_restore_refuses_an_installation_with_data_and_changes_nothing(sqlite_backup, tmp_path):
    source_dir, archive = sqlite_backup
    shutil.copytree(source_dir, tmp_path / "a")
    source = base_env(tmp_path / "a")
    before = _fingerprint(source)

    refused = manage(source, "restore", str(archive), check=False)  # into itself: not empty
    assert refused.returncode != 0
    assert "sudah berisi data" in refused.stderr
    assert _fingerprint(source) == before

    # Files alone also make an installation non-empty.
    target = base_env(tmp_path / "b")
    manage(target, "migrate", "-v", "0")
    (tmp_path / "b" / "media" / "org").mkdir(parents=True)
    (tmp_path / "b" / "media" / "org" / "foto.jpg").write_bytes(b"x")
    refused = manage(target, "restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "Penyimpanan berkas tujuan tidak kosong" in refused.stderr
    assert _users(target) == 0


def test_a_cut_short_or_foreign_archive_is_refused_before_anything_is_restored(
    sqlite_backup, tmp_path
):
    source_dir, archive = sqlite_backup
    target = base_env(tmp_path / "b")
    manage(target, "migrate", "-v", "0")

    cut = tmp_path / "terpotong.tar"
    data = archive.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    refused = manage(target, "restore", str(cut), check=False)
    assert refused.returncode != 0
    assert "rusak atau terpotong" in refused.stderr or "tidak lengkap" in refused.stderr

    foreign = tmp_path / "lain.tar"
    with tarfile.open(foreign, "w") as other:
        other.add(ROOT / "README.md", arcname="README.md")
    refused = manage(target, "restore", str(foreign), check=False)
    assert refused.returncode != 0
    assert "bukan berkas cadangan Tayang" in refused.stderr

    assert not (tmp_path / "b" / "media").exists()
    assert _users(target) == 0

    # A backup never overwrites an archive, nor leaves a half-written one under its name.
    again = manage(base_env(source_dir), "backup", str(archive), check=False)
    assert again.returncode != 0
    assert "sudah ada" in again.stderr
    assert [path.name for path in archive.parent.iterdir()
            if path.name.startswith(".")] == []


def _users(env: dict[str, str]) -> int:
    done = manage(env, "shell", "-v", "0", "-c",
                  "from django.contrib.auth.models import User; print(User.objects.count())")
    return int(done.stdout.split()[-1])


def test_a_backup_of_object_storage_restores_onto_a_local_folder(tmp_path):
    with s3_server() as bucket:
        source = base_env(tmp_path / "a", **bucket)
        manage(source, "migrate", "-v", "0")
        _populate(source)
        before = _fingerprint(source)
        archive = tmp_path / "cadangan.tar"
        manage(source, "backup", str(archive))
    target = base_env(tmp_path / "b")
    restored = manage(target, "restore", str(archive))
    assert restored.stderr == ""
    assert _fingerprint(target) == before
    assert any((tmp_path / "b" / "media").rglob("*.jpg"))
