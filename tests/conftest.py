"""Shared test set-up: every test runs with the project's own settings (tayang.settings)."""

import os

import pytest

# Live-server tests drive a real browser from the test thread while Django serves requests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def _static_files_without_collectstatic(tmp_path_factory):
    """Templates name static files without the hashed manifest ``collectstatic`` writes.

    The production storage (hashed names, gzip and brotli) is tested against a real server
    process in tests/deploy/, which collects its own static files.
    """
    from django.test import override_settings

    from tayang import settings as project

    storages = {**project.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # An empty STATIC_ROOT: nothing collected, and WhiteNoise does not warn of a missing one.
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path_factory.mktemp("static")):
        yield


@pytest.fixture(autouse=True)
def _isolated_files_and_fast_passwords(request, tmp_path_factory):
    """Uploaded files (and their temporary files) go to fresh folders per test; password
    hashing is made cheap.

    Only for tests that use Django's settings (the engine and SOP tests never touch them).
    """
    if "settings" not in request.fixturenames and not _uses_django(request):
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path_factory.mktemp("unggahan"))
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test's database starts empty: the search index's size a previous test read (kept
    # ten minutes by a process, tayang.items.fulltext_query) is not this one's.
    from tayang.items import fulltext_query

    fulltext_query.forget_sizes()
    yield


def _uses_django(request) -> bool:
    return request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("client", "admin_client", "live_server", "db")
    )
