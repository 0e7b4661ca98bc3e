"""The in-process measurements of the scale benchmark, through Django's test client.

* **flow** — one item of seed A (hand-in, two reviews, a decision, publishing) through the
  views as people do it: create, upload five photos, alt texts, hand in, three approvals,
  publish. Only the seven POSTs that change the item are timed (the upload is the files'
  own cost, measured by the media benchmarks); the median of several runs is reported, and
  the queries of the publish POST are counted.
* **listings** — two warm-up requests, then 20 timed ones; the 95th percentile.
* **article** — one published article rendered without the page cache, in-process.
"""

from __future__ import annotations

import contextlib
import functools
import io
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from bench.results import percentile
from bench.scaledata import SLUG
from bench.statements import counted

SOP_A = "gunungkidul-dpmptsp-upload-konten"
WARMUPS = 2
TIMED = 20
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@dataclass
class FlowFigures:
    runs: list[float]
    posts: dict[str, list[float]]
    publish_queries: int
    published: list[int]
    cpu_runs: list[float]


def username(role: str) -> str:
    return f"{SLUG.split('-')[-1]}.{role}"


@functools.cache
def client_for(role: str) -> Client:
    """One signed-in client per role, kept: a new ``Client`` builds a new handler, which loads
    the whole middleware stack again (WhiteNoise indexing every static file, ~80 ms) — a cost
    a server pays once per process, not per request."""
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username(role)))
    return client


type Watch = Callable[[str], contextlib.AbstractContextManager[object]]


@contextlib.contextmanager
def _unwatched(name: str) -> Iterator[None]:
    yield


def flows(runs: int, watch: Watch = _unwatched) -> FlowFigures:
    """Run the whole flow ``runs`` times; the first one warms up and is not counted.

    ``watch(name)`` is entered around each timed POST (``bench.flowprofile`` profiles there).
    """
    figures = FlowFigures([], {}, 0, [], [])
    for number in range(runs + 1):
        cpu: list[float] = []
        posts, queries, item_id = _flow(number, cpu, watch if number else _unwatched)
        figures.published.append(item_id)
        if number == 0:
            continue
        figures.runs.append(sum(posts.values()))
        figures.cpu_runs.append(sum(cpu))
        for name, ms in posts.items():
            figures.posts.setdefault(name, []).append(ms)
        figures.publish_queries = max(figures.publish_queries, queries)
    return figures


def _flow(number: int, cpu: list[float],
          watch: Watch = _unwatched) -> tuple[dict[str, float], int, int]:
    from tayang.items.models import Item
    from tayang.procedures.models import Procedure

    sop = Procedure.objects.get(organization__slug=SLUG, key=SOP_A).current.sop
    author = client_for("tim_pelaksana")
    title = f"Peluncuran layanan perizinan daring di Kapanewon Playen, uji alur {number}"
    posts: dict[str, float] = {}
    values = {"title": title, "activity_date": "2026-03-02", "place": "Kapanewon Playen",
              "narrative": " ".join([f"{title}. Kegiatan dihadiri pelaku usaha."] * 12),
              "caption": "Peluncuran layanan perizinan daring berjalan lancar."}
    with watch("create"):
        # The new-item form of an SOP with media fields is sent as multipart (item_form.html).
        posts["create"] = _post(author, _url("item-create", procedure=SOP_A), values, cpu,
                                multipart=True)
    item = Item.objects.filter(title=title).latest("pk")
    files = [_photo(index) for index in range(5)]
    response = author.post(_url("item-upload", pk=item.pk), {"field": "media", "files": files})
    assert response.status_code == 302, response.status_code
    item.refresh_from_db()
    entries = item.values["media"]
    edit = {**values, "version": item.version}
    for entry in entries:
        edit[f"media__present__{entry['id']}"] = "1"
        edit[f"media__keep__{entry['id']}"] = "on"
        edit[f"media__alt__{entry['id']}"] = f"Foto {entry['id']}: pelaku usaha di loket layanan"
    with watch("alt_texts"):
        posts["alt_texts"] = _post(author, _url("item-edit", pk=item.pk), edit, cpu)
    queries = 0
    for step in sop.steps:
        item.refresh_from_db()
        if item.step != step.key:
            continue
        action = {"handin": "hand_in", "publish": "publish"}.get(step.kind.value, "approve")
        data: dict[str, Any] = {
            "version": item.version,
            "confirmed": [r.text for r in step.requirements if r.is_checklist],
        }
        if step.accept_response:  # the step's written response, written by the approver
            data["response"] = "Konten sudah diperiksa dan layak ditayangkan sebagaimana diajukan."
        client = client_for(step.roles[0])
        # Counted without CaptureQueriesContext, whose debug cursor formats every statement
        # inside the timed POST (bench/statements.py).
        counting = counted(connection) if action == "publish" else contextlib.nullcontext()
        with watch(step.key), counting as counter:
            posts[step.key] = _post(client, _url("item-act", pk=item.pk, action=action), data,
                                    cpu)
        if counter is not None:
            queries = counter.count
    item.refresh_from_db()
    assert item.status == "finished", (item.status, item.step)
    return posts, queries, item.pk


