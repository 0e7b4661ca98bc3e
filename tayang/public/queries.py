"""The articles a site may show, and what its lists need of them, in few queries.

Every query starts from :func:`published`: an organization's articles whose website
publication is in the *published* state. An article row exists only for published items, and
the join on the publication's state is kept as a second lock on the same door.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.paginator import InvalidPage, Page, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest

from tayang.items import fulltext, public_words
from tayang.items.models import Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.public import per_state, search_collected, search_count, statements
from tayang.public.images import SIZES_CARD, Picture, picture
from tayang.public.models import SEARCH_INDEX, Article, CategoryCount
from tayang.public.on_site import ON_SITE, site_parameters
from tayang.public.sites import Site
from tayang.rows.reading import converted_row, default_connection

if TYPE_CHECKING:
    from tayang.public.listed import Listed

PER_PAGE = 10
PAGE_PARAMETER = "halaman"
MAX_TERMS = 8


@dataclass(frozen=True)
class Card:
    """An article in a list: its link, its category's link and its cover picture."""

    article: Article
    url: str
    category_url: str
    picture: Picture | None
    sizes: str = SIZES_CARD


@dataclass(frozen=True)
class Category:
    slug: str
    label: str
    count: int
    url: str


def published(site: Site) -> QuerySet[Article]:
    # The second lock is a correlated EXISTS on the publication's key, not a join: joined, the
    # planner could drive the query from the publications' state index (SQLite judges a state
    # by its average share, and nearly every publication is "published"), reading every
    # publication and sorting them for a page of 10 — 56 ms instead of 2 at 20,000 articles.
    return Article.objects.filter(organization=site.organization).filter(Exists(
        Publication.objects.filter(pk=OuterRef("publication_id"), channel=WEBSITE_CHANNEL,
                                   state=Publication.State.PUBLISHED)
    ))


def cards(site: Site, articles: list[Article]) -> list[Card]:
    return [
        Card(
            article=article,
            url=site.url("public:article", pk=article.item_id, slug=article.slug),
            category_url=site.url("public:category", slug=article.category_slug),
            picture=(
                picture(site, article.cover, article.cover_alt)
                if article.cover is not None else None
            ),
        )
        for article in articles
    ]


