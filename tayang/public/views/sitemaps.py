"""``sitemap.xml`` of one site (django.contrib.sitemaps): its pages, categories and articles.

A site of up to :data:`PER_FILE` articles has one ``sitemap.xml``. A larger one (a province's
agency publishes tens of thousands over the years) gets a sitemap index there instead, naming
``sitemap-halaman.xml`` and each page of ``sitemap-berita.xml?p=N``: one file of 20,000
articles cost a web process 13 MB of memory for its objects, and crawlers read only the first
50,000 locations of a file anyway. Articles are read a page at a time, never all at once.

Every location is the page's canonical address (:mod:`tayang.public.addresses`): on the
agency's own host name when it has one, else under Tayang's public address — never the host
the sitemap was fetched on, so it agrees with each page's ``<link rel="canonical">``.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

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


PER_FILE = 5000  # articles per sitemap file


class ArticleSitemap(SiteSitemap):
    changefreq = "monthly"
    limit = PER_FILE

    def items(self) -> QuerySet[Article]:
        # A query, not a list: the paginator reads only the requested page's rows.
        return (queries.published(self.site)
                .only("item_id", "slug", "published_at", "revised_at")
                .order_by("-published_at", "-pk"))

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


def _sections(site: Site) -> dict[str, SiteSitemap]:
    return {"halaman": PageSitemap(site), "berita": ArticleSitemap(site)}


@public_page
def sitemap(request: HttpRequest, site: Site) -> HttpResponse:
    sections = _sections(site)
    article_files = sections["berita"].paginator.num_pages
    if article_files <= 1:
        return sitemap_view(request, sections)
    articles = site.canonical("public:sitemap-section", section="berita")
    locations = [site.canonical("public:sitemap-section", section="halaman")]
    locations += [f"{articles}?p={number}" for number in range(1, article_files + 1)]
    files = [{"location": location, "last_mod": site.changed_at} for location in locations]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": files},
                            content_type="application/xml; charset=utf-8")


@public_page
def section(request: HttpRequest, site: Site, section: str) -> HttpResponse:
    """One section of a large site's sitemap, a page at a time (``?p=N``)."""
    sections = _sections(site)
    if section not in sections:
        raise Http404("Bagian peta situs tidak dikenal.")
    return sitemap_view(request, sections, section=section)
