"""A public search's page from its matches collected once, on PostgreSQL, when its words are
rare among a large site's newest articles.

The page's rows are asked of the planner as the site's articles newest first whose item's row
of ``items_search`` holds the words (``queries.search``). It estimates the matches from each
word's share of all the items, as if spread evenly over time, and walks the site's newest
articles testing each one's row by key, expecting to meet eleven soon. The matches of a rare
search are not spread evenly: at 1,000,000 items (666,735 articles of one site) «kegiatan 2025»
has 81 rows, estimated 2,815, all old, and the walk read every article of the site (1.0–1.4 s);
«nomor 77» read some 200,000 (430 ms).

So on a site of more than ``BOUNDED_FROM`` articles the first page's rows are read among the
newest ``BOUND`` only (:func:`bound`: their oldest time, read once per state of the site): a
search common there finds its page as before, within a walk that no longer grows with the site.
One that finds fewer than a page there, and a later page the newest articles' walk did not
count (``search_count``), are read by :func:`window`: the items holding the words collected from
the words' indexes once (at most ``COLLECT_AT_MOST``), and in the same statement the site's
published articles among them counted and sorted, keeping only the page's ids; the page is then
read by those ids. The register answers its own rare searches the same way
(``tayang.items.fulltext_query.collected``, ``tayang.workspace.collected_page``).
docs/performance.md, "The public search at a million items on PostgreSQL".
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from tayang.items import public_words
from tayang.public import per_state, statements
from tayang.public.on_site import ON_SITE
from tayang.public.sites import Site

# A site of at most this many articles is walked by the planner as before: a rare word's whole
# walk is then ~30 ms at worst, and its plans at 20,000 items (13,506 articles, «kegiatan 2025»
# 0.6–0.8 ms of the server) cost less than the statements a collected page adds.
BOUNDED_FROM = 20_000
# The first page's rows are read among this many of a large site's newest articles: 1.2–1.5 ms
# of the server at a million items when nothing is found there. At 1,000 or 2,000 the planner
# walks them with a parallel worker, whose start cost more than the walk (14–43 ms).
BOUND = 500
# More items holding the words than this: not collected, the planner's way as before (such
# words are in one article of 33 on average: the walk meets a page of them soon).
COLLECT_AT_MOST = 20_000

# The ``BOUND``-th and ``BOUNDED_FROM``-th newest of the organization's articles, by the index
# of the site's newest articles (the publication's state is not asked: a bound only).
_BOUND = (
    "SELECT (SELECT a.published_at FROM public_article a WHERE a.organization_id = %s "
    "ORDER BY a.published_at DESC OFFSET {bound} LIMIT 1), "
    "EXISTS (SELECT 1 FROM public_article a WHERE a.organization_id = %s "
    "ORDER BY a.published_at DESC OFFSET {large} LIMIT 1)"
)


def bound(site: Site) -> datetime | None:
    """The time of the site's ``BOUND``-th newest article when it has more than
    ``BOUNDED_FROM``; None otherwise. Read once per state of the site."""
    return per_state.remembered("search-bound", site, lambda: _bound(site))


def _bound(site: Site) -> datetime | None:
    statement = _BOUND.format(bound=int(BOUND) - 1, large=int(BOUNDED_FROM))
    [(oldest, large)] = statements.rows(statement, [site.organization.pk] * 2)
    return oldest if large else None


def window(site: Site, words: list[str], number: int, per_page: int
           ) -> tuple[int, list[int]] | None:
    """How many of the site's published articles hold every word (as a prefix), and the ids of
    those of page ``number`` (``per_page`` a page, newest first); None when more than
    ``COLLECT_AT_MOST`` items hold them.

    One statement, not prepared: the words' indexes are asked with the words themselves, as
    their plan needs them. The ids go to the articles' item key as an array behind an init
    plan: the planner then reads each by key (given a join, it could hash the site)."""
    holds, parameters = public_words.holds(words)
    first = (number - 1) * per_page + 1
    statement = (
        f"WITH m AS MATERIALIZED (SELECT id FROM {public_words.INDEX} WHERE {holds} "
        f"LIMIT {int(COLLECT_AT_MOST) + 1}) "
        "SELECT (SELECT count(*) FROM m), count(*), "
        "(array_agg(a.id ORDER BY a.published_at DESC, a.id DESC))[%s:%s] "
        f"FROM public_article a WHERE a.item_id = ANY(ARRAY(SELECT id FROM m)) AND {ON_SITE}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*parameters, first, first + per_page - 1,
                                   site.organization.pk])
        collected, found, ids = cursor.fetchone()
    if collected > COLLECT_AT_MOST:
        return None
    return found, list(ids or [])
