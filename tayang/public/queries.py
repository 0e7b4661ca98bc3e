"""The articles a site may show, and what its lists need of them, in few queries.

Every query starts from :func:`published`: an organization's articles whose website
publication is in the *published* state. An article row exists only for published items, and
the join on the publication's state is kept as a second lock on the same door.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import InvalidPage, Page, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest

from tayang.items import fulltext, public_words
from tayang.items.models import Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.public.categories import ANNOUNCEMENTS
from tayang.public.images import SIZES_CARD, Picture, picture
from tayang.public.models import SEARCH_INDEX, Article, CategoryCount
from tayang.public.sites import Site

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


def news_only(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """The news: every article but the announcements (their own section of the site)."""
    return queryset.exclude(category_slug=ANNOUNCEMENTS[0])


def announcements_only(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.filter(category_slug=ANNOUNCEMENTS[0])


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

    def __init__(self, object_list: QuerySet[Article], per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known


def page_of(request: HttpRequest, queryset: QuerySet[Article], count: int | None = None) -> Page:
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


def search_page(request: HttpRequest, queryset: QuerySet[Article]) -> SearchPage:
    """The page of a search's results, counted up to ``SEARCH_COUNT_LIMIT``."""
    counted = queryset.order_by().values("pk")[:SEARCH_COUNT_LIMIT + 1].count()
    return SearchPage(page_of(request, queryset, min(counted, SEARCH_COUNT_LIMIT)),
                      counted > SEARCH_COUNT_LIMIT)


def categories(site: Site) -> list[Category]:
    """The site's categories with their article counts: a few counter rows, kept by
    :func:`tayang.public.index.sync`, never a grouping of every article."""
    rows = (
        CategoryCount.objects.filter(organization=site.organization, count__gt=0)
        .values_list("slug", "label", "count").order_by("label", "slug")
    )
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


# The article page's two statements, written out: building them with the ORM (the published
# lock, the annotation, the filters) cost more than running them (docs/performance.md).
_ON_SITE = (
    "a.organization_id = %s AND EXISTS (SELECT 1 FROM items_publication p "
    "WHERE p.id = a.publication_id AND p.channel = %s AND p.state = %s)"
)
_ARTICLE = (
    "SELECT a.id, a.item_id, a.revision, a.slug, a.title, a.lead, a.place, a.unit_name, "
    "a.activity_date, a.category_slug, a.category_label, a.published_at, a.revised_at, "
    "a.body, a.body_version, EXISTS (SELECT 1 FROM accessible_accessibleformat f "
    "WHERE f.item_id = a.item_id AND f.file <> '') AS has_formats "
    f"FROM public_article a WHERE a.item_id = %s AND {_ON_SITE}"
)
_OTHERS = (
    "SELECT a.id, a.item_id, a.slug, a.title, a.published_at FROM public_article a "
    f"WHERE a.id <> %s AND {_ON_SITE} ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
)


def article(site: Site, item_id: int) -> Article | None:
    """The site's published article of an item: what its page shows (not its search text,
    cover or files), with ``has_formats``: whether any accessible format has a file."""
    found = list(Article.objects.raw(_ARTICLE, [item_id, *_site_parameters(site)]))
    return found[0] if found else None


def others(site: Site, article: Article, count: int) -> list[Article]:
    """The site's latest other articles (``item_id``, ``slug``, ``title``, ``published_at``)."""
    return list(Article.objects.raw(_OTHERS, [article.pk, *_site_parameters(site), count]))


def _site_parameters(site: Site) -> tuple[object, ...]:
    return site.organization.pk, WEBSITE_CHANNEL, Publication.State.PUBLISHED.value
