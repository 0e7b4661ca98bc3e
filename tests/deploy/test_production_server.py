"""The product as ``make run`` serves it: granian, DEBUG off, static files through WhiteNoise.

One installation for the module, prepared as scripts/run.sh prepares it (``manage.py
prepare``: migrate and collect the static files), with a demo organization, served by the
production server with a worker beside it, over real HTTP and in Chromium.
"""

from __future__ import annotations

import gzip
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import brotli
import httpx
import pytest
from playwright.sync_api import Browser

from tayang.demo.organizations import DEMO_ORGANIZATIONS
from tests.deploy.services import (
    PYTHON,
    ROOT,
    Processes,
    base_env,
    free_port,
    manage,
    processes,
    wait_until,
)
from tests.e2e.pages import PASSWORD, Site, sign_in

ORG = "dinsos-diy"
HASHED = re.compile(r"^/static/.+\.[0-9a-f]{12}\.(css|js)$")
YEAR = "max-age=31536000"


@dataclass
class Installation:
    url: str
    env: dict[str, str]
    running: Processes
    folder: Path


@pytest.fixture(scope="module")
def installation(tmp_path_factory) -> Iterator[Installation]:
    folder = tmp_path_factory.mktemp("produksi")
    env = base_env(folder / "var", TAYANG_DEMO="0")
    prepared = manage(env, "prepare")
    assert "berkas statis" in prepared.stdout  # collected on the first start only
    assert (folder / "var" / "static" / "staticfiles.json").is_file()
    populated = subprocess.run([PYTHON, "-m", "tests.deploy.populate", ORG], env=env, cwd=ROOT,
                               capture_output=True, text=True, timeout=600)
    assert populated.returncode == 0, populated.stderr[-3000:]
    again = manage(env, "prepare")
    assert "berkas statis" not in again.stdout  # nothing changed: nothing collected
    with processes(folder) as running:
        url = running.web("web", env, free_port())
        running.worker("worker", env)
        yield Installation(url, env, running, folder)


@contextmanager
def _signed_in(url: str, username: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=60) as client:
        client.get("/masuk/")
        answer = client.post("/masuk/", data={
            "username": username, "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        })
        assert answer.status_code == 302, answer.text[-2000:]
        yield client


def _assets(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)


def test_static_files_are_hashed_compressed_cached_for_a_year_and_answer_head(installation):
    public = httpx.get(f"{installation.url}/situs/{ORG}/", timeout=60)
    assert public.status_code == 200
    with _signed_in(installation.url, "diy.kontributor") as client:
        workspace = client.get(f"/kerja/{ORG}/")
    assert workspace.status_code == 200
    assets = sorted(set(_assets(public.text) + _assets(workspace.text)))
    assert any(name.endswith(".js") for name in assets), assets
    assert len([name for name in assets if name.endswith(".css")]) >= 2, assets

    for asset in assets:
        assert HASHED.match(asset), asset
        url = installation.url + asset
        plain = httpx.get(url, headers={"Accept-Encoding": "identity"})
        assert plain.status_code == 200
        assert "content-encoding" not in plain.headers
        assert YEAR in plain.headers["cache-control"]
        assert "immutable" in plain.headers["cache-control"]
        assert plain.headers["content-type"].startswith(
            "text/css" if asset.endswith(".css") else "text/javascript")

        raw = httpx.Client(headers={"Accept-Encoding": "br"})  # bodies as sent, not decoded
        with raw.stream("GET", url) as squeezed:
            assert squeezed.headers["content-encoding"] == "br"
            body = b"".join(squeezed.iter_raw())
        assert brotli.decompress(body) == plain.content
        assert len(body) < len(plain.content)
        with raw.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as zipped:
            assert zipped.headers["content-encoding"] == "gzip"
            assert gzip.decompress(b"".join(zipped.iter_raw())) == plain.content
        raw.close()

        head = httpx.head(url, headers={"Accept-Encoding": "identity"})
        assert head.status_code == 200
        assert head.content == b""
        assert head.headers["content-length"] == str(len(plain.content))
        assert YEAR in head.headers["cache-control"]

        again = httpx.get(url, headers={"If-None-Match": plain.headers["etag"]})
        assert again.status_code == 304

    # The unhashed name still answers, briefly cached: a stale copy can never outlive an hour.
    unhashed = httpx.get(f"{installation.url}/static/public/public.css")
    assert unhashed.status_code == 200
    assert "immutable" not in unhashed.headers["cache-control"]


def test_chromium_loads_every_stylesheet_and_script_of_both_sites(installation,
                                                                  browser: Browser):
    demo = next(org for org in DEMO_ORGANIZATIONS if org.slug == ORG)
    site = Site(browser, installation.url, demo)
    context = browser.new_context()
    page = context.new_page()
    loaded: list[tuple[str, int, str]] = []
    page.on("response", lambda r: loaded.append(
        (r.url, r.status, r.headers.get("content-encoding", "")))
        if r.request.resource_type in ("stylesheet", "script") else None)
    problems: list[str] = []
    # Script errors and refused resources; the browser's own /favicon.ico request is not the
    # page's (no page asks for one) and is left out.
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and (
        "Content Security Policy" in m.text or "Uncaught" in m.text) else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 else None)
    try:
        page.goto(f"{installation.url}/situs/{ORG}/")
        sign_in(page, site, "diy.kontributor")
        styled = page.evaluate(
            "[...document.styleSheets].map(sheet => sheet.cssRules.length)")
    finally:
        context.close()
    assert len(loaded) >= 3, loaded
    for url, status, encoding in loaded:
        assert status == 200, url
        assert encoding in ("br", "gzip"), (url, encoding)  # compressed when asked
    assert styled and all(count > 0 for count in styled)
    assert problems == []


def test_what_the_readme_promises_works_under_the_production_server(installation):
    url = installation.url
    pdf = httpx.get(f"{url}/sop/dinsos-diy-media-informasi/dokumen.pdf", timeout=120)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert httpx.get(f"{url}/sop/dinsos-diy-media-informasi/dokumen/").status_code == 200
    assert httpx.get(f"{url}/situs/{ORG}/rss/").status_code == 200
    # The admin signs in through Tayang's own sign-in (throttled, two-factor where required).
    assert httpx.get(f"{url}/admin/login/").headers["location"].startswith("/masuk/")
    with _signed_in(url, "admin") as client:
        admin = client.get("/admin/")
        assert admin.status_code == 200
        sheets = _assets(admin.text)
        assert sheets
        for sheet in sheets:  # Django's own admin styles come the same way
            assert client.get(sheet).status_code == 200
    with _signed_in(url, "diy.kelola") as client:
        register = client.get(f"/kerja/{ORG}/register/unduh.csv")
        assert register.status_code == 200
        assert "text/csv" in register.headers["content-type"]
        item = re.search(rf"/kerja/{ORG}/konten/(\d+)/", client.get(f"/kerja/{ORG}/register/")
                         .text).group(1)
        dossier = client.get(f"/kerja/{ORG}/konten/{item}/berkas.zip")
        assert dossier.status_code in (200, 302)
    # DEBUG is off: an error page tells nothing of the code behind it.
    missing = httpx.get(f"{url}/tidak-ada/")
    assert missing.status_code == 404
    assert "Traceback" not in missing.text and "URLconf" not in missing.text


def test_liveness_and_readiness_answer_before_host_checks(installation):
    url = installation.url
    alive = httpx.get(f"{url}/sehat/", headers={"Host": "mesin-lain.internal"})
    assert alive.status_code == 200
    assert alive.json() == {"status": "ok"}
    assert httpx.head(f"{url}/sehat/").status_code == 200
    assert httpx.post(f"{url}/sehat/").status_code == 405
    # An ordinary page with an unknown host is refused, as ALLOWED_HOSTS says.
    assert httpx.get(f"{url}/", headers={"Host": "mesin-lain.internal"}).status_code == 400

    wait_until(lambda: httpx.get(f"{url}/siap/").status_code == 200, 120, "pekerja berdetak")
    ready = httpx.get(f"{url}/siap/")
    assert ready.json() == {"status": "ok", "checks": {
        "database": "ok", "cache": "ok", "storage": "ok", "workers": "ok"}}

    # The worker stops cleanly: its heartbeat goes with it, and the web process is not ready.
    worker = next(process for name, process in installation.running.started
                  if name == "worker")
    worker.terminate()
    worker.wait(timeout=60)
    unready = httpx.get(f"{url}/siap/")
    assert unready.status_code == 503
    assert unready.json()["checks"]["workers"] == (
        "Tidak ada pekerja latar (manage.py worker) yang berjalan.")
    assert unready.json()["checks"]["database"] == "ok"


def test_a_photo_goes_up_in_pieces_and_errors_are_indonesian_under_the_production_server(
        installation):
    """Chunked uploads through granian's request body, and Tayang's own 404 with DEBUG off."""
    from tests.app.world import jpeg_bytes  # a JPEG the intake accepts

    photo = jpeg_bytes((400, 300))
    with _signed_in(installation.url, "diy.kontributor") as client:
        csrf = {"X-CSRFToken": client.cookies["csrftoken"], "Accept": "application/json"}
        created = client.post(f"/kerja/{ORG}/konten/baru/dinsos-diy-media-informasi/",
                              data={"title": "Penyaluran bantuan sosial di Sleman",
                                    "files_follow": "1"}, headers=csrf)
        assert created.status_code == 201, created.text[-2000:]
        started = client.post(created.json()["chunks"], headers=csrf, data={
            "field": "gambar", "name": "penyaluran.jpg", "size": str(len(photo))})
        assert started.status_code == 201, started.text[-2000:]
        url, half = started.json()["url"], len(photo) // 2
        piece = {**csrf, "Content-Type": "application/offset+octet-stream"}
        first = client.post(url, content=photo[:half], headers={**piece, "Upload-Offset": "0"})
        assert first.json()["offset"] == half
        stale = client.post(url, content=photo[:half], headers={**piece, "Upload-Offset": "0"})
        assert stale.status_code == 409 and stale.json()["offset"] == half
        last = client.post(url, content=photo[half:],
                           headers={**piece, "Upload-Offset": str(half)})
        assert last.status_code == 200, last.text[-2000:]
        assert [a["name"] for a in last.json()["accepted"]] == ["penyaluran.jpg"]

        missing = client.get(f"/kerja/{ORG}/konten/999999/")
        assert missing.status_code == 404
        assert "<h1>Halaman tidak ditemukan</h1>" in missing.text
        assert f'href="/kerja/{ORG}/"' in missing.text
    stranger = httpx.get(f"{installation.url}/kerja/tidak-ada/", follow_redirects=True)
    assert "Masuk" in stranger.text  # anonymous: to the sign-in, whatever the address
