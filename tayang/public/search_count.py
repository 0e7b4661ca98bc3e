"""How many of a site's articles a public search finds, up to its limit, on PostgreSQL, when
its words are in most of them: by walking the site's newest articles.

The count only needs to know whether more than the limit match (the page then says «lebih
dari 1.000»). Left to the planner (``queries.search``: the site's articles whose item is among
the index's matches), the count of two words each in most articles was planned from an
estimate a third of the truth: each word's condition on ``items_search`` is estimated well, but
over all the items, those without an article too, and the two are multiplied as if
independent, where both are in the same articles («balai informasi»: 2,886 estimated, 5,190
found of 20,582 rows). The planner then hashed every article of the site against every match
(25–35 ms at 13,506 articles, growing with the site), where walking the newest articles and
asking each one's row stops at the limit: 1,001 found among the newest 2,609 (6–10 ms, the
same at any size of site).

:func:`walked` is that walk, one prepared statement: the site's articles newest first, each
asked by key whether its item's row holds the words and whether its website publication is
published, until ``limit + 1`` are found, reading at most ``WALK_PER_COUNTED`` articles per
article counted (a guess can mislead: words common only among the newest articles). Before it,
the newest ``GLANCE`` articles, then ``SAMPLE``, are asked whether enough hold the words;
``queries`` skips that when the first page's own rows already tell (its ``_edge``). It answers
None when the walk is not the way or stopped short: the words' indexes then count, as before,
in the planner's statement planned for its words (a rare word: its few matches). Either way the
number is the same: the walk only answers when it found more than the limit, or walked every
article of the site.

The walk's tests are scalar subqueries on purpose: an ``EXISTS`` or an ``IN`` is turned into a
join, and the planner may hash the whole of the other side (the site's publications) before
the first article; a scalar subquery is asked of each row read, in order. The words' own count
is not a branch of this statement: PostgreSQL compiles a statement whose estimated cost passes
``jit_above_cost`` (100,000) to machine code first (20–200 ms), and the indexes' count of a
common pair is estimated in proportion to the site; this statement's estimate (~69,000) does
not grow with it. docs/performance.md, "The public search's count by a walk of the newest
articles".
"""

from __future__ import annotations

from tayang.items import public_words
from tayang.items.models import Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.public import statements
from tayang.public.sites import Site
from tayang.public.statements import literal

# The newest articles asked first, and how many of them must hold the words for the walk:
# 11 of 48, so that the walk expects to read at most ~4.4 articles per article counted, within
# its bound below (a pair in a third of the articles, «pelatihan balai»: 13 of the newest 48 at
# 20,000 items). The first ``GLANCE`` are asked alone before: none of them holding the words
# (a rare word; 1 time in 650 for words in a third of the articles) spares the rest. The
# first page decides the same from its own rows (``queries._edge``): 11 of the newest 48 is
# its eleventh row among them.
GLANCE = 16
SAMPLE = 48
SAMPLE_COMMON = 11
# The walk reads at most this many articles per article counted (4,004 for the page's limit of
# 1,000), at any size of site; more would bring the statement's estimated cost near the JIT's
# threshold (8 per article: 105,359, compiled).
WALK_PER_COUNTED = 4

# Whether the article ``a``'s website publication is published: ``on_site.ON_SITE``'s lock,
# asked of the one row.
_PUBLISHED = (
    f"(SELECT p.channel = '{literal(WEBSITE_CHANNEL)}' "
    f"AND p.state = '{literal(Publication.State.PUBLISHED.value)}' "
    "FROM items_publication p WHERE p.id = a.publication_id)"
)


def _statement(words: int, limit: int) -> str:
    """The walk's statement for ``words`` words; its parameters are the words' (twice each,
    :func:`tayang.items.public_words.holds`) and the organization. Its one value: the number
    of articles found when it is known (more than ``limit``, or every article walked), NULL
    when the indexes must count."""
    key = (words, limit, GLANCE, SAMPLE, SAMPLE_COMMON, WALK_PER_COUNTED)
    found = _STATEMENTS.get(key)
    if found is not None:
        return found
    holds, _ = public_words.holds(["w"] * words, "s", public_words.QUERY_ONCE)
    counted = int(limit) + 1
    walked = counted * WALK_PER_COUNTED
    # The site's newest articles, each with whether its item's row holds the words: made as
    # far as the first reader of them asks (a CTE's rows are made as they are read), so the
    # glance, the sample and the walk ask each article once, and only as far as they go.
    newest = (
        "SELECT a.publication_id, "
        f"(SELECT {holds} FROM {public_words.INDEX} s WHERE s.id = a.item_id) AS holds "
        "FROM public_article a WHERE a.organization_id = %s "
        f"ORDER BY a.published_at DESC LIMIT {walked}"
    )
    found = _STATEMENTS[key] = (
        f"WITH newest AS MATERIALIZED ({newest}) "
        "SELECT CASE "
        "WHEN (SELECT count(*) FILTER (WHERE holds) FROM (SELECT holds FROM newest "
        f"LIMIT {GLANCE}) g) = 0 THEN NULL "
        "WHEN (SELECT count(*) FILTER (WHERE holds) FROM (SELECT holds FROM newest "
        f"LIMIT {SAMPLE}) g) < {SAMPLE_COMMON} THEN NULL "
        "ELSE (SELECT CASE WHEN w.n = "
        f"{counted} OR (SELECT count(*) FROM newest) < {walked} THEN w.n END FROM "
        f"(SELECT count(*) AS n FROM (SELECT 1 FROM newest a WHERE a.holds AND {_PUBLISHED} "
        f"LIMIT {counted}) f) w) END"
    )
    return found


_STATEMENTS: dict[tuple[int, ...], str] = {}


def walked(site: Site, words: list[str], limit: int) -> int | None:
    """How many of the site's published articles hold every word (as a prefix), up to
    ``limit + 1``, when the walk of the newest knows it; None when the words' indexes must
    count (PostgreSQL)."""
    _, parameters = public_words.holds(words)
    [(number,)] = statements.rows(_statement(len(words), limit),
                                  [*parameters, site.organization.pk])
    return None if number is None else int(number)
