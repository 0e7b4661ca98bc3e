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

from tayang.items import public_words
from tayang.public import per_state, queries, search_collected, search_count
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


@pytest.mark.parametrize("glance, sample, common, walk", [
    (1, 4, 1, 8),  # walked whenever one of the newest four holds the words (and the newest)
    (4, 4, 1, 1),  # walked, but only as far as it counts: short, then the indexes' count
    (4, 4, 5, 8),  # never walked
])
def test_the_count_is_the_same_whichever_way_it_is_taken(articles, monkeypatch,
                                                         glance, sample, common, walk):
    monkeypatch.setattr(search_count, "GLANCE", glance)
    monkeypatch.setattr(search_count, "SAMPLE", sample)
    monkeypatch.setattr(search_count, "SAMPLE_COMMON", common)
    monkeypatch.setattr(search_count, "WALK_PER_COUNTED", walk)
    known = 0
    for words in WORDS:
        found = exact(articles, words)
        for limit in (0, 1, 2, 3, 4, 5, 10):
            walked = search_count.walked(articles, words, limit)
            assert walked is None or walked == min(found, limit + 1), (words, limit)
            known += walked is not None
    # The walk answered some (a count past the limit, or every article walked), or none.
    assert (known > 0) == (common <= sample)


@pytest.mark.parametrize("per_page, limit", [(1, 2), (2, 3), (10, 1000), (3, 1)])
def test_a_search_page_counts_and_lists_as_the_words_indexes_do(articles, monkeypatch,
                                                               per_page, limit):
    """Each page of every search, walked or not, read first or counted first (PostgreSQL's
    first page), lists the articles and the count the planner's own statements give."""
    monkeypatch.setattr(queries, "PER_PAGE", per_page)
    monkeypatch.setattr(queries, "SEARCH_COUNT_LIMIT", limit)
    monkeypatch.setattr(search_count, "GLANCE", 1)
    monkeypatch.setattr(search_count, "SAMPLE", 3)
    monkeypatch.setattr(search_count, "SAMPLE_COMMON", 1)
    _assert_pages_as_the_planners(articles, per_page, limit)


