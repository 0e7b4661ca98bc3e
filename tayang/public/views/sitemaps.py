"""``sitemap.xml`` of one site (django.contrib.sitemaps): its pages, categories and articles.

Every location is the page's canonical address (:mod:`tayang.public.addresses`): on the
agency's own host name when it has one, else under Tayang's public address — never the host
the sitemap was fetched on, so it agrees with each page's ``<link rel="canonical">``.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpRequest, HttpResponse

from tayang.public import queries
from tayang.public.caching import public_page
from tayang.public.categories import ANNOUNCEMENTS
from tayang.public.models import Article
from tayang.public.sites import Site


class SiteSitemap(Sitemap):
    """Locations on the site's public address rather than on the request's host."""

    def __init__(self, site: Site) -> None:
        self.site = site
        base = urlsplit(site.canonical("public:home"))
        self.protocol, self.domain = base.scheme, base.netloc

    def get_domain(self, site: object = None) -> str:
        return self.domain

    def path(self, name: str, **kwargs: object) -> str:
        """The path part of a page's canonical address (Django puts the origin before it)."""
        return urlsplit(self.site.canonical(name, **kwargs)).path


class ArticleSitemap(SiteSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self) -> list[Article]:
        return list(
            queries.published(self.site)
            .only("item_id", "slug", "published_at", "revised_at")
            .order_by("-published_at", "-pk")
        )

    def location(self, item: Article) -> str:
        return self.path("public:article", pk=item.item_id, slug=item.slug)

    def lastmod(self, item: Article) -> datetime:
        return max(item.published_at, item.revised_at)


class PageSitemap(SiteSitemap):
    """The home page, the news list, the public-information page and every category page."""

    changefreq = "daily"

    def items(self) -> list[str]:
        pages = [self.path("public:home"), self.path("public:news"),
                 self.path("public:information")]
        categories = queries.categories(self.site)
        if any(category.slug == ANNOUNCEMENTS[0] for category in categories):
            pages.append(self.path("public:announcements"))
        return pages + [
            self.path("public:category", slug=category.slug)
            for category in categories if category.slug != ANNOUNCEMENTS[0]
        ]

    def location(self, item: str) -> str:
        return item

    def lastmod(self, item: str) -> datetime | None:
        return self.site.changed_at


@public_page
def sitemap(request: HttpRequest, site: Site) -> HttpResponse:
    return sitemap_view(
        request, {"halaman": PageSitemap(site), "berita": ArticleSitemap(site)}
    )
