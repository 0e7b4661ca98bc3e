"""E-mail settings from the environment: Django's ``MAILERS`` (6.1), never the deprecated
``EMAIL_*`` settings, so a process starts and sends without a RemovedInDjango2028Warning.

Each case starts a fresh Python with deprecation warnings turned into errors, reads the
mailer Django builds from the environment (docs/deployment.md, "E-mail") and prints it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMTP_NAMES = ("TAYANG_SMTP_HOST", "TAYANG_SMTP_PORT", "TAYANG_SMTP_SECURITY", "TAYANG_SMTP_USER",
              "TAYANG_SMTP_PASSWORD", "TAYANG_SMTP_TIMEOUT")
READ_MAILER = """
import json, django
django.setup()
from django.conf import DEPRECATED_EMAIL_SETTINGS, settings
from django.core.mail import mailers
mailer = mailers.default
print(json.dumps({
    "backend": type(mailer).__module__.rsplit(".", 1)[1],
    "deprecated": sorted(DEPRECATED_EMAIL_SETTINGS & set(dir(settings))),
    **{name: getattr(mailer, name, None) for name in (
        "host", "port", "username", "password", "use_tls", "use_ssl", "timeout", "file_path")},
}))
"""


def mailer(**env: str) -> dict[str, object]:
    environment = {name: value for name, value in os.environ.items() if name not in SMTP_NAMES}
    environment.update(DJANGO_SETTINGS_MODULE="tayang.settings", **env)
    done = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning",
         "-W", "error::PendingDeprecationWarning", "-c", READ_MAILER],
        env=environment, capture_output=True, text=True, check=False, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_a_server_messages_are_files_under_var_mail(tmp_path):
    found = mailer(TAYANG_VAR_DIR=str(tmp_path))
    assert found["backend"] == "filebased"
    assert found["file_path"] == str(tmp_path / "mail")
    assert found["deprecated"] == []


def test_an_smtp_server_with_starttls_and_a_login(tmp_path):
    found = mailer(TAYANG_VAR_DIR=str(tmp_path), TAYANG_SMTP_HOST="mail.example.go.id",
                   TAYANG_SMTP_USER="tayang", TAYANG_SMTP_PASSWORD="rahasia",
                   TAYANG_SMTP_TIMEOUT="7")
    assert found == {
        "backend": "smtp", "deprecated": [], "host": "mail.example.go.id",
        "port": 587, "username": "tayang", "password": "rahasia", "use_tls": True,
        "use_ssl": False, "timeout": 7, "file_path": None,
    }


@pytest.mark.parametrize(("security", "port", "tls", "ssl"), [
    ("ssl", 465, False, True),
    ("none", 25, False, False),
    (" STARTTLS ", 587, True, False),  # as a hand-edited environment file may write it
])
def test_the_security_chooses_the_port_unless_one_is_given(tmp_path, security, port, tls, ssl):
    found = mailer(TAYANG_VAR_DIR=str(tmp_path), TAYANG_SMTP_HOST="relay",
                   TAYANG_SMTP_SECURITY=security)
    assert (found["port"], found["use_tls"], found["use_ssl"]) == (port, tls, ssl)
    assert found["username"] == found["password"] == ""  # no login is attempted
    given = mailer(TAYANG_VAR_DIR=str(tmp_path), TAYANG_SMTP_HOST="relay",
                   TAYANG_SMTP_SECURITY=security, TAYANG_SMTP_PORT="2525")
    assert given["port"] == 2525


def test_an_unknown_security_refuses_to_start(tmp_path):
    environment = {name: value for name, value in os.environ.items() if name not in SMTP_NAMES}
    environment.update(DJANGO_SETTINGS_MODULE="tayang.settings", TAYANG_VAR_DIR=str(tmp_path),
                       TAYANG_SMTP_HOST="relay", TAYANG_SMTP_SECURITY="tls")
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                          env=environment, capture_output=True, text=True, check=False,
                          cwd=ROOT)
    assert done.returncode != 0
    assert "TAYANG_SMTP_SECURITY='tls' tidak dikenal: pilih starttls, ssl atau none." in \
        done.stderr
