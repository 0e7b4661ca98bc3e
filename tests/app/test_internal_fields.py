"""A field the SOP marks internal is never public: not on the site, in feeds or channel posts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tayang.channels.post import build
from tayang.engine.actions import HandIn, Publish
from tayang.items.models import Item
from tayang.items.workflow import create_item, perform
from tayang.orgs.models import Organization
from tayang.procedures.services import add_definition
from tayang.sop import load_text
from tayang.sop.errors import SopDefinitionError

from .world import add_person

SECRET = "Nomor HP narasumber 0812-0000-1111, jangan dimuat."
DEFINITION = """
tayang: 1
key: bahan-internal
identity: {organization: Humas Universitas Contoh, name: Publikasi Berita Kampus}
roles:
  - {key: reporter, name: Reporter}
  - {key: redaktur, name: Redaktur}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
  - {key: berita, label: Naskah berita, kind: longtext}
  - {key: catatan, label: Catatan untuk redaksi, kind: longtext, internal: true}
steps:
  - {key: serahkan, activity: Menyerahkan naskah, kind: handin, roles: [reporter]}
  - {key: terbitkan, activity: Menerbitkan, kind: publish, roles: [redaktur]}
"""


@pytest.fixture
def published(db):
    org = Organization.objects.create(slug="humas-kampus", name="Humas Universitas Contoh")
    procedure, _ = add_definition(org, DEFINITION, "kampus.yaml", None)
    reporter = add_person(org, "kampus.reporter", procedure, ("reporter",))
    redaktur = add_person(org, "kampus.redaktur", procedure, ("redaktur",))
    item = create_item(procedure, reporter, {
        "judul": "Wisuda periode Desember", "berita": "Sebanyak 900 wisudawan dilantik.",
        "catatan": SECRET,
    }).item
    assert perform(item.pk, reporter, HandIn()).ok
    assert perform(item.pk, redaktur, Publish(channels=("website",))).ok
    return Item.objects.get(pk=item.pk)


def test_the_internal_note_stays_in_the_workspace_only(published):
    org = published.organization
    client = Client()
    article = reverse("public:article-short", kwargs={"org": org.slug, "pk": published.pk})
    page = client.get(article, follow=True).content.decode()
    assert "900 wisudawan" in page and SECRET not in page and "Catatan untuk redaksi" not in page
    for feed in ("public:feed-rss", "public:feed-atom"):
        assert SECRET not in client.get(reverse(feed, kwargs={"org": org.slug})).content.decode()
    search = client.get(reverse("public:search", kwargs={"org": org.slug}) + "?q=narasumber")
    assert "Wisuda periode Desember" not in search.content.decode()
    if connection.vendor == "postgresql":
        # The item's words hold the note's: not all the article's, so none are lent to it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT lends, tsvector_to_array(public_words), "
                           "tsvector_to_array(words) FROM items_search WHERE id = %s",
                           [published.pk])
            lends, public, own = cursor.fetchone()
        assert not lends and "narasumber" in own and "narasumber" not in public
        assert "wisudawan" in public
    post = build(published, published.values, key="k")
    assert SECRET not in post.text and SECRET not in post.body_html


def test_a_title_cannot_be_internal():
    with pytest.raises(SopDefinitionError) as caught:
        load_text(DEFINITION.replace("title: true}", "title: true, internal: true}"))
    assert "judul tidak dapat bersifat internal" in str(caught.value)
