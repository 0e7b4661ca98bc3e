"""The public search through the database's own text search (``public_article_search`` on
SQLite, the articles' words in ``items_search`` on PostgreSQL), and
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
from tayang.items.models import Item
from tayang.items.withdrawal import withdraw
from tayang.items.workflow import create_item, perform
from tayang.orgs.models import Organization
from tayang.procedures.services import add_definition
from tayang.public import queries
from tayang.public.index import forget_all_words, index_words
from tayang.public.models import Article
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
    return set(Item.objects.filter(pk__in=queries.matching([word]))
               .values_list("pk", flat=True))


def article_page(item: Item) -> str:
    url = reverse("public:article-short", kwargs={"org": "humas-kampus", "pk": item.pk})
    return Client().get(url, follow=True).content.decode()


def correct(campus, item: Item, text: str) -> None:
    _, _, people = campus
    hand_in_correction(campus, item, text)
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
    assert ("public_words @@" if connection.vendor == "postgresql"
            else "public_article_search") in sql
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
    ids = queries.matching([word])
    with connection.cursor() as cursor:
        cursor.execute(ids.sql, ids.params)
        return sorted(row[0] for row in cursor.fetchall())


def test_a_rebuild_makes_every_articles_words_again_and_forgets_the_rest(campus):
    wisuda = published(campus, "Wisuda Desember", "Sebanyak 900 wisudawan di Gedung Graha.")
    dies = published(campus, "Dies Natalis", "Upacara dies natalis di Gedung Graha.")
    forget_all_words()
    index_words([(10**9, "gedung yatim", None)])  # no article of its own
    assert found("graha") == [] and _index_holds("gedung") == [10**9]
    assert rebuild_search() == 2
    assert found("graha") == ["Dies Natalis", "Wisuda Desember"]
    assert _index_holds("gedung") == sorted([wisuda.pk, dies.pk])


def test_a_search_matching_more_than_the_limit_counts_no_further(campus, monkeypatch):
    # Counted to the last, a word in nearly every article costs a query over all of them for
    # anyone who types it; the count stops past the limit and says "lebih dari".
    from tayang.public import queries

    monkeypatch.setattr(queries, "SEARCH_COUNT_LIMIT", 2)
    monkeypatch.setattr(queries, "PER_PAGE", 1)
    for title in ("Wisuda Desember", "Dies Natalis", "Penerimaan Mahasiswa"):
        published(campus, title, "Acara di Gedung Graha.")
    with CaptureQueriesContext(connection) as counted:
        html = Client().get("/situs/humas-kampus/cari/?q=graha").content.decode()
    assert "Ditemukan lebih dari 2 berita untuk «graha»." in html
    count_sql = [q["sql"] for q in counted.captured_queries if "COUNT(" in q["sql"].upper()]
    assert count_sql and all("LIMIT 3" in sql for sql in count_sql)
    # Its pages stop at the limit: the second is the last, the third is not there.
    second = Client().get("/situs/humas-kampus/cari/?q=graha&halaman=2")
    assert second.status_code == 200 and "halaman=3" not in second.content.decode()
    assert Client().get("/situs/humas-kampus/cari/?q=graha&halaman=3").status_code == 404
    # Under the limit the count is exact.
    assert "Ditemukan 1 berita untuk «wisuda»." in Client().get(
        "/situs/humas-kampus/cari/?q=wisuda").content.decode()


def lent(item: Item) -> tuple[bool, set[str], set[str]] | None:
    """PostgreSQL: whether the item's row lends its words to the article, the words the row
    keeps for the article itself, and the item's own words (None on SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT lends, tsvector_to_array(public_words), tsvector_to_array(words) "
                       "FROM items_search WHERE id = %s", [item.pk])
        lends, own, words = cursor.fetchone()
    return lends, set(own or ()), set(words or ())


def hand_in_correction(campus, item: Item, text: str) -> None:
    """A correction of a published item, not published yet: the item's words change."""
    _, _, people = campus
    redaktur = Client()
    redaktur.force_login(people["redaktur"])
    form = reverse("workspace:item-correct", kwargs={"org": "humas-kampus", "pk": item.pk})
    assert redaktur.post(form, {"version": item.version, "judul": "Wisuda Desember",
                                "naskah": text, "note": "Jumlah salah ketik."}
                         ).status_code == 302


