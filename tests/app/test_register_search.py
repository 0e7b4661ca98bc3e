"""The register's search through the database's own text search, and its pages by number.

Runs on SQLite (FTS5) and again on PostgreSQL (tsvector + GIN) in ``make test``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tayang.engine.actions import Edit, HandIn
from tayang.items import fulltext, fulltext_query, search
from tayang.items.models import Item
from tayang.items.withdrawal import withdraw
from tayang.items.workflow import perform
from tayang.sop.model import END
from tayang.workspace.views import register as register_view

from .world import World, drive, make_world, new_item, ready_item

pytestmark = pytest.mark.django_db

ORG = "dpmptsp-gunungkidul"


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", ORG)


def titles(world: World, **query: object) -> list[str]:
    client = Client()
    client.force_login(world.admin)
    response = client.get(reverse("workspace:register", kwargs={"org": world.slug}), query)
    assert response.status_code == 200
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<a href="/kerja/[^"]+/konten/\d+/">([^<]+)</a>', body)


def handed_in(world: World, title: str, *, unit=None, now=None, **values: object) -> Item:
    item = ready_item(world, title, unit=unit, now=now, **values)
    assert perform(item.pk, item.created_by, HandIn(), now=now).ok
    item.refresh_from_db()
    return item


def test_indonesian_words_are_found_by_their_beginning_and_without_accents(world):
    handed_in(world, "Pelatihan kerja di Gédung Serbaguna")
    handed_in(world, "Penyaluran bantuan sosial")
    assert titles(world, q="pelatih") == ["Pelatihan kerja di Gédung Serbaguna"]
    assert titles(world, q="gedung serbaguna") == ["Pelatihan kerja di Gédung Serbaguna"]
    assert titles(world, q="GÉDUNG") == ["Pelatihan kerja di Gédung Serbaguna"]
    assert titles(world, q="wonosari bantuan") == ["Penyaluran bantuan sosial"]  # place + title
    # Every word must be there; a word found nowhere finds nothing.
    assert titles(world, q="pelatihan bantuan") == []
    assert titles(world, q="latih") == []  # a beginning of a word, not any part of one
    # Nothing a search engine would take for its own syntax is taken as such.
    assert titles(world, q='"pelatihan" OR * NEAR(') == []
    assert titles(world, q="---") == []


def test_register_numbers_are_found_as_typed(world):
    moment = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    items = [handed_in(world, f"Berita kegiatan dinas nomor {n}", now=moment)
             for n in range(1, 8)]
    seventh = items[-1]
    assert seventh.register_code == "0007/2026"
    assert titles(world, q="7") == ["Berita kegiatan dinas nomor 7"]
    assert titles(world, q="0007/2026") == ["Berita kegiatan dinas nomor 7"]
    assert titles(world, q="7/2025") == []
    # "nomor 7": the words, not the register number.
    assert titles(world, q="nomor 7") == ["Berita kegiatan dinas nomor 7"]


def test_filters_combine_with_the_search(world):
    secretariat, division = world.units
    handed_in(world, "Pelatihan kerja di sekretariat", unit=secretariat)
    done = handed_in(world, "Pelatihan kerja di bidang", unit=division)
    drive(world, done, END)
    handed_in(world, "Rapat koordinasi di bidang", unit=division)
    assert titles(world, q="pelatihan", unit=division.pk) == ["Pelatihan kerja di bidang"]
    assert titles(world, q="pelatihan", status="finished") == ["Pelatihan kerja di bidang"]
    assert titles(world, q="pelatihan", status="in_progress") == [
        "Pelatihan kerja di sekretariat"]
    assert titles(world, q="bidang", status="in_progress", unit=division.pk) == [
        "Rapat koordinasi di bidang"]


def test_the_index_follows_corrections_publishing_and_withdrawal(world):
    item = handed_in(world, "Sosialisasi perizinan berusaha")
    assert titles(world, q="berusaha") == ["Sosialisasi perizinan berusaha"]
    item = drive(world, item, "koreksi")
    reviewer = world.holder("tim_pertimbangan")
    assert perform(item.pk, reviewer, Edit({"title": "Bimbingan teknis perizinan"})).ok
    assert titles(world, q="berusaha") == []
    assert titles(world, q="bimbingan") == ["Bimbingan teknis perizinan"]
    item = drive(world, item, END)
    assert titles(world, q="bimbingan", status="finished") == ["Bimbingan teknis perizinan"]
    assert withdraw(item.pk, world.holder("admin_medsos"), "Ditarik untuk diperbaiki.").done
    assert titles(world, q="bimbingan") == ["Bimbingan teknis perizinan"]  # still registered


def test_a_rolled_back_change_leaves_the_index_as_it_was(world):
    item = handed_in(world, "Pameran produk UMKM")
    item = drive(world, item, "koreksi")
    with pytest.raises(RuntimeError):  # noqa: SIM117 (the block is what is rolled back)
        with transaction.atomic():
            assert perform(item.pk, world.holder("tim_pertimbangan"),
                           Edit({"title": "Festival kuliner"})).ok
            raise RuntimeError("the request failed after the correction")
    assert titles(world, q="festival") == []
    assert titles(world, q="pameran") == ["Pameran produk UMKM"]


def test_the_search_uses_the_databases_text_search_not_like(world):
    handed_in(world, "Pelatihan kerja")
    client = Client()
    client.force_login(world.admin)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("workspace:register", kwargs={"org": world.slug}), {"q": "pelatihan"})
    statements = [q["sql"] for q in queries.captured_queries]
    listed = [sql for sql in statements if "items_item" in sql]
    # The words are asked of the index (on PostgreSQL perhaps before the items are read:
    # few matches are read once, then selected by id), never matched against each row.
    assert any((" MATCH " in sql) or ("@@" in sql) for sql in statements), statements
    assert not any("LIKE" in sql.upper() for sql in listed), listed
    assert not any("GROUP BY" in sql.upper() and "items_stepvisit" not in sql
                   for sql in listed), listed


def test_rebuild_indexes_items_made_before_the_index(world):
    item = handed_in(world, "Monitoring program padat karya")
    fulltext.clear(search.INDEX)
    assert titles(world, q="monitoring") == []
    assert search.rebuild() >= 1
    assert titles(world, q="monitoring") == [item.title]


# --- pages by register number ---------------------------------------------------------------


def test_pages_follow_register_numbers_not_offsets(world, monkeypatch):
    monkeypatch.setattr(register_view, "PAGE_SIZE", 3)
    moment = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    for n in range(1, 8):
        handed_in(world, f"Berita {n}", now=moment)
    client = Client()
    client.force_login(world.admin)
    base = reverse("workspace:register", kwargs={"org": world.slug})

    def page(query: str) -> tuple[list[str], str, str]:
        html = client.get(f"{base}{query}").content.decode()
        found = re.findall(r'<a href="/kerja/[^"]+/konten/\d+/">([^<]+)</a>', html)
        newer = re.search(r'<a href="(\?[^"]*)" rel="prev">', html)
        older = re.search(r'<a href="(\?[^"]*)" rel="next">', html)
        return (found, newer.group(1).replace("&amp;", "&") if newer else "",
                older.group(1).replace("&amp;", "&") if older else "")

    first, newer, older = page("")
    assert (first, newer) == (["Berita 7", "Berita 6", "Berita 5"], "")
    assert older == "?setelah=2026-5"
    # A hand-in meanwhile does not shift the next page (an offset would repeat "Berita 5").
    handed_in(world, "Berita 8", now=moment)
    second, newer, older = page(older)
    assert second == ["Berita 4", "Berita 3", "Berita 2"]
    third, newer_of_third, last = page(older)
    assert (third, last) == (["Berita 1"], "")
    back, _, _ = page(newer_of_third)
    assert back == ["Berita 4", "Berita 3", "Berita 2"]
    top, newest, _ = page(newer)
    assert top == ["Berita 7", "Berita 6", "Berita 5"]
    assert page(newest)[0] == ["Berita 8"]
    # Filters are kept in the links; nonsense cursors are the first page.
    _, _, older = page("?q=berita&sop=" + world.procedure.key)
    assert "q=berita" in older and f"sop={world.procedure.key}" in older
    assert page("?setelah=kemarin")[0] == ["Berita 8", "Berita 7", "Berita 6"]


def test_drafts_are_indexed_but_not_listed(world):
    new_item(world, "Draf pelatihan kerja")
    assert titles(world, q="pelatihan") == []


def test_the_total_is_exact_unfiltered_and_capped_when_filtered(world, monkeypatch):
    monkeypatch.setattr(register_view, "COUNT_LIMIT", 2)
    for n in range(4):
        handed_in(world, f"Berita {n}")
    client = Client()
    client.force_login(world.admin)
    base = reverse("workspace:register", kwargs={"org": world.slug})
    assert "<p>4 konten.</p>" in client.get(base).content.decode()  # from the counters
    assert "<p>Lebih dari 2 konten.</p>" in client.get(base, {"q": "berita"}).content.decode()
    assert "<p>1 konten.</p>" in client.get(base, {"q": "0001"}).content.decode()


# --- common and rare words ------------------------------------------------------------------


def test_the_vocabulary_asks_whole_words_and_counts_the_items_they_are_in(world):
    for title in ("Pelatihan kerja satu", "Pelatihan kerja dua", "Pelatihan menjahit",
                  "Sosialisasi perizinan", "Sosiologi desa"):
        handed_in(world, title)
    if connection.vendor == "postgresql":  # nothing looked up: the planner's estimate
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {search.INDEX}")  # what autovacuum does to a used table
        fulltext_query.forget_sizes()
        asked = fulltext_query.asked(search.INDEX, ["pelatihan"])
        assert asked.expression == "pelatihan:*" and not asked.whole and not asked.nothing
        assert asked.at_most is not None and asked.at_most >= 1 and asked.rows == 5
        return

    def asked(*words: str) -> fulltext_query.Asked:
        return fulltext_query.asked(search.INDEX, list(words))

    assert asked("pelatihan").expression == '"pelatihan"'  # a prefix covering only itself
    assert asked("pelatihan").at_most == 3 and asked("pelatihan").whole
    assert asked("pelat").expression == '"pelatihan"'  # ... or one word: asked whole
    assert asked("kerja").at_most == 2
    assert asked("pelatihan", "menjahit").at_most == 1  # the rarer one bounds them all
    assert asked("sosi").expression == '("sosialisasi" OR "sosiologi")'  # a few: each
    assert 2 <= asked("sosi").at_most <= asked("sosi").rows  # counted twice, never past all
    assert asked("festival").nothing
    assert asked("pelatihan").rows >= 5
    assert titles(world, q="festival pelatihan") == []
    found = titles(world, q="sosi")
    assert found[0] == "Sosiologi desa" and "Sosialisasi perizinan" in found


def test_a_prefix_covering_many_words_stays_a_prefix(world, monkeypatch):
    for title in ("Pelatihan kerja", "Pelayanan terpadu", "Pelantikan pejabat"):
        handed_in(world, title)
    if connection.vendor == "postgresql":
        return
    monkeypatch.setattr(fulltext_query, "WHOLE_WORDS", 2)
    asked = fulltext_query.asked(search.INDEX, ["pela"])
    assert asked.expression == '"pela"*' and not asked.whole and asked.at_most == 3
    monkeypatch.setattr(fulltext_query, "VOCABULARY_READ", 2)  # more words than are read
    asked = fulltext_query.asked(search.INDEX, ["pela"])
    assert asked.at_most == asked.rows  # not known: as many as the index holds
    assert titles(world, q="pela") == ["Pelantikan pejabat", "Pelayanan terpadu",
                                       "Pelatihan kerja"]


def test_a_common_word_finds_the_same_rows_in_the_same_order_walking_the_register(
        world, monkeypatch):
    secretariat, division = world.units
    for number in range(1, 9):
        item = handed_in(world, f"Pelatihan kerja angkatan {number}",
                         unit=secretariat if number % 2 else division)
        if number % 3 == 0:
            drive(world, item, END)
    handed_in(world, "Rapat koordinasi", unit=division)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {search.INDEX}")  # the planner's estimates steer it
        fulltext_query.forget_sizes()
    queries = [{"q": "pelatihan"}, {"q": "pelatihan kerja", "unit": division.pk},
               {"q": "pelatihan", "status": "finished"}, {"q": "koordinasi"},
               {"q": "3"}, {"q": "angkatan 7"}]
    client = Client()
    client.force_login(world.admin)

    def page_sql() -> str:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("workspace:register", kwargs={"org": world.slug}),
                       {"q": "pelatihan"})
        # Read now: the next request empties the connection's query log.
        return next(q["sql"] for q in captured.captured_queries
                    if 'FROM "items_item"' in q["sql"] and "LIMIT 51" in q["sql"])

    monkeypatch.setattr(search, "SORT_BELOW", 10**9)  # every word rare: matches read, sorted
    as_rare = [titles(world, **query) for query in queries]
    sorted_page = page_sql()
    monkeypatch.setattr(search, "SORT_BELOW", 0)
    monkeypatch.setattr(search, "SORT_SHARE", 10**9)  # every word common: the register walked
    monkeypatch.setattr(search, "PROBE_SHARE", 0)  # ... past the collected matches
    as_collected = [titles(world, **query) for query in queries]
    collected_page = page_sql()
    monkeypatch.setattr(search, "PROBE_SHARE", 10**9)  # ... asking the index row by row
    monkeypatch.setattr(search, "PROBE_FROM", 0)
    as_probed = [titles(world, **query) for query in queries]
    probed_page = page_sql()
    assert as_collected == as_rare and as_probed == as_rare
    assert as_rare[0] == [f"Pelatihan kerja angkatan {n}" for n in range(8, 0, -1)]
    assert as_rare[2] == ["Pelatihan kerja angkatan 6", "Pelatihan kerja angkatan 3"]
    if connection.vendor == "postgresql":
        # Few matches collected once, their rows read once for the page and count, the
        # page's rows by their ids; many left to the planner's walk.
        assert '"items_item"."id" IN (' in sorted_page and "items_search" not in sorted_page
        assert '"items_item"."id" IN (SELECT id FROM items_search' in collected_page
        assert "= ANY(" not in collected_page
        monkeypatch.setattr(search, "SORT_BELOW", 10**9)
        monkeypatch.setattr(search, "COLLECT_AT_MOST", 2)  # the estimate far too low
        assert [titles(world, **query) for query in queries] == as_rare
        assert "= ANY(" not in page_sql()
    if connection.vendor == "sqlite":
        assert '+"items_item"."id" IN' not in sorted_page and "EXISTS" not in sorted_page
        assert '+"items_item"."id" IN' in collected_page
        assert 'EXISTS (SELECT 1 FROM items_search' in probed_page
        for walked in (collected_page, probed_page):
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {walked}")
                plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            # The register's unique constraint walked backwards (SQLite names it
            # ``sqlite_autoindex_items_item_1``): nothing sorted.
            assert "USING INDEX sqlite_autoindex_items_item" in plan, plan
            assert "TEMP B-TREE" not in plan, plan


def test_a_search_is_counted_as_the_index_yields_its_rows(world, monkeypatch):
    monkeypatch.setattr(register_view, "COUNT_LIMIT", 2)
    for number in range(4):
        handed_in(world, f"Pelatihan kerja angkatan {number}")
    handed_in(world, "Rapat koordinasi")
    client = Client()
    client.force_login(world.admin)
    base = reverse("workspace:register", kwargs={"org": world.slug})
    with CaptureQueriesContext(connection) as captured:
        html = client.get(base, {"q": "pelatihan"}).content.decode()
    assert "<p>Lebih dari 2 konten.</p>" in html
    count = next(q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"])
    with CaptureQueriesContext(connection) as captured:
        html = client.get(base, {"q": "rapat koordinasi"}).content.decode()
    assert "<p>1 konten.</p>" in html
    assert "<p>0 konten.</p>" in client.get(base, {"q": "festival"}).content.decode()
    if connection.vendor == "sqlite":
        # Joined, not collected: the planner, with the statistics of ``analyze_database``,
        # reads the index first when its matches are many (850,000 of a million items: the
        # first 1,001 in 2 ms, where collecting them all took 90).
        assert '"items_search" MATCH' in count and "SELECT rowid" not in count


def test_a_small_organization_counts_its_search_by_its_own_rows(world):
    """The index holds every organization's items: read first, it would yield mostly the
    others' rows. An organization with less than half of them counts the matches it has."""
    other = make_world("kulonprogo", "dinas-kulonprogo")
    for number in range(6):
        handed_in(other, f"Pelatihan kerja angkatan {number}")
    for number in range(2):
        handed_in(world, f"Pelatihan menjahit angkatan {number}")
    client = Client()
    client.force_login(world.admin)
    base = reverse("workspace:register", kwargs={"org": world.slug})
    with CaptureQueriesContext(connection) as captured:
        html = client.get(base, {"q": "pelatihan"}).content.decode()
    assert "<p>2 konten.</p>" in html
    count = next(q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"])
    assert '"items_search" MATCH' not in count


def test_a_collected_search_reads_its_rows_once_for_the_page_and_its_count(world, monkeypatch):
    """PostgreSQL: the matches of a rare search, collected from the index, are read once for
    the page and its count (``tayang.workspace.collected_page``); the pages, their links and
    the count are those of the register's own walk."""
    monkeypatch.setattr(register_view, "PAGE_SIZE", 3)
    monkeypatch.setattr(register_view, "COUNT_LIMIT", 6)
    secretariat, division = world.units
    for number in range(1, 9):
        handed_in(world, f"Pelatihan kerja angkatan {number}",
                  unit=secretariat if number % 2 else division)
    handed_in(world, "Rapat koordinasi", unit=division)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {search.INDEX}")  # estimated, so collected when few
        fulltext_query.forget_sizes()
    client = Client()
    client.force_login(world.admin)
    base = reverse("workspace:register", kwargs={"org": world.slug})

    def walk(query: dict[str, object]) -> tuple[list[tuple[list[str], str]], list[str]]:
        """Every page from the first to the last, then back to the first: (titles, total
        line) each, and the statements sent."""
        pages: list[tuple[list[str], str]] = []
        statements: list[str] = []

        def shown(link: str) -> str:
            with CaptureQueriesContext(connection) as captured:
                html = client.get(f"{base}?{link}" if link else base,
                                  None if link else query).content.decode()
            statements.extend(q["sql"] for q in captured.captured_queries)
            found = re.findall(r'<a href="/kerja/[^"]+/konten/\d+/">([^<]+)</a>', html)
            total = re.search(r"<p>([^<]*konten\.)</p>", html)
            pages.append((found, total.group(1) if total else ""))
            return html

        html = shown("")
        for direction in ("next", "prev"):
            while following := re.search(rf'<a href="\?([^"]*)" rel="{direction}">', html):
                html = shown(following.group(1).replace("&amp;", "&"))
        return pages, statements

    queries = [{"q": "pelatihan"}, {"q": "pelatihan kerja", "unit": division.pk},
               {"q": "angkatan 7"}, {"q": "festival"}, {"q": "3"}]
    monkeypatch.setattr(search, "SORT_BELOW", 10**9)  # every search's matches few
    monkeypatch.setattr(search, "COLLECT_AT_MOST", 0)  # ... but never collected
    as_walked = [walk(query)[0] for query in queries]
    monkeypatch.setattr(search, "COLLECT_AT_MOST", 100_000)
    read_once = [walk(query) for query in queries]
    assert [pages for pages, _ in read_once] == as_walked
    assert as_walked[0][0] == (["Pelatihan kerja angkatan 8", "Pelatihan kerja angkatan 7",
                                "Pelatihan kerja angkatan 6"], "Lebih dari 6 konten.")
    assert [titles for titles, _ in as_walked[0]] == [
        [f"Pelatihan kerja angkatan {n}" for n in (8, 7, 6)],
        [f"Pelatihan kerja angkatan {n}" for n in (5, 4, 3)],
        [f"Pelatihan kerja angkatan {n}" for n in (2, 1)],
        [f"Pelatihan kerja angkatan {n}" for n in (5, 4, 3)],
        [f"Pelatihan kerja angkatan {n}" for n in (8, 7, 6)],
    ]
    assert as_walked[1][0] == ([f"Pelatihan kerja angkatan {n}" for n in (8, 6, 4)],
                               "4 konten.")
    assert as_walked[3] == [([], "0 konten.")]
    if connection.vendor == "postgresql":
        statements = read_once[0][1]
        assert any("array_agg" in sql for sql in statements)
        assert not any("COUNT(*)" in sql and "items_item" in sql for sql in statements)
        page = [sql for sql in statements if 'FROM "items_item"' in sql and "LIMIT 4" in sql]
        assert page and not any("unnest" in sql for sql in page)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's INCLUDE")
def test_a_collected_searchs_order_can_be_read_from_the_register_key_index_alone(world):
    """Every column of ``items_item`` that the window of a collected search reads is in
    ``item_register_key_by_id`` (migration items/0024), so PostgreSQL can put the matches in
    the register's order by an index-only scan, without their rows (on a large table; a
    test's few rows are read any way the planner likes). A column added to the window's
    statement and not to the index fails here."""
    from tayang.workspace import collected_page

    items = [handed_in(world, f"Pelatihan kerja angkatan {number}") for number in range(1, 4)]
    matches = Item.objects.filter(organization=world.org, register_number__isnull=False,
                                  pk__in=[item.pk for item in items])
    with CaptureQueriesContext(connection) as captured:
        ids, matched = collected_page.window(matches, after=None, before=None, size=2)
    assert matched == 3 and ids == [items[2].pk, items[1].pk, items[0].pk]
    (statement,) = [q["sql"] for q in captured.captured_queries if "array_agg" in q["sql"]]
    read = set(re.findall(r'"items_item"\."(\w+)"', statement))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname, a.attnum = ANY(i.indkey[0:i.indnkeyatts - 1]) "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE c.relname = 'item_register_key_by_id'")
        columns = dict(cursor.fetchall())
    assert columns == {"id": True, "organization_id": False, "register_year": False,
                       "register_number": False}
    assert read == {"id", "organization_id", "register_year", "register_number"}, read
