"""Markup checked by the Nu Html Checker (vnu.jar from npm's ``vnu-jar``, run with Java):
zero errors on the main public and workspace pages.

``scripts/setup.sh test`` installs the checker into ``tests/validators/node_modules``; without
it (or without Java) the test is skipped. All pages go to one run of the checker (Java starts
once).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import Edit, SendBack
from tayang.items.content import media_entries
from tayang.items.workflow import perform
from tayang.records import verification
from tayang.records.models import IssuedRecord

from .public_world import IMMEDIATE_TASKS, Sites, article_url, make_sites, site_url
from .test_public_media import mp4
from .world import drive, upload

pytestmark = pytest.mark.django_db

VNU = Path(__file__).resolve().parents[1] / "validators/node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    cache.clear()
    return make_sites(django_capture_on_commit_callbacks)


def checked(pages: dict[str, str], tmp_path: Path) -> dict[str, list[str]]:
    """``{page: [error, …]}`` from the Nu Html Checker, for every page given."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.skip("Nu Html Checker tidak terpasang (jalankan scripts/setup.sh test)")
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = tmp_path / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(
        [java, "-Xss2m", "-jar", str(VNU), "--errors-only", "--format", "json",
         *(str(tmp_path / f"page-{n}.html") for n in range(len(pages)))],
        capture_output=True, text=True, timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        page = files.get(message.get("url", "?").rsplit("/", 1)[-1], message.get("url", "?"))
        errors.setdefault(page, []).append(
            f"line {message.get('lastLine')}: {message['message']} «{message.get('extract', '')}»"
        )
    return errors


def test_public_and_workspace_pages_have_no_markup_errors(sites, tmp_path):
    item = sites.published("Sosialisasi perizinan", big=True)
    with_video = sites.draft("Berita dengan video")
    author = with_video.created_by
    video = upload(with_video, "media", author, "video.mp4", mp4())
    entries = [*media_entries(with_video.values, "media"),
               {"id": video.pk, "alt": "Video sambutan kepala dinas"}]
    assert perform(with_video.pk, author, Edit({"media": entries})).ok
    sites.publish(with_video)
    waiting = sites.draft("Menunggu")
    # At step 2 the Tim Pertimbangan's approval asks for its written response.
    reviewing = drive(sites.world, sites.draft("Sedang diperiksa"), "terima")
    reviewer = Client()
    reviewer.force_login(sites.world.holder("tim_pertimbangan"))
    public = Client()
    staff = Client()
    staff.force_login(sites.world.admin)
    writer = Client()
    writer.force_login(waiting.created_by)
    returned = drive(sites.world, sites.draft("Dikembalikan"), "terima")
    assert perform(returned.pk, sites.world.holder("tim_pertimbangan"),
                   SendBack("Foto kurang tajam, mohon diganti.")).ok
    written = returned.responses.get()
    issued = verification.issue(sites.world.org, IssuedRecord.Kind.REGISTER,
                                {"jenis": "register"}, title="Register dokumentasi dan konten",
                                issued_on=date(2026, 12, 6),
                                signer=verification.Signer(position="Kepala Dinas"))
    org = sites.world.slug
    category = public.get(site_url()).content.decode().split("/kategori/")[1].split("/")[0]
    urls = {
        "beranda": (public, site_url()),
        "berita": (public, site_url("berita/")),
        "artikel": (public, article_url(item)),
        "artikel video": (public, article_url(with_video)),
        "kategori": (public, site_url(f"kategori/{category}/")),
        "cari": (public, site_url("cari/?q=sosialisasi")),
        "informasi publik": (public, site_url("informasi-publik/")),
        "404": (public, site_url("berita/999999/")),
        "mulai": (public, reverse("home")),
        "masuk": (public, reverse("login")),
        "dokumen SOP": (public, reverse("sop-document",
                                        kwargs={"key": "dinsos-diy-media-informasi"})),
        "kotak masuk": (staff, reverse("workspace:inbox", kwargs={"org": org})),
        "konten": (staff, reverse("workspace:item", kwargs={"org": org, "pk": item.pk})),
        "konten draf": (writer, reverse("workspace:item", kwargs={"org": org, "pk": waiting.pk})),
        "ubah": (writer, reverse("workspace:item-edit", kwargs={"org": org, "pk": waiting.pk})),
        "register": (staff, reverse("workspace:register", kwargs={"org": org})),
        "dasbor": (staff, reverse("workspace:dashboard", kwargs={"org": org})),
        "evaluasi SOP": (staff, reverse("workspace:evaluation", kwargs={"org": org})
                         + "?banding_dari=2026-01-01&banding_sampai=2026-01-31"),
        "kelola": (staff, reverse("workspace:manage", kwargs={"org": org})),
        "anggota": (staff, reverse("workspace:manage-members", kwargs={"org": org})),
        "dokumen SOP organisasi": (staff, reverse(
            "workspace:procedure-document",
            kwargs={"org": org, "procedure": sites.world.procedure.key})),
        "konten diperiksa": (reviewer, reverse("workspace:item",
                                               kwargs={"org": org, "pk": reviewing.pk})),
        "SOP organisasi": (staff, reverse(
            "workspace:manage-procedure",
            kwargs={"org": org, "procedure": sites.world.procedure.key})),
        "profil organisasi": (staff, reverse("workspace:manage-profile", kwargs={"org": org})),
        "surat tanggapan": (reviewer, reverse(
            "workspace:response-official-letter",
            kwargs={"org": org, "pk": returned.pk, "response": written.pk})),
        "surat keluar": (staff, reverse("workspace:letters", kwargs={"org": org})),
        "verifikasi naskah": (public, site_url(f"verifikasi/{issued.code}/")),
        "identitas SOP": (staff, reverse(
            "workspace:manage-identity",
            kwargs={"org": org, "procedure": sites.world.procedure.key})),
    }
    pages = {}
    for name, (client, url) in urls.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        pages[name] = response.content.decode()
    errors = checked(pages, tmp_path)
    assert errors == {}, json.dumps(errors, indent=1, ensure_ascii=False)