def _post(client: Client, url: str, data: dict[str, Any], cpu: list[float], *,
          multipart: bool = False) -> float:
    """POST ``data`` encoded as the page's form sends it: the action and edit forms have no
    ``enctype``, so a browser sends them urlencoded (the test client's default, multipart, has
    the server parse a body no browser sends for them)."""
    body: dict[str, Any] | str = data if multipart else urlencode(data, doseq=True)
    kind = {} if multipart else {"content_type": "application/x-www-form-urlencoded"}
    started, used = time.perf_counter(), time.thread_time()
    response = client.post(url, body, **kind)
    elapsed = (time.perf_counter() - started) * 1000
    cpu.append((time.thread_time() - used) * 1000)
    assert response.status_code == 302, (url, response.status_code)
    # A browser follows the redirect, whose page shows (and so clears) the POST's message.
    # Not followed here, the clients kept across flows would carry every earlier message in
    # their cookie, which each later POST reads, verifies and signs again (~9 of them).
    client.cookies.pop("messages", None)
    return elapsed


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": SLUG, **kwargs})


def _photo(index: int) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1067), (40 + 30 * index, 90, 150)).save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"foto-{index + 1}.jpg", buffer.getvalue(), "image/jpeg")


CPU: dict[str, float] = {}  # the same figures in CPU time of this thread (see docs)


def p95(get: Callable[[], Any], name: str = "") -> float:
    """Two warm-ups, then 20 timed requests: the 95th percentile in ms.

    The CPU time this thread spent (the view, the ORM, SQLite itself) is kept in ``CPU`` under
    ``name``: on a machine shared with other work it shows the cost apart from the waiting.
    """
    for _ in range(WARMUPS):
        _ok(get())
    samples, cpu = [], []
    for _ in range(TIMED):
        started, used = time.perf_counter(), time.thread_time()
        response = get()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - used) * 1000)
        _ok(response)
    if name:
        CPU[name] = round(percentile(cpu, 0.95), 2)
    return round(percentile(samples, 0.95), 2)


def _ok(response: Any) -> None:
    assert response.status_code == 200, response.status_code


def listings() -> dict[str, float]:
    """The staff lists and the public news list; the keys without their size suffix."""
    reviewer, editor, admin = (client_for("tim_pertimbangan"), client_for("tim_pelaksana"),
                               client_for("kelola"))
    register = _url("register")
    public = Client()
    news = f"/situs/{SLUG}/berita/"
    from tayang.orgs.models import Unit

    unit = Unit.objects.filter(organization__slug=SLUG).order_by("pk").last()
    figures = {
        "inbox_reviewer_p95_ms": p95(lambda: reviewer.get(_url("inbox")), "inbox_reviewer"),
        "inbox_editor_p95_ms": p95(lambda: editor.get(_url("inbox")), "inbox_editor"),
        "register_first_p95_ms": p95(lambda: admin.get(register), "register_first"),
        "register_search_p95_ms": p95(lambda: admin.get(register, {"q": "nomor 77"}),
                                      "register_search"),
        "register_filter_p95_ms": p95(lambda: admin.get(
            register, {"status": "finished", "unit": unit.pk if unit else ""}),
            "register_filter"),
        # A word found in nearly every item, with filters: the search's worst case.
        "register_broad_search_p95_ms": p95(lambda: admin.get(
            register, {"q": "pelatihan", "status": "finished", "unit": unit.pk if unit else ""}),
            "register_broad_search"),
    }
    with override_settings(CACHES=NO_CACHE):
        figures["news_list_nocache_p95_ms"] = p95(lambda: public.get(news), "news_list_nocache")
    return figures


def article_path(item_id: int) -> str:
    from tayang.public.models import Article

    article = Article.objects.get(item_id=item_id)
    return f"/situs/{SLUG}/berita/{item_id}/{article.slug}/"


def article_nocache_ms(path: str, runs: int = 100) -> float:
    """The median time to render one article with no page cache, in-process."""
    public = Client()
    samples, cpu = [], []
    with override_settings(CACHES=NO_CACHE):
        for _ in range(WARMUPS):
            _ok(public.get(path))
        for _ in range(runs):
            started, used = time.perf_counter(), time.thread_time()
            response = public.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - used) * 1000)
            _ok(response)
    CPU["article_nocache"] = round(statistics.median(cpu), 2)
    return round(statistics.median(samples), 2)
