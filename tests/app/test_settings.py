"""Production settings refuse to start with a known key, debug pages or demo accounts."""

import os
import subprocess
import sys

import pytest

GOOD_KEY = "k" * 50


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "TAYANG_ENV": "production", "DJANGO_SETTINGS_MODULE":
                   "tayang.settings", "TAYANG_ALLOWED_HOSTS": "tayang.example.go.id", **env}
    for name in ("TAYANG_DEBUG", "TAYANG_DEMO", "TAYANG_SECRET_KEY"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        env=environment, capture_output=True, text=True, check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TAYANG_SECRET_KEY wajib diisi"),
        ({"TAYANG_SECRET_KEY": GOOD_KEY, "TAYANG_DEBUG": "1"}, "TAYANG_DEBUG tidak boleh"),
        ({"TAYANG_SECRET_KEY": GOOD_KEY, "TAYANG_DEMO": "1"}, "Mode demo"),
    ],
)
def test_production_refuses_unsafe_settings(env, message):
    result = _start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_real_key():
    result = _start(TAYANG_SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