def test_the_article_borrows_the_items_words_while_they_are_all_its_own(campus):
    """PostgreSQL: the article's row keeps only the words the item's are not (here the
    category, «kegiatan»); a search's words are found in either, each alone."""
    wisuda = published(campus, "Wisuda Desember", "Sebanyak 900 wisudawan di Gedung Graha.")
    published(campus, "Dies Natalis", "Upacara dies natalis di Gedung Graha.")
    if (row := lent(wisuda)) is not None:
        lends, own, words = row
        assert lends and "kegiatan" in own and "wisudawan" in words and not own & words
    assert found("wisudawan") == ["Wisuda Desember"]  # the item's word, lent
    assert found("kegiatan graha") == ["Dies Natalis", "Wisuda Desember"]  # one of each
    assert found("kegiatan 900 wisuda") == ["Wisuda Desember"]
    assert found("kegiatan yatim") == []

    # A correction handed in, not yet published: the item's words change, the article's stay
    # those published, taken back whole in the statement that changes the item's.
    hand_in_correction(campus, wisuda, "Sebanyak 912 wisudawan di Auditorium.")
    if (row := lent(wisuda)) is not None:
        lends, own, words = row
        assert not lends and {"kegiatan", "900", "graha", "wisudawan"} <= own
        assert "912" in words and "900" not in words
    assert found("900") == ["Wisuda Desember"] and found("912") == found("auditorium") == []
    assert found("kegiatan graha") == ["Dies Natalis", "Wisuda Desember"]
    # Published: the new words, lent again.
    _, _, people = campus
    assert perform(wisuda.pk, people["kepala"], Approve()).ok
    assert perform(wisuda.pk, people["admin"], Publish()).ok
    if (row := lent(wisuda)) is not None:
        lends, own, words = row
        assert lends and "912" in words and "900" not in own | words
    assert found("912 auditorium") == ["Wisuda Desember"] and found("900") == []


def test_a_register_rebuild_keeps_the_articles_words(campus):
    from tayang.items.search import rebuild

    wisuda = published(campus, "Wisuda Desember", "Sebanyak 900 wisudawan di Gedung Graha.")
    assert rebuild() == 1
    if (row := lent(wisuda)) is not None:
        assert row[0]  # lent again
    assert found("kegiatan wisudawan") == ["Wisuda Desember"]


def _article_words() -> dict[int, set[str]]:
    """Each article's words as the public search holds them, by item (PostgreSQL)."""
    with connection.cursor() as cursor:
        if "public_article_search" in connection.introspection.table_names(cursor):
            cursor.execute("SELECT id, tsvector_to_array(words) FROM public_article_search")
        else:
            cursor.execute("SELECT id, tsvector_to_array(CASE WHEN lends THEN public_words "
                           "|| words ELSE public_words END) FROM items_search "
                           "WHERE public_words IS NOT NULL")
        return {item_id: set(words) for item_id, words in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_articles_words_both_ways(campus):
    from django.core.management import call_command

    wisuda = published(campus, "Wisuda Desember", "Sebanyak 900 wisudawan di Gedung Graha.")
    dies = published(campus, "Dies Natalis", "Upacara dies natalis di Gedung Graha.")
    hand_in_correction(campus, wisuda, "Sebanyak 912 wisudawan di Auditorium.")  # not lent
    postgres = connection.vendor == "postgresql"
    before = _article_words() if postgres else None
    if postgres:
        assert set(before) == {wisuda.pk, dies.pk}
        assert lent(wisuda)[0] is False and lent(dies)[0] is True
    try:
        call_command("migrate", "public", "0006_search_without_pending_list", verbosity=0)
        if postgres:
            assert _article_words() == before
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM information_schema.columns WHERE "
                               "table_name = 'items_search' AND column_name = 'public_words'")
                assert cursor.fetchone() == (0,)
    finally:
        call_command("migrate", "public", verbosity=0)
    if postgres:
        assert _article_words() == before
        assert lent(wisuda)[0] is False and lent(dies)[0] is True
    assert found("900") == ["Wisuda Desember"] and found("kegiatan natalis") == ["Dies Natalis"]
