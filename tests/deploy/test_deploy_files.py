"""The shipped deployment files, checked by the programs that will read them.

nginx (``nginx -t``), Caddy (``caddy validate``) and systemd (``systemd-analyze verify``) are
installed from Debian by scripts/setup.sh in test mode; each check runs the real program on the
shipped file, with only the paths that differ on a test machine (certificates, the install
folder) replaced. And ``manage.py check --deploy`` is clean under the documented production
environment (deploy/tayang.env.example).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.services import ROOT

DEPLOY = ROOT / "deploy"


def _program(name: str, *extra: str) -> str:
    found = shutil.which(name) or next((p for p in extra if Path(p).exists()), None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} tidak terpasang (scripts/setup.sh test memasangnya)")
        pytest.skip(f"{name} tidak terpasang")
    return found


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate standing in for the agency's (nginx reads it)."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tayang.example.go.id")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now).not_valid_after(now + timedelta(days=1))
                   .sign(key, hashes.SHA256()))
    chain, private = folder / "fullchain.pem", folder / "privkey.pem"
    chain.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return chain, private


def test_the_nginx_configuration_passes_nginx_t(tmp_path):
    nginx = _program("nginx", "/usr/sbin/nginx")
    chain, private = _certificate(tmp_path)
    proxy = tmp_path / "tayang-proxy.conf"
    shutil.copy(DEPLOY / "nginx" / "tayang-proxy.conf", proxy)
    site = (DEPLOY / "nginx" / "tayang.conf").read_text()
    site = (site.replace("/etc/letsencrypt/live/tayang.example.go.id/fullchain.pem", str(chain))
            .replace("/etc/letsencrypt/live/tayang.example.go.id/privkey.pem", str(private))
            .replace("/etc/nginx/tayang-proxy.conf", str(proxy)))
    (tmp_path / "tayang.conf").write_text(site)
    temp = tmp_path / "tmp"
    temp.mkdir()
    # What Debian's /etc/nginx/nginx.conf gives every site, in a folder of the test's own.
    (tmp_path / "nginx.conf").write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};
    uwsgi_temp_path {temp}; scgi_temp_path {temp};
    include {tmp_path}/tayang.conf;
}}
""")
    done = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
    assert "[warn]" not in done.stderr


def test_the_caddyfile_passes_caddy_validate(tmp_path):
    caddy = _program("caddy")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([caddy, "validate", "--config", str(DEPLOY / "caddy" / "Caddyfile"),
                           "--adapter", "caddyfile"], capture_output=True, text=True,
                          env=env, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Valid configuration" in done.stdout + done.stderr
    # The Caddyfile is formatted as `caddy fmt` writes it (caddy warns otherwise).
    assert "not formatted" not in done.stderr


def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    analyze = _program("systemd-analyze")
    units = sorted((DEPLOY / "systemd").iterdir())
    assert {unit.name for unit in units} >= {"tayang-web.service", "tayang-worker@.service"}
    for unit in units:
        # The install folder is this checkout here (ExecStart= must name a real program).
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/tayang", str(ROOT)))
    (tmp_path / "tayang-worker@1.service").symlink_to(tmp_path / "tayang-worker@.service")
    checked = [str(tmp_path / unit.name) for unit in units if "@." not in unit.name]
    checked.append(str(tmp_path / "tayang-worker@1.service"))
    done = subprocess.run([analyze, "verify", "--man=no", *checked], capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr  # warnings too: clean means clean


def _documented_environment() -> dict[str, str]:
    documented = {}
    for line in (DEPLOY / "tayang.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            documented[name.strip()] = value.strip()
    return documented


def test_check_deploy_is_clean_under_the_documented_production_environment(tmp_path):
    documented = _documented_environment()
    assert documented["TAYANG_ENV"] == "production"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TAYANG_", "DATABASE_URL", "GRANIAN_", "DJANGO_"))}
    env.update(documented)
    # Only where it lives differs on a test machine.
    env.update({"TAYANG_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "tayang.settings",
                "PYTHONPATH": str(ROOT)})
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check", "--deploy",
                           "--fail-level", "WARNING"], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout
