"""A published article with a realistic gallery, served over real HTTP on 127.0.0.1.

The site is built in a temporary database (SQLite, as ``make run`` uses) through the product's
own services: a demo organization, twenty published news items, and the measured article with
a 600-word narrative and twelve 12 MP photos whose web sizes the background task has made.
Django's WSGI application is served by a threaded server on a loopback port; client threads
request the article page a fixed number of times. Three figures:

* **cold** — no page cache (Django's dummy cache): every request renders the page;
* **cached** — the page cache warm (local memory): a request reads the site's generation and
  the stored page;
* **revalidated** — the client sends the ETag it has: ``304 Not Modified``.

Figures are requests per second and latency percentiles seen by the client.
"""

from __future__ import annotations

import http.client
import shutil
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bench.django_env import configure
from bench.results import percentile, write

REQUESTS = 600  # per phase
CLIENTS = 4
GALLERY = 12
PHOTO_SIZE = (4000, 3000)


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 64


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def run() -> None:
    print(f"public: halaman berita dengan galeri {GALLERY} foto, {REQUESTS} permintaan per fase, "
          f"{CLIENTS} klien, HTTP di 127.0.0.1")
    folder = Path(tempfile.mkdtemp(prefix="tayang-bench-public-"))
    try:
        configure(folder, task_backend="django.tasks.backends.immediate.ImmediateBackend")
        path = _build()
        figures = _serve_and_measure(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    write("public", figures)


def _build() -> str:
    """The demo organization of seed A, twenty news items, and the measured article."""
    from tayang.demo import organizations
    from tayang.procedures.models import Procedure
    from tayang.public.models import Article

    demo = next(org for org in organizations.DEMO_ORGANIZATIONS
                if org.slug == "dpmptsp-gunungkidul")
    organizations.build((demo,))
    procedure = Procedure.objects.get(organization__slug=demo.slug)
    sop = procedure.current.sop
    people = {role.key: _user(organizations.demo_username(demo, role.key)) for role in sop.roles}
    for number in range(20):
        _publish(procedure, people, f"Berita kegiatan dinas nomor {number + 1}", photos=5,
                 size=(1600, 1067))
    item = _publish(procedure, people, "Pameran produk UMKM unggulan di Taman Budaya",
                    photos=GALLERY, size=PHOTO_SIZE)
    article = Article.objects.get(item=item)
    assert article.media_ready, "the derivative task did not run"
    return f"/situs/{demo.slug}/berita/{item.pk}/{article.slug}/"


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _publish(procedure: Any, people: dict[str, Any], title: str, *, photos: int,
             size: tuple[int, int]) -> Any:
    from django.db import transaction

    from tayang.engine.actions import Approve, Edit, HandIn, Publish
    from tayang.items.workflow import create_item, perform
    from tayang.media.intake import accept_upload
    from tayang.sop.model import StepKind

    sop = procedure.current.sop
    author = people[sop.first_step.roles[0]]
    narrative = " ".join([
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu menggelar pameran produk usaha",
        "mikro, kecil dan menengah unggulan daerah yang diikuti pelaku usaha dari seluruh",
        "kapanewon, dengan pendampingan perizinan berusaha berbasis risiko di lokasi acara.",
    ] * 20)
    values = {"title": title, "activity_date": "2026-03-02", "place": "Taman Budaya Wonosari",
              "narrative": narrative, "caption": f"{title} berjalan lancar."}
    item = create_item(procedure, author, values).item
    field = sop.field("media")
    entries = []
    for index in range(photos):
        upload = _photo_upload(index, size)
        asset = accept_upload(item, field, upload, author)
        entries.append({"id": asset.pk, "alt": f"Foto {index + 1}: pengunjung di stan pameran"})
    assert perform(item.pk, author, Edit({"media": entries})).ok
    with transaction.atomic():  # the derivative task runs when this commits
        for _ in range(2 * len(sop.steps)):
            item.refresh_from_db()
            if not item.step:
                break
            step = sop.step(item.step)
            ticked = frozenset(r.text for r in step.requirements if r.is_checklist)
            action = {StepKind.HANDIN: HandIn(ticked), StepKind.PUBLISH: Publish(confirmed=ticked)
                      }.get(step.kind, Approve(
                          confirmed=ticked,
                          response="Sudah diperiksa dan layak tayang." if step.accept_response
                          else ""))
            result = perform(item.pk, people[step.roles[0]], action)
            assert result.ok, result.message
    return item


def _photo_upload(index: int, size: tuple[int, int]) -> Any:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw, ImageFilter

    noise = Image.effect_noise((size[0] // 8, size[1] // 8), 50).resize(size)
    image = Image.merge("RGB", (noise, noise.rotate(180), noise))
    ImageDraw.Draw(image).rectangle((size[0] // 5, size[1] // 5, size[0] // 2, size[1] // 2),
                                    outline=(250, 180, 20 * index % 255), width=20)
    buffer = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(1)).save(buffer, "JPEG", quality=88)
    return SimpleUploadedFile(f"foto-{index + 1}.jpg", buffer.getvalue(), "image/jpeg")


def _serve_and_measure(path: str) -> dict[str, object]:
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_Server,
                         handler_class=_QuietHandler)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    figures: dict[str, object] = {"path": path, "requests_per_phase": REQUESTS,
                                  "clients": CLIENTS, "gallery_photos": GALLERY}
    try:
        dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        with override_settings(CACHES=dummy):
            figures["cold"] = _phase(port, path, "cold (tanpa cache halaman)")
        cache.clear()
        status, headers, _ = _get(port, path, {})  # warm the page cache
        assert status == 200
        figures["cached"] = _phase(port, path, "cached (cache halaman hangat)")
        figures["revalidated"] = _phase(port, path, "revalidated (If-None-Match → 304)",
                                        {"If-None-Match": headers["etag"]}, expect=304)
    finally:
        server.shutdown()
        server.server_close()
    return figures


def _phase(port: int, path: str, label: str, headers: dict[str, str] | None = None, *,
           expect: int = 200) -> dict[str, float]:
    headers = headers or {}
    _get(port, path, headers)
    latencies: list[float] = []
    sizes: list[int] = []

    def one(_: int) -> None:
        started = time.perf_counter()
        status, _, body = _get(port, path, headers)
        latencies.append((time.perf_counter() - started) * 1000)
        sizes.append(len(body))
        assert status == expect, status

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(one, range(REQUESTS)))
    elapsed = time.perf_counter() - started
    result = {
        "requests": REQUESTS,
        "requests_per_second": round(REQUESTS / elapsed, 1),
        "mean_ms": round(statistics.fmean(latencies), 2),
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "body_bytes": max(sizes),
    }
    print(f"  {label}: {result['requests_per_second']} permintaan/detik, "
          f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms ({result['body_bytes']} bita)")
    return result


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()
