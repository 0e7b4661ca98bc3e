"""A site's articles as its lists show them, a page at a time, by one written-out statement.

The news list, the announcements, a category and the home page show the site's published
articles newest first, ten (or six) at a time, each with its cover photo. Built by the ORM
(``queries.listing``: the published lock's ``Exists``, ``select_related``, ``defer``), the
page's statement was compiled anew on every request, a sixth of an uncached news list's CPU;
planning it took PostgreSQL longer than running it. Here it is written once per shape and
sent through :mod:`tayang.public.statements` (prepared once per connection on PostgreSQL);
the rows become the same instances the ORM made (the article without its search text and
body, its cover joined and cached on it), so the pages are the same to the byte.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from django.db.models import Field

from tayang.media.models import MediaAsset
from tayang.public import statements
from tayang.public.categories import ANNOUNCEMENTS
from tayang.public.models import Article
from tayang.public.on_site import ON_SITE, site_parameters
from tayang.public.queries import article_from_row
from tayang.public.sites import Site
from tayang.public.statements import literal
from tayang.rows.reading import default_connection, select_list, take

# What a list shows of an article: every column but its search text and body (as the ORM's
# ``defer`` left them), in the model's order of fields, as ``Model.from_db`` takes them.
_ARTICLE_NAMES = tuple(field.attname for field in Article._meta.concrete_fields
                       if field.attname not in ("search_text", "body"))
_COVER = cast(Field, Article._meta.get_field("cover"))

type Kind = Literal["news", "category"]
# The news are every article but the announcements; a category (the announcements too) is
# its own articles. Both are read by the site's indexes (organization, [category,] time).
# The announcements' slug and the page's length are written into the text, and the offset
# only past the first page: so PostgreSQL keeps one plan for a first page, the page asked
# for by far the most (planned at every execution otherwise: see ``on_site.ON_SITE``).
_CATEGORY_TEST: dict[Kind, str] = {
    "news": f"a.category_slug <> '{literal(ANNOUNCEMENTS[0])}'",
    "category": "a.category_slug = %s",
}
_STATEMENTS: dict[tuple[Kind, int, bool], str] = {}


def _statement(kind: Kind, length: int, offset: bool) -> str:
    key = (kind, length, offset)
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = (
            f"SELECT {select_list(Article, 'a', _ARTICLE_NAMES)}, {select_list(MediaAsset, 'm')} "
            "FROM public_article a LEFT JOIN media_mediaasset m ON m.id = a.cover_id "
            f"WHERE {ON_SITE} AND {_CATEGORY_TEST[kind]} "
            f"ORDER BY a.published_at DESC, a.id DESC LIMIT {int(length)}"
            + (" OFFSET %s" if offset else "")
        )
    return found


class Listed:
    """The site's published articles of one kind, newest first; sliced, a page of them is
    read (as a paginator slices its object list)."""

    ordered = True  # for the paginator: ordered by time, then key

    def __init__(self, site: Site, kind: Kind, category: str = "") -> None:
        self.site, self.kind, self.category = site, kind, category

    def __getitem__(self, window: slice) -> list[Article]:
        start = window.start or 0
        if window.step is not None or window.stop is None or start < 0 or window.stop < start:
            raise TypeError("Listed reads a window of rows: [start:stop], from the start on.")
        if window.stop == start:
            return []
        parameters = [*site_parameters(self.site)]
        if self.kind == "category":
            parameters.append(self.category)
        if start:
            parameters.append(start)
        found = statements.rows(_statement(self.kind, window.stop - start, start > 0), parameters)
        return [_article(row) for row in found]


def news(site: Site) -> Listed:
    """The news: every article but the announcements (their own section of the site)."""
    return Listed(site, "news")


def announcements(site: Site) -> Listed:
    return Listed(site, "category", ANNOUNCEMENTS[0])


def category(site: Site, slug: str) -> Listed:
    return Listed(site, "category", slug)


def _article(row: tuple[Any, ...]) -> Article:
    count = len(_ARTICLE_NAMES)
    article = article_from_row(_ARTICLE_NAMES, row[:count])
    cover, _ = take(MediaAsset, row[count:], using=default_connection())  # None: no cover
    _COVER.set_cached_value(article, cover)  # as select_related leaves it, None included
    return article
