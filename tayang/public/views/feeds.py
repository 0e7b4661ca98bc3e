"""RSS and Atom feeds of a site's news (django.contrib.syndication), newest twenty.

Feeds are cached and answered conditionally like the pages; links in them are absolute on the
host the feed was asked on, so a feed read on the agency's own host name links there.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from tayang.public import queries
from tayang.public.caching import public_page
from tayang.public.models import Article
from tayang.public.sites import Site

FEED_LENGTH = 20


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "id"
    url_name = "public:feed-rss"

    def __init__(self, site: Site) -> None:
        super().__init__()
        self.site = site

    def title(self) -> str:
        return f"Berita {self.site.name}"

    def description(self) -> str:
        return f"Berita terbaru yang ditayangkan {self.site.name}."

    def link(self) -> str:
        return self.site.url("public:home")

    def feed_url(self) -> str:
        return self.site.url(self.url_name)

    def items(self) -> list[Article]:
        return list(queries.listing(queries.published(self.site))[:FEED_LENGTH])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.lead

    def item_link(self, item: Article) -> str:
        return self.site.url("public:article", pk=item.item_id, slug=item.slug)

    def item_pubdate(self, item: Article) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return max(item.published_at, item.revised_at)

    def item_categories(self, item: Article) -> list[str]:
        return [item.category_label]

    def item_author_name(self, item: Article) -> str:
        return self.site.name


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    url_name = "public:feed-atom"

    def subtitle(self) -> str:
        return self.description()


@public_page
def rss(request: HttpRequest, site: Site) -> HttpResponse:
    return NewsFeed(site)(request)


@public_page
def atom(request: HttpRequest, site: Site) -> HttpResponse:
    return AtomNewsFeed(site)(request)
