"""The public search through the database's own text search (``public_article_search``), and
the article's stored body, as an article is published, corrected and published again, then
withdrawn: the site finds its words and shows its text as they are published, never the old.

Runs on SQLite (FTS5) and again on PostgreSQL (tsvector + GIN) in ``make test``.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tayang.engine.actions import Approve, HandIn, Publish
from tayang.items import fulltext
from tayang.items.models import Item
from tayang.items.withdrawal import withdraw
from tayang.items.workflow import create_item, perform
from tayang.orgs.models import Organization
from tayang.procedures.services import add_definition
from tayang.public.models import SEARCH_INDEX, Article
from tayang.public.reindex import rebuild_search, reindex
from tests.engine.test_correction import CAMPUS

from .world import add_person

pytestmark = pytest.mark.django_db
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def campus(db, settings):
    settings.CACHES = NO_CACHE
    org = Organization.objects.create(slug="humas-kampus", name="Humas Universitas Contoh")
    procedure, _ = add_definition(org, CAMPUS, "kampus.yaml", None)
    people = {role: add_person(org, f"kampus.{role}", procedure, (role,))
              for role in ("reporter", "redaktur", "kepala", "admin")}
    return org, procedure, people


def published(campus, title: str, text: str) -> Item:
    _, procedure, people = campus
    item = create_item(procedure, people["reporter"], {"judul": title, "naskah": text}).item
    assert perform(item.pk, people["reporter"], HandIn()).ok
    assert perform(item.pk, people["redaktur"], Approve()).ok
    assert perform(item.pk, people["kepala"], Approve()).ok
    assert perform(item.pk, people["admin"], Publish(channels=("website",))).ok
    return Item.objects.get(pk=item.pk)


def found(query: str) -> list[str]:
    """The titles the public search lists for ``query``."""
    html = Client().get(f"/situs/humas-kampus/cari/?q={query}").content.decode()
    return sorted(title for title in ("Wisuda Desember", "Dies Natalis", "Penerimaan Mahasiswa")
                  if f">{title}<" in html)


def indexed(word: str) -> set[int]:
    """The items the full-text index itself holds ``word`` for (not only what a page shows)."""
    return set(Item.objects.filter(pk__in=fulltext.matching(SEARCH_INDEX, [word]))
               .values_list("pk", flat=True))


def article_page(item: Item) -> str:
    url = reverse("public:article-short", kwargs={"org": "humas-kampus", "pk": item.pk})
    return Client().get(url, follow=True).content.decode()


def correct(campus, item: Item, text: str) -> None:
    _, _, people = campus
    redaktur = Client()
    redaktur.force_login(people["redaktur"])
    form = reverse("workspace:item-correct", kwargs={"org": "humas-kampus", "pk": item.pk})
    assert redaktur.post(form, {"version": item.version, "judul": "Wisuda Desember",
                                "naskah": text, "note": "Jumlah salah ketik."}
                         ).status_code == 302
    assert perform(item.pk, people["kepala"], Approve()).ok
    assert perform(item.pk, people["admin"], Publish()).ok


def test_the_search_finds_words_as_published_and_forgets_them(campus):
    wisuda = published(campus, "Wisuda Desember", "Sebanyak 900 wisudawan di Gedung Graha.")
    published(campus, "Dies Natalis", "Upacara dies natalis ke-60 di Gedung Graha.")
    assert found("graha") == ["Dies Natalis", "Wisuda Desember"]
    assert found("wisudawan") == found("WISUDA") == ["Wisuda Desember"]  # prefix, any case
    assert found("graha natalis") == ["Dies Natalis"]  # every word must match
    assert found("900") == ["Wisuda Desember"]
    assert found("raha") == []  # words by their start, not any substring

    correct(campus, wisuda, "Sebanyak 912 wisudawan di Auditorium.")
    # Re-published: its new words are found, its old ones forgotten, in the same commit.
    assert found("912") == found("auditorium") == ["Wisuda Desember"]
    assert found("900") == [] and found("graha") == ["Dies Natalis"]
    page = article_page(wisuda)
    assert "912 wisudawan" in page and "900 wisudawan" not in page
    assert "912 wisudawan" in Article.objects.get(item=wisuda).body["html"]

    withdraw(wisuda.pk, campus[2]["admin"], "Ditarik untuk uji pencarian.")
    assert found("wisuda") == found("auditorium") == []
    assert not Article.objects.filter(item=wisuda).exists()
    assert indexed("wisudawan") == indexed("912") == set()  # the index itself forgot it
    published(campus, "Penerimaan Mahasiswa", "Pendaftaran dibuka di Auditorium.")
    assert found("auditorium") == ["Penerimaan Mahasiswa"]


def test_the_search_asks_the_full_text_index_not_every_articles_text(campus):
    published(campus, "Dies Natalis", "Upacara dies natalis di Gedung Graha.")
    with CaptureQueriesContext(connection) as queries:
        assert found("graha") == ["Dies Natalis"]
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "public_article_search" in sql
    assert "search_text" not in sql and "LIKE" not in sql.upper()


def test_reindex_and_rebuild_keep_the_index_in_step(campus):
    org = campus[0]
    wisuda = published(campus, "Wisuda Desember", "Sebanyak 900 wisudawan di Gedung Graha.")
    published(campus, "Dies Natalis", "Upacara dies natalis di Gedung Graha.")
    assert reindex(org.pk, full=True) == (2, 0)
    assert found("graha") == ["Dies Natalis", "Wisuda Desember"]
    assert rebuild_search() == 2
    assert found("wisudawan") == ["Wisuda Desember"]
    # An article whose publication is gone is hidden and forgotten by the reindex.
    wisuda.publications.update(state="withdrawn")
    assert reindex(org.pk) == (0, 1)
    assert found("graha") == ["Dies Natalis"] and found("wisudawan") == []


def test_the_article_keeps_its_words_only_where_the_index_needs_them(campus):
    """SQLite's contentless index forgets an article's words only when told them again, so the
    article keeps them; PostgreSQL forgets by id, and keeping them cost 10 MB at 20,000
    articles (docs/performance.md, "The PostgreSQL database's own size")."""
    wisuda = published(campus, "Wisuda Desember", "Sebanyak 900 wisudawan di Gedung Graha.")
    kept = Article.objects.values_list("search_text", flat=True).get(item=wisuda)
    if connection.vendor == "postgresql":
        assert kept is None
    else:
        assert "wisudawan" in kept
    correct(campus, wisuda, "Sebanyak 912 wisudawan di Auditorium.")
    assert found("auditorium") == ["Wisuda Desember"] and found("graha") == []
    withdraw(wisuda.pk, campus[2]["admin"], "Ditarik untuk uji pencarian.")
    assert indexed("auditorium") == set()


def _index_holds(word: str) -> list[int]:
    """Every id the index holds ``word`` for, whether or not an item has it."""
    ids = fulltext.matching(SEARCH_INDEX, [word])
    with connection.cursor() as cursor:
        cursor.execute(ids.sql, ids.params)
        return sorted(row[0] for row in cursor.fetchall())


def test_a_rebuild_makes_every_articles_words_again_and_forgets_the_rest(campus):
    wisuda = published(campus, "Wisuda Desember", "Sebanyak 900 wisudawan di Gedung Graha.")
    dies = published(campus, "Dies Natalis", "Upacara dies natalis di Gedung Graha.")
    fulltext.clear(SEARCH_INDEX)
    fulltext.write(SEARCH_INDEX, [(10**9, "gedung yatim", None)])  # no article of its own
    assert found("graha") == [] and _index_holds("gedung") == [10**9]
    assert rebuild_search() == 2
    assert found("graha") == ["Dies Natalis", "Wisuda Desember"]
    assert _index_holds("gedung") == sorted([wisuda.pk, dies.pk])
