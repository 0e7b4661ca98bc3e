"""``sitemap.xml`` of one site (django.contrib.sitemaps): its pages, categories and articles.

Locations are paths on the host the sitemap was asked on (``RequestSite``): on the agency's
own host name they are that host's, under /situs/<org>/ they are Tayang's.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpRequest, HttpResponse

from tayang.public import queries
from tayang.public.caching import public_page
from tayang.public.models import Article
from tayang.public.sites import Site


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def __init__(self, site: Site) -> None:
        self.site = site

    def items(self) -> list[Article]:
        return list(
            queries.published(self.site)
            .only("item_id", "slug", "published_at", "revised_at")
            .order_by("-published_at", "-pk")
        )

    def location(self, item: Article) -> str:
        return self.site.url("public:article", pk=item.item_id, slug=item.slug)

    def lastmod(self, item: Article) -> datetime:
        return max(item.published_at, item.revised_at)


class PageSitemap(Sitemap):
    """The home page, the news list and every category page."""

    changefreq = "daily"

    def __init__(self, site: Site) -> None:
        self.site = site

    def items(self) -> list[str]:
        pages = [self.site.url("public:home"), self.site.url("public:news")]
        return pages + [category.url for category in queries.categories(self.site)]

    def location(self, item: str) -> str:
        return item

    def lastmod(self, item: str) -> datetime | None:
        return self.site.changed_at


@public_page
def sitemap(request: HttpRequest, site: Site) -> HttpResponse:
    return sitemap_view(
        request, {"halaman": PageSitemap(site), "berita": ArticleSitemap(site)}
    )
