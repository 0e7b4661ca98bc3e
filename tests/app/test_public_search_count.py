"""PostgreSQL: the public search's count walks the site's newest articles when its words are in
most of them, and counts by the words' indexes otherwise; the number is the same either way
(``tayang.public.search_count``; docs/performance.md, "The public search's count by a walk of
the newest articles")."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from tayang.public import queries, search_count
from tayang.public.sites import Site

from .test_public_search import campus, published  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's count"),
]

# Seven articles, newest last: «balai» in five, «informasi» in six, both in four, «rapat» once.
TEXTS = (
    ("Rapat Dinas", "Rapat koordinasi informasi publik."),
    ("Wisuda Desember", "Wisuda di balai kota."),
    ("Dies Natalis", "Informasi dies natalis di balai kampus."),
    ("Penerimaan Mahasiswa", "Informasi penerimaan mahasiswa baru."),
    ("Pelatihan Guru", "Pelatihan di balai informasi."),
    ("Pameran Buku", "Pameran buku di balai informasi."),
    ("Lomba Debat", "Lomba debat di balai informasi."),
)
WORDS = (["balai", "informasi"], ["informasi"], ["balai"], ["rapat"], ["balai", "rapat"],
         ["informasi", "balai", "di"], ["yatim"])


@pytest.fixture
def articles(campus):  # noqa: F811  (the fixture imported above)
    for title, text in TEXTS:
        published(campus, title, text)
    org = campus[0]
    return Site(org, False, 0, None, RequestFactory().get("/"))


def exact(site: Site, words: list[str]) -> int:
    return queries.search(site, words).count()


@pytest.mark.parametrize("sample, common, walk", [
    (4, 1, 8),   # walked whenever one of the newest four holds the words
    (4, 1, 1),   # walked, but only as far as it counts: short, then the indexes' count
    (4, 5, 8),   # never walked
])
def test_the_count_is_the_same_whichever_way_it_is_taken(articles, monkeypatch,
                                                         sample, common, walk):
    monkeypatch.setattr(search_count, "SAMPLE", sample)
    monkeypatch.setattr(search_count, "SAMPLE_COMMON", common)
    monkeypatch.setattr(search_count, "WALK_PER_COUNTED", walk)
    for words in WORDS:
        found = exact(articles, words)
        for limit in (0, 1, 2, 3, 4, 5, 10):
            assert search_count.counted(articles, words, limit) == min(found, limit + 1), (
                words, limit)


def _plan(sql: str) -> dict:
    """The plan of ``sql`` as run, as on a site of thousands of articles: seven are read
    faster whole and sorted than by the site's index, so the planner is told to read them by
    their indexes (for the test's transaction only)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def test_a_common_words_count_reads_the_newest_articles_until_its_limit(articles, monkeypatch):
    """The page's count of words in most articles walks the newest ones and stops past the
    limit: the words' indexes are not asked, no article is read beyond those walked."""
    monkeypatch.setattr(queries, "SEARCH_COUNT_LIMIT", 2)
    monkeypatch.setattr(queries, "PER_PAGE", 1)
    monkeypatch.setattr(search_count, "SAMPLE", 4)
    monkeypatch.setattr(search_count, "SAMPLE_COMMON", 2)
    with CaptureQueriesContext(connection) as captured:
        html = Client().get("/situs/humas-kampus/cari/?q=balai+informasi").content.decode()
    assert "Ditemukan lebih dari 2 berita untuk «balai informasi»." in html
    [count] = [q["sql"] for q in captured.captured_queries if "WITH sampled" in q["sql"]]
    nodes = list(_nodes(_plan(count)))
    indexed = [n for n in nodes if n.get("Subplan Name") == "CTE indexed"]
    assert indexed and all(n["Actual Loops"] == 0 for n in indexed)  # never executed
    ran = [n for n in nodes if n["Actual Loops"]]
    assert not any(n["Node Type"] in ("Hash", "Sort", "Bitmap Index Scan") for n in ran)
    assert {n["Index Name"] for n in ran if n.get("Relation Name") == "items_search"} == {
        "items_search_pkey"}  # each article's item asked by its key
    # The four newest are asked first (two hold both words: the walk); the walk then reads
    # the newest until three are found: «Lomba Debat», «Pameran Buku», «Pelatihan Guru».
    read = [n["Actual Rows"] for n in ran if n.get("Relation Name") == "public_article"]
    assert read == [4, 3]
    # A rare word is counted by its indexes, exactly.
    html = Client().get("/situs/humas-kampus/cari/?q=rapat").content.decode()
    assert "Ditemukan 1 berita untuk «rapat»." in html