def _assert_pages_as_the_planners(site: Site, per_page: int, limit: int) -> list[str]:
    """Every page of every search lists what the planner's own statement lists, and the count;
    returns the statements run."""
    client = Client()
    ran: list[str] = []
    for words in WORDS:
        titles = list(queries.listing(queries.search(site, words))
                      .values_list("title", flat=True))
        count = min(len(titles), limit)
        over = "lebih dari " if len(titles) > limit else ""
        pages = max(1, -(-count // per_page))
        for number in range(1, pages + 2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/situs/humas-kampus/cari/",
                                      {"q": " ".join(words), "halaman": number})
            ran += [q["sql"] for q in captured.captured_queries]
            if number > pages:
                assert response.status_code == 404, (words, number)
                continue
            html = response.content.decode()
            shown = titles[(number - 1) * per_page:min(number * per_page, count)]
            assert all(f">{title}<" in html for title in shown), (words, number)
            assert sum(f">{title}<" in html for title in titles) == len(shown), (words, number)
            if count:
                assert f"Ditemukan {over}{count} berita untuk «{' '.join(words)}»." in html
    return ran


@pytest.mark.parametrize("per_page, limit, bound, collect", [
    (1, 2, 1, 100), (2, 3, 2, 100), (10, 1000, 3, 100), (3, 1, 2, 100), (1, 2, 2, 3),
    (2, 3, 1, 0),
])
def test_a_large_sites_search_pages_are_the_planners(articles, monkeypatch, per_page, limit,
                                                     bound, collect):
    """A site counted as large (``search_collected``): the first page's rows read among its
    newest ``bound`` articles, the rest from the words' matches collected once, or as before
    when more items than ``collect`` hold them; every page and count is the planner's."""
    monkeypatch.setattr(queries, "PER_PAGE", per_page)
    monkeypatch.setattr(queries, "SEARCH_COUNT_LIMIT", limit)
    monkeypatch.setattr(search_count, "GLANCE", 1)
    monkeypatch.setattr(search_count, "SAMPLE", 3)
    monkeypatch.setattr(search_count, "SAMPLE_COMMON", 1)
    monkeypatch.setattr(search_collected, "BOUNDED_FROM", 2)
    monkeypatch.setattr(search_collected, "BOUND", bound)
    monkeypatch.setattr(search_collected, "COLLECT_AT_MOST", collect)
    per_state.forget()  # the bound is kept per state of the site
    ran = _assert_pages_as_the_planners(articles, per_page, limit)
    assert any(sql.startswith("WITH m AS MATERIALIZED") for sql in ran)  # collected


def test_a_rare_word_on_a_large_site_is_collected_not_walked(articles, monkeypatch):
    """«rapat», in the oldest article only: its first page is not read by a walk of the site
    but from its matches collected once, and read by key; on a site not counted as large, as
    before (nothing collected)."""
    monkeypatch.setattr(search_collected, "BOUNDED_FROM", 2)
    monkeypatch.setattr(search_collected, "BOUND", 2)
    per_state.forget()  # the bound is kept per state of the site
    with CaptureQueriesContext(connection) as captured:
        html = Client().get("/situs/humas-kampus/cari/?q=rapat").content.decode()
    assert "Ditemukan 1 berita untuk «rapat»." in html and ">Rapat Dinas<" in html
    ran = [q["sql"] for q in captured.captured_queries]
    bounded = [sql for sql in ran if "public_article" in sql and "published_at\" >=" in sql]
    assert len(bounded) == 1  # the page's rows read among the newest two only
    assert [sql for sql in ran if sql.startswith("WITH m AS MATERIALIZED")]
    assert not any(sql.startswith("SELECT COUNT(") for sql in ran)
    monkeypatch.setattr(search_collected, "BOUNDED_FROM", 1000)  # not a large site
    per_state.forget()
    with CaptureQueriesContext(connection) as captured:
        html = Client().get("/situs/humas-kampus/cari/?q=rapat").content.decode()
    assert ">Rapat Dinas<" in html
    assert not any("WITH m AS" in q["sql"] for q in captured.captured_queries)


@pytest.mark.parametrize("page", ["3", "101", "99999999999", "100000000000000000000", "0",
                                  "-3", "x"])
def test_a_large_sites_search_page_that_cannot_exist_is_not_found(articles, monkeypatch, page):
    """A page number past the count's last page, or no number at all, is a 404 before the
    database is asked (one past PostgreSQL's integers was an error there)."""
    monkeypatch.setattr(search_collected, "BOUNDED_FROM", 2)
    monkeypatch.setattr(search_collected, "BOUND", 2)
    per_state.forget()
    response = Client(raise_request_exception=False).get(
        f"/situs/humas-kampus/cari/?q=rapat&halaman={page}")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()

def _plan(cursor, sql: str, parameters: list[object]) -> dict:
    """The plan of ``sql`` as run. Seven articles are read faster whole and sorted than by the
    site's index, so the caller tells the planner to read them by their indexes (for the test's
    transaction only), as it does on a site of thousands."""
    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, parameters)
    (plan,) = cursor.fetchone()
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def test_a_common_words_count_reads_the_newest_articles_until_its_limit(articles, monkeypatch):
    """The first page's count of words in most articles walks the newest ones and stops past
    the limit: the words' indexes are not asked, no article is read beyond those walked."""
    monkeypatch.setattr(queries, "SEARCH_COUNT_LIMIT", 2)
    monkeypatch.setattr(queries, "PER_PAGE", 1)
    monkeypatch.setattr(search_count, "GLANCE", 1)
    monkeypatch.setattr(search_count, "SAMPLE", 2)
    monkeypatch.setattr(search_count, "SAMPLE_COMMON", 1)
    with CaptureQueriesContext(connection) as captured:
        html = Client().get("/situs/humas-kampus/cari/?q=balai+informasi").content.decode()
    assert "Ditemukan lebih dari 2 berita untuk «balai informasi»." in html
    ran = [q["sql"] for q in captured.captured_queries]
    assert any("WITH newest" in sql for sql in ran)  # walked
    assert not any(sql.startswith("SELECT COUNT(") for sql in ran)  # the indexes not asked
    words = ["balai", "informasi"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a site of thousands (below)
        plan = _plan(cursor, search_count._statement(len(words), 2),
                     [*public_words.holds(words)[1], articles.organization.pk])
    nodes = list(_nodes(plan))
    ran_nodes = [n for n in nodes if n["Actual Loops"]]
    assert not any(n["Node Type"] in ("Hash", "Sort", "Bitmap Index Scan") for n in ran_nodes)
    assert {n["Index Name"] for n in ran_nodes if n.get("Relation Name") == "items_search"} == {
        "items_search_pkey"}  # each article's item asked by its key
    # The newest is glanced at, the two newest asked (both hold the words: the walk), and the
    # walk reads the newest until three are found: «Lomba Debat», «Pameran Buku», «Pelatihan
    # Guru»; each of them read once, the four older never.
    read = [n["Actual Rows"] for n in ran_nodes if n.get("Relation Name") == "public_article"]
    assert read == [3]
    # A word in fewer articles than the first page shows: its rows are all of them, nothing
    # is counted or walked.
    with CaptureQueriesContext(connection) as captured:
        html = Client().get("/situs/humas-kampus/cari/?q=rapat").content.decode()
    assert "Ditemukan 1 berita untuk «rapat»." in html
    searched = [q["sql"] for q in captured.captured_queries if "items_search" in q["sql"]]
    assert len(searched) == 1 and "COUNT(" not in searched[0].upper()
