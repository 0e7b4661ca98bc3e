"""Several machines: two web processes and two workers, each with a var/ folder of its own,
sharing one PostgreSQL database, one Redis and one bucket of a real local S3 server.

A person works through a browser (Chromium) and is sent from one web process to the other
between steps, as a load balancer would: hands in an item with photos on one, the next role
approves on the other, and so on through seed B's steps to publishing; then exports the
register in the background (more rows than are made in the request). The two workers share
the work. At the end nothing is lost or done twice: one publication per channel, each
published once; one poster; exactly the web sizes the database knows, each stored once; one
export file; every task run once by one worker; and no machine wrote a file to its own disk.
Scaling out is only more processes with the same settings.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import httpx
from playwright.sync_api import expect

from tayang.demo.organizations import DEMO_ORGANIZATIONS
from tests.deploy.services import (
    PYTHON,
    ROOT,
    base_env,
    free_port,
    manage,
    postgres_database,
    processes,
    redis_url,
    s3_server,
    wait_until,
)
from tests.e2e.pages import (
    Site,
    act,
    approve,
    expect_handed_in,
    fill_alt_texts,
    fill_five_w_one_h,
    hand_in_checklist,
    make_jpegs,
    open_waiting,
    save_changes,
    save_draft,
    start_new_item,
    upload,
)

ORG = "disnakertrans-bantul"
TITLE = "Pelatihan menjahit bagi pencari kerja muda Bantul"


def _report(env: dict[str, str], item: int) -> dict:
    done = subprocess.run([PYTHON, "-m", "tests.deploy.report", str(item)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_webs_and_two_workers_share_the_work_and_lose_nothing(browser, tmp_path):
    redis = redis_url()
    prefix = f"uji-{uuid.uuid4().hex[:8]}"
    with (postgres_database("machines") as database, s3_server() as bucket,
          processes(tmp_path) as running):
        shared = {"DATABASE_URL": database, "TAYANG_REDIS_URL": redis,
                  "TAYANG_REDIS_PREFIX": prefix, "TAYANG_EXPORT_INLINE_ROWS": "3",
                  "TAYANG_SWEEP_SECONDS": "1", **bucket}
        machines = {name: base_env(tmp_path / name, **shared)
                    for name in ("admin", "web1", "web2", "worker1", "worker2")}
        # The deploy: migrate once, collect the static files once and ship the same folder
        # to each web machine, as a release is shipped.
        manage(machines["admin"], "migrate", "-v", "0")
        manage(machines["admin"], "collectstatic", "--no-input", "-v", "0")
        for web in ("web1", "web2"):
            shutil.copytree(tmp_path / "admin" / "static", tmp_path / web / "static")
        populated = subprocess.run([PYTHON, "-m", "tests.deploy.populate", ORG],
                                   env=machines["admin"], cwd=ROOT, capture_output=True,
                                   text=True, timeout=600)
        assert populated.returncode == 0, populated.stderr[-3000:]

        webs = [running.web(name, machines[name], free_port()) for name in ("web1", "web2")]
        for name in ("worker1", "worker2"):
            running.worker(name, machines[name])
        demo = next(org for org in DEMO_ORGANIZATIONS if org.slug == ORG)
        one, other = (Site(browser, url, demo) for url in webs)
        photos = make_jpegs(tmp_path, "menjahit", 3)

        try:
            item = _work_through_the_sop(one, other, photos)
            _export_the_register(other, one)
            env = machines["admin"]
            wait_until(lambda: _report(env, item)["media_ready"], 120, "ukuran web foto")
            wait_until(lambda: any(p["channel"] == "papan-pengumuman" and p["state"] ==
                                   "published" for p in _report(env, item)["publications"]),
                       120, "poster papan pengumuman")
            _both_webs_serve_the_article(webs, item)
            report = _report(env, item)
        except BaseException:
            print(running.logs())
            raise

        _nothing_lost_or_done_twice(report, item)
        for url in webs:  # both workers' heartbeats reach every web process
            ready = httpx.get(f"{url}/siap/")
            assert ready.status_code == 200, ready.text
        assert len(report["heartbeats"]) == 2
        # Nothing was written to any machine's own disk: every file is in the bucket.
        for name in machines:
            media = tmp_path / name / "media"
            assert not media.exists() or not any(media.rglob("*")), name


def _work_through_the_sop(one: Site, other: Site, photos: list[Path]) -> int:
    five_w = "Narasi singkat (5W+1H)"
    with one.signed_in("peliput") as page:
        start_new_item(page, "Pengelolaan Website dan Media Sosial")
        page.get_by_label("Judul berita").fill(TITLE)
        page.get_by_label("Tanggal kegiatan yang diliput").fill(time.strftime("%Y-%m-%d"))
        fill_five_w_one_h(page, five_w, {
            "Apa": "Pelatihan menjahit", "Siapa": "25 pencari kerja muda",
            "Kapan": "Senin pagi", "Di mana": "BLK Bantul",
            "Mengapa": "Menyiapkan tenaga kerja terampil", "Bagaimana": "Praktik 120 jam",
        })
        page.get_by_label("Bahan release berita website").fill(
            "Disnakertrans Bantul membuka pelatihan menjahit bagi 25 pencari kerja muda."
        )
        pk = save_draft(page)
        # The photos go up through the other web process: the session is shared (Redis and
        # the database), the files land in the bucket, not on either machine.
        page.goto(other.url(f"konten/{pk}/ubah/"))
        upload(page, "Materi peliputan (audio, foto, atau video)", photos, total=len(photos))
        fill_alt_texts(page, {p.name: f"Peserta pelatihan menjahit, foto {n}"
                              for n, p in enumerate(photos, start=1)})
        save_changes(page)
        page.goto(one.url(f"konten/{pk}/ubah/"))
        hand_in_checklist(page).get_by_role("button", name="Serahkan").click()
        expect_handed_in(page)
    with other.signed_in("pengelola_website") as page:
        open_waiting(page, TITLE)
        approve(page, "Layak tayang")
    with one.signed_in("kepala_dinas") as page:
        open_waiting(page, TITLE)
        approve(page, "Ya")
    with other.signed_in("pengelola_website") as page:
        open_waiting(page, TITLE)
        act(page, "Tayangkan", "Konten telah ditayangkan.")
    return pk


def _export_the_register(one: Site, other: Site) -> None:
    with one.signed_in("pengelola_website") as page:
        page.get_by_role("link", name="Register", exact=True).click()
        page.get_by_role("button", name="CSV", exact=True).click()
        page.wait_for_url(re.compile(r"/unduhan/\d+/$"))
        job = page.url.removeprefix(one.base_url)
        page.goto(other.base_url + job)  # the job page of the other web process follows it
        status = page.get_by_role("region", name="Status unduhan")
        expect(status.get_by_role("status")).to_have_text("Siap diunduh", timeout=120_000)
        with page.expect_download() as download:
            status.get_by_role("link", name=re.compile("Unduh")).click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert TITLE in text


def _both_webs_serve_the_article(webs: list[str], item: int) -> None:
    for url in webs:
        page = httpx.get(f"{url}/situs/{ORG}/berita/{item}/", follow_redirects=True)
        assert page.status_code == 200
        assert TITLE in page.text
        sized = re.findall(rf'/situs/{ORG}/berkas/\d+/w\d+/', page.text)
        assert sized, "the article offers the web sizes"
        photo = httpx.get(url + sized[0])
        assert photo.status_code == 200
        assert photo.headers["content-type"] == "image/jpeg"
        assert photo.content[:3] == b"\xff\xd8\xff"


def _nothing_lost_or_done_twice(report: dict, item: int) -> None:
    channels = {p["channel"]: p for p in report["publications"]}
    assert sorted(channels) == ["papan-pengumuman", "website", "whatsapp"]
    assert channels["website"]["state"] == "published"
    assert channels["papan-pengumuman"]["state"] == "published"
    assert channels["papan-pengumuman"]["attempts"] == 1
    assert channels["whatsapp"]["state"] == "queued"  # a manual channel waits for its proof
    posters = [name for name in report["stored"] if name.startswith(f"publikasi/{item}/")]
    assert posters == [channels["papan-pengumuman"]["document"]]
    # Every web size is stored once, under the name its row gives: no second copy made by
    # the other worker, none lost.
    web_files = sorted(name for name in report["stored"] if "/web/" in name)
    assert web_files == report["derivatives"]
    assert [job["state"] for job in report["exports"]] == ["done"]
    exported = [name for name in report["stored"] if name.startswith("exports/")]
    assert exported == [report["exports"][0]["file"]]
    # Messages asked for in the demo people's quiet hours (21.00–06.00 in the organization's
    # zone, the default) wait for their end: held, not lost, and run by nobody yet.
    held = [task for task in report["tasks"] if task["held"]]
    assert all(task["task"] == "tayang.notify.tasks.send" and not task["workers"]
               for task in held), held
    failed = [task for task in report["tasks"]
              if task["status"] != "SUCCESSFUL" and not task["held"]]
    assert failed == []
    assert all(len(task["workers"]) == 1 for task in report["tasks"] if not task["held"])
    prepared = [task for task in report["tasks"]
                if task["task"].endswith("prepare_article") and item in task["args"]["args"]]
    assert len(prepared) == 1