def listing(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """What a list shows of each article (no search text), newest first."""
    return (queryset.select_related("cover").defer("search_text", "body")
            .order_by("-published_at", "-pk"))


class _Counted(Paginator):
    """A paginator told how many rows there are (from the category counts): no COUNT(*)."""

    def __init__(self, object_list: QuerySet[Article] | Listed, per_page: int, count: int
                 ) -> None:
        super().__init__(object_list, per_page)
        self._known = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known


def page_of(request: HttpRequest, queryset: QuerySet[Article] | Listed,
            count: int | None = None) -> Page:
    """The page the ``halaman`` parameter asks for; a page that does not exist is a 404.

    ``count`` is the number of rows when it is already known (a site's or a category's
    articles, from :func:`categories`).
    """
    paginator = (Paginator(queryset, PER_PAGE) if count is None
                 else _Counted(queryset, PER_PAGE, count))
    try:
        return paginator.page(request.GET.get(PAGE_PARAMETER) or 1)
    except InvalidPage:
        raise Http404("Halaman tidak ditemukan.") from None


# A search is counted up to this many articles. A word in nearly every article would otherwise
# be counted to the last (69 ms for 11,481 of 13,506 on PostgreSQL, and growing with the site,
# for anyone who types it); capped, 22. Its pages stop there too: past a thousand results a
# reader narrows the words, and the newest come first.
SEARCH_COUNT_LIMIT = 1000


@dataclass(frozen=True)
class SearchPage:
    page: Page
    over: bool  # more articles match than ``SEARCH_COUNT_LIMIT``: the count says "lebih dari"


def search_page(request: HttpRequest, site: Site, terms: list[str]) -> SearchPage:
    """The page of the site's articles holding every term, newest first, counted up to
    ``SEARCH_COUNT_LIMIT``."""
    found = listing(search(site, terms))
    postgresql = connection.vendor == "postgresql"
    # PostgreSQL, a site of many articles: the oldest time of its newest few, the first page's
    # bound (:mod:`tayang.public.search_collected`); None when it has fewer.
    bound = search_collected.bound(site) if postgresql else None
    if postgresql and (request.GET.get(PAGE_PARAMETER) or "1") == "1":
        return _first_search_page(request, site, terms, found, bound)
    # PostgreSQL: walked when the words are in most of the site's newest articles
    # (:mod:`tayang.public.search_count` says why); counted by the words' indexes otherwise.
    counted = search_count.walked(site, terms, SEARCH_COUNT_LIMIT) if postgresql else None
    if counted is None and bound is not None:
        collected = _collected_page(request, site, terms, found)
        if collected is not None:
            return collected
    if counted is None:
        counted = _counted(found)
    return SearchPage(page_of(request, found, min(counted, SEARCH_COUNT_LIMIT)),
                      counted > SEARCH_COUNT_LIMIT)


def _counted(found: QuerySet[Article]) -> int:
    return found.order_by().values("pk")[:SEARCH_COUNT_LIMIT + 1].count()


def _first_search_page(request: HttpRequest, site: Site, terms: list[str],
                       found: QuerySet[Article], bound: datetime | None) -> SearchPage:
    """PostgreSQL, the first page (asked for by far the most): its rows are read first, one
    more than it shows. Fewer: they are every article found, nothing is counted (a rare
    word). More: the one more tells whether the words are common among the site's newest
    articles, as ``search_count``'s sample would (it is among the newest of :func:`_edge` only
    if ``PER_PAGE + 1`` of those hold the words), without asking them: the count is walked only
    then, by the words' indexes otherwise, as before.

    On a large site (``bound``) the rows are read among its newest articles only: every
    article outside is older than those, so a full page there is the page. Fewer found there:
    the page is read from the words' matches collected once (:func:`_collected_page`)."""
    rows = list((found if bound is None else found.filter(published_at__gte=bound))
                [:PER_PAGE + 1])
    counted = len(rows)
    if counted <= PER_PAGE and bound is not None:
        collected = _collected_page(request, site, terms, found)
        if collected is not None:
            return collected
        rows = list(found[:PER_PAGE + 1])  # too many matches to collect: as before
        counted = len(rows)
    if counted > PER_PAGE:
        walked = (search_count.walked(site, terms, SEARCH_COUNT_LIMIT)
                  if _among_newest(site, rows[PER_PAGE]) else None)
        counted = walked if walked is not None else _counted(found)
    shown = min(counted, SEARCH_COUNT_LIMIT)
    paginator = _Counted(found, PER_PAGE, shown)
    return SearchPage(Page(rows[:min(PER_PAGE, shown)], 1, paginator),
                      counted > SEARCH_COUNT_LIMIT)


def _collected_page(request: HttpRequest, site: Site, terms: list[str],
                    found: QuerySet[Article]) -> SearchPage | None:
    """The page asked for, from the words' matches collected once and sorted by the database
    (:func:`tayang.public.search_collected.window`), its rows then read by key; None when too
    many items hold the words to collect them. A page that does not exist is a 404."""
    try:
        number = int(request.GET.get(PAGE_PARAMETER) or 1)
    except ValueError:
        raise Http404("Halaman tidak ditemukan.") from None
    # No count shown passes ``SEARCH_COUNT_LIMIT``, so no page past its last exists: refused
    # before the database is asked (a number past its integers was a 500 there).
    if not 1 <= number <= -(-SEARCH_COUNT_LIMIT // PER_PAGE):
        raise Http404("Halaman tidak ditemukan.")
    window = search_collected.window(site, terms, number, PER_PAGE)
    if window is None:
        return None
    counted, ids = window
    shown = min(counted, SEARCH_COUNT_LIMIT)
    paginator = _Counted(found, PER_PAGE, shown)
    try:
        paginator.validate_number(number)
    except InvalidPage:
        raise Http404("Halaman tidak ditemukan.") from None
    # A page stops at the count shown, as the paginator's own slice does.
    ids = ids[:max(0, min(PER_PAGE, shown - (number - 1) * PER_PAGE))]
    rows = list(found.filter(pk__in=ids)) if ids else []
    return SearchPage(Page(rows, number, paginator), counted > SEARCH_COUNT_LIMIT)


def _among_newest(site: Site, article: Article) -> bool:
    """Whether ``article`` is among the site's newest articles up to :func:`_edge`'s."""
    edge = per_state.remembered("search-edge", site, lambda: _edge(site))
    return edge is None or (article.published_at, article.pk) >= edge


def _edge(site: Site) -> tuple[datetime, int] | None:
    """The time and key of the site's ``n``-th newest article (48): the page's one row more
    (the eleventh found) is among the newest ``n`` only if ``PER_PAGE + 1`` of those hold the
    words, ``search_count``'s own rule (11 of 48); None when the site has fewer. Read once per
    state of the site."""
    newest = search_count.SAMPLE * (PER_PAGE + 1) // search_count.SAMPLE_COMMON
    found = statements.rows(
        f"SELECT a.published_at, a.id FROM public_article a WHERE {ON_SITE} "
        f"ORDER BY a.published_at DESC, a.id DESC OFFSET {int(newest) - 1} LIMIT 1",
        site_parameters(site))
    return (found[0][0], found[0][1]) if found else None


def categories(site: Site) -> list[Category]:
    """The site's categories with their article counts: a few counter rows, kept by
    :func:`tayang.public.index.sync`, never a grouping of every article; read once per state
    of the site (:mod:`tayang.public.per_state`: every publish and withdrawal changes it)."""
    rows = per_state.remembered("categories", site, lambda: tuple(
        CategoryCount.objects.filter(organization=site.organization, count__gt=0)
        .values_list("slug", "label", "count").order_by("label", "slug")
    ))
    merged: dict[str, Category] = {}
    for slug, label, count in rows:
        known = merged.get(slug)
        merged[slug] = Category(
            slug, known.label if known else label, (known.count if known else 0) + count,
            site.url("public:category", slug=slug),
        )
    return sorted(merged.values(), key=lambda category: category.label.casefold())


def search_terms(query: str) -> list[str]:
    """The words searched for, as the index holds them (case and accents ignored, punctuation
    a space): at least two characters each, at most eight."""
    return [word for word in fulltext.normalized(query).split() if len(word) >= 2][:MAX_TERMS]


def search(site: Site, terms: list[str]) -> QuerySet[Article]:
    """The site's articles holding every term as a word prefix, by the database's own
    full-text index (SQLite: ``public_article_search``; PostgreSQL: the items' rows of
    ``items_search``, :mod:`tayang.items.public_words`; written by :mod:`tayang.public.index`)."""
    return published(site).filter(item_id__in=matching(terms))


def matching(terms: list[str]) -> RawSQL:
    """The ids of the items whose article holds every term (as a prefix), on any site."""
    if connection.vendor == "postgresql":
        return public_words.matching(terms)
    return fulltext.matching(SEARCH_INDEX, terms)


# The article page's statements, written out: building them with the ORM (the published
# lock, the annotation, the filters) cost more than running them (docs/performance.md). They
# go through :mod:`tayang.public.statements` (prepared once per connection on PostgreSQL),
# each with the published lock of :mod:`tayang.public.on_site`.
#
# In the model's order of fields, as ``Model.from_db`` takes a subset of them.
_ARTICLE_COLUMNS = ("id", "item_id", "revision", "slug", "title", "lead", "place", "unit_name",
                    "activity_date", "category_slug", "category_label", "published_at",
                    "revised_at", "body", "body_version")
_ARTICLE = (
    f"SELECT {', '.join(f'a.{name}' for name in _ARTICLE_COLUMNS)}, EXISTS (SELECT 1 FROM "
    "accessible_accessibleformat f WHERE f.item_id = a.item_id AND f.file <> '') AS has_formats "
    f"FROM public_article a WHERE a.item_id = %s AND {ON_SITE}"
)
_LATEST_COLUMNS = ("id", "item_id", "slug", "title", "published_at")
_LATEST = (
    f"SELECT {', '.join(f'a.{name}' for name in _LATEST_COLUMNS)} FROM public_article a "
    f"WHERE {ON_SITE} ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
)


def article(site: Site, item_id: int) -> Article | None:
    """The site's published article of an item: what its page shows (not its search text,
    cover or files), with ``has_formats``: whether any accessible format has a file."""
    found = statements.rows(_ARTICLE, [item_id, *site_parameters(site)])
    if not found:
        return None
    *values, has_formats = found[0]
    made = article_from_row(_ARTICLE_COLUMNS, values)
    made.has_formats = bool(has_formats)  # type: ignore[attr-defined]
    return made


def others(site: Site, article: Article, count: int) -> list[Article]:
    """The site's latest other articles (``item_id``, ``slug``, ``title``, ``published_at``).

    The same for every article of the site but the latest ones: the site's latest ``count + 1``
    are read once per state of the site (:mod:`tayang.public.per_state`), and the page's own
    article left out of them."""
    latest = per_state.remembered("latest", site, lambda: _latest(site, count + 1))
    return [other for other in latest if other.pk != article.pk][:count]


def _latest(site: Site, count: int) -> tuple[Article, ...]:
    return tuple(article_from_row(_LATEST_COLUMNS, values) for values in
                 statements.rows(_LATEST, [*site_parameters(site), count]))


def article_from_row(names: tuple[str, ...], values: Sequence[object]) -> Article:
    """An article of the columns ``names`` (the others deferred), as ``raw()`` makes it."""
    connection = default_connection()
    return Article.from_db(connection.alias, list(names),
                           converted_row(Article, names, values, using=connection))

