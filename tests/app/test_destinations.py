"""Where a publish step sends an item (issue 12, point 6): the news or the announcements of
the website, the channels, the DIP entry, outside systems entered by hand; categories that are
the organization's own."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from tayang.dip.models import Entry
from tayang.engine.actions import HandIn, Publish
from tayang.items.models import Item, Publication
from tayang.items.workflow import create_item, perform
from tayang.orgs.models import Organization
from tayang.procedures.services import add_definition
from tayang.public.models import Article

from .world import add_person

pytestmark = pytest.mark.django_db
KALTENG = "/situs/disperindag-kalteng"


@pytest.fixture
def demo(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    call_command("demo")
    return Organization.objects.get(slug="disperindag-kalteng")


def test_announcements_have_their_own_section_and_update_their_dip_entry(client, demo):
    announcement = Article.objects.filter(
        organization=demo, item__procedure__key="kalteng-disperindag-pengumuman-informasi"
    ).first()
    home = client.get(f"{KALTENG}/").content.decode()
    assert "Pengumuman terbaru" in home and announcement.title in home
    assert '/pengumuman/"' in home  # in the site's menu
    sitemap = client.get(f"{KALTENG}/sitemap.xml").content.decode()
    assert "/situs/disperindag-kalteng/pengumuman/</loc>" in sitemap
    assert "/kategori/pengumuman/" not in sitemap
    moved = client.get(f"{KALTENG}/kategori/pengumuman/")
    assert moved.status_code == 301 and moved["Location"].endswith("/pengumuman/")
    entry = Entry.objects.get(organization=demo,
                              number=announcement.item.values["dip_entry"])
    assert entry.updated_on == timezone.localdate(announcement.published_at, demo.zone)


def test_a_social_media_sop_never_puts_its_items_on_the_website(client, demo):
    items = Item.objects.filter(organization=demo, status="finished",
                                procedure__key="kalteng-disperindag-upload-medsos")
    assert items.exists()
    assert not Publication.objects.filter(item__in=items, channel="website").exists()
    assert not Article.objects.filter(item__in=items).exists()


DEFINITION = """
tayang: 1
key: tujuan-luar
identity: {organization: Dinas Contoh, name: Publikasi ke Portal Provinsi}
roles:
  - {key: staf, name: Staf}
  - {key: admin, name: Admin}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
  - {key: isi, label: Isi, kind: longtext}
steps:
  - {key: serahkan, activity: Menyerahkan, kind: handin, roles: [staf]}
  - key: tayangkan
    activity: Menayangkan
    kind: publish
    roles: [admin]
    outside: [Portal PPID Provinsi]
"""


def test_an_outside_system_waits_for_its_proof_and_the_category_is_the_organizations():
    org = Organization.objects.create(slug="dinas-luar", name="Dinas Luar")
    procedure, _ = add_definition(org, DEFINITION, "luar.yaml", None)
    staf = add_person(org, "luar.staf", procedure, ("staf",))
    admin = add_person(org, "luar.admin", procedure, ("admin",))
    item = create_item(procedure, staf, {"judul": "Rapat", "isi": "Rapat koordinasi."}).item
    assert perform(item.pk, staf, HandIn()).ok
    assert perform(item.pk, admin, Publish()).ok
    outside = Publication.objects.get(item=item, channel="luar-portal-ppid-provinsi")
    assert (outside.state, outside.due_at) == ("queued", None)  # waits for the proof link
    article = Article.objects.get(item=item)
    assert (article.category_slug, article.category_label) == ("kegiatan", "Kegiatan")

    procedure.public_category = "Kegiatan Dinas"
    procedure.save()
    second = create_item(procedure, staf, {"judul": "Sosialisasi", "isi": "Sosialisasi."}).item
    assert perform(second.pk, staf, HandIn()).ok
    assert perform(second.pk, admin, Publish()).ok
    assert Article.objects.get(item=second).category_label == "Kegiatan Dinas"
