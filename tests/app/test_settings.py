"""Production settings refuse to start with a known or weak key, debug pages or demo accounts,
and pass ``manage.py check --deploy`` clean with the environment docs/security.md documents."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tayang.keycheck import secret_key_problem

ROOT = Path(__file__).resolve().parents[2]
# A key as `python -c "import secrets; print(secrets.token_urlsafe(50))"` makes one.
GOOD_KEY = "q3Vd9xK2LmZ7-tRw_4Hs8NbYc1PfJe6Ua0GoXiSk5EhTlMnBvCzQrWyDjIu"
# docs/security.md, "Lingkungan produksi": everything a production start needs.
PRODUCTION = {
    "TAYANG_ENV": "production",
    "TAYANG_SECRET_KEY": GOOD_KEY,
    "TAYANG_ALLOWED_HOSTS": "tayang.example.go.id",
    "TAYANG_PUBLIC_BASE_URL": "https://tayang.example.go.id",
    "TAYANG_BEHIND_HTTPS_PROXY": "1",
    # Notifications and password resets: without a mail server they would only be files.
    "TAYANG_SMTP_HOST": "mail.example.go.id",
}
CLEARED = ("TAYANG_DEBUG", "TAYANG_DEMO", "TAYANG_SECRET_KEY", "TAYANG_PUBLIC_BASE_URL",
           "TAYANG_HSTS_SECONDS", "TAYANG_SSL_REDIRECT", "TAYANG_BEHIND_HTTPS_PROXY",
           "TAYANG_HSTS_INCLUDE_SUBDOMAINS", "TAYANG_HSTS_PRELOAD", "TAYANG_SMTP_HOST",
           "TAYANG_SMTP_PORT", "TAYANG_SMTP_SECURITY", "TAYANG_SMTP_USER", "TAYANG_SMTP_PASSWORD")


def _environment(**env: str | None) -> dict[str, str]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings"}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the tests' own, never production's
    for name in CLEARED:
        environment.pop(name, None)
    environment.update(PRODUCTION)
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def _start(**env: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        env=_environment(**env), capture_output=True, text=True, check=False, cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TAYANG_SECRET_KEY": None}, "TAYANG_SECRET_KEY wajib diisi"),
        ({"TAYANG_DEBUG": "1"}, "TAYANG_DEBUG tidak boleh"),
        ({"TAYANG_DEMO": "1"}, "Mode demo"),
        ({"TAYANG_SECRET_KEY": "x" * 40}, "terlalu pendek"),
        ({"TAYANG_SECRET_KEY": "x" * 64}, "terlalu sedikit karakter berbeda"),
        ({"TAYANG_SECRET_KEY": "Tayang-Rahasia-2026!" * 3}, "pola berulang"),
        ({"TAYANG_PUBLIC_BASE_URL": None}, "TAYANG_PUBLIC_BASE_URL wajib diisi"),
        ({"TAYANG_PUBLIC_BASE_URL": "http://127.0.0.1:8000"}, "diawali https://"),
    ],
)
def test_production_refuses_unsafe_settings(env, message):
    result = _start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_real_key():
    result = _start()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("key", [
    "x" * 40, "x" * 60, "ab" * 25, "0123456789" * 6,
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaabcdefghijklmno",
])
def test_weak_keys_are_refused(key):
    assert secret_key_problem(key) is not None


def test_generated_keys_pass():
    import secrets

    from django.core.management.utils import get_random_secret_key

    for _ in range(200):
        assert secret_key_problem(secrets.token_urlsafe(50)) is None
        assert secret_key_problem(secrets.token_hex(32)) is None
        assert secret_key_problem(get_random_secret_key()) is None


def test_check_deploy_passes_clean_with_the_documented_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_environment(), capture_output=True, text=True, check=False, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_without_a_mail_server():
    """Messages written as files in production reach nobody: Django's mail.E001 says so."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env=_environment(TAYANG_SMTP_HOST=None), capture_output=True, text=True, check=False,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "(mail.E001)" in result.stderr and "filebased.EmailBackend" in result.stderr


def test_production_headers_and_cookies():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_NAME, s.X_FRAME_OPTIONS)"
    )
    result = subprocess.run([sys.executable, "-c", script], env=_environment(),
                            capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    # HSTS for every subdomain binds the agency's whole domain: off unless its owner says so.
    assert result.stdout.split() == [
        "31536000", "False", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True", "True",
        "__Host-tayang-sesi", "DENY",
    ]
    subdomains = subprocess.run([sys.executable, "-c", script],
                                env=_environment(TAYANG_HSTS_INCLUDE_SUBDOMAINS="1"),
                                capture_output=True, text=True, check=False, cwd=ROOT)
    assert subdomains.stdout.split()[1] == "True"
    without_proxy = subprocess.run([sys.executable, "-c", script],
                                   env=_environment(TAYANG_BEHIND_HTTPS_PROXY=None,
                                                    TAYANG_HSTS_INCLUDE_SUBDOMAINS="0"),
                                   capture_output=True, text=True, check=False, cwd=ROOT)
    assert without_proxy.stdout.split()[1:4] == ["False", "True", "None"]
