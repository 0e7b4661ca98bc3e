"""``sitemap.xml`` of one site: its pages, categories and articles.

A site of up to :data:`PER_FILE` articles has one ``sitemap.xml``. A larger one (a province's
agency publishes tens of thousands over the years) gets a sitemap index there instead, naming
``sitemap-halaman.xml`` and each page of ``sitemap-berita.xml?p=N``: crawlers read only the
first 50,000 locations of a file anyway. Articles are read a page at a time, never all at once.

The XML is written here, line by line from plain rows (id, slug, dates), not through
``django.contrib.sitemaps``: its view builds a model instance, a dictionary and a template
context per location, and one page of 5,000 articles took a web process 4.9 s and left it
17.7 MB larger (docs/performance.md); the same page written from rows is a few megabytes for a
moment and a fraction of the time.

Every location is the page's canonical address (:mod:`tayang.public.addresses`): on the
agency's own host name when it has one, else under Tayang's public address — never the host
the sitemap was fetched on, so it agrees with each page's ``<link rel="canonical">``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from tayang.public import queries
from tayang.public.caching import public_page
from tayang.public.categories import ANNOUNCEMENTS
from tayang.public.sites import Site

PER_FILE = 5000  # articles per sitemap file
XML_TYPE = "application/xml; charset=utf-8"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
SECTIONS = ("halaman", "berita")
# Stand-ins reversed once per file; every article's address is then the same string with its
# own id and slug (a ``reverse`` per article cost more than the rest of its line).
_PK_MARK, _SLUG_MARK = 987654321, "slug-penanda"

type Entry = tuple[str, datetime | None, str]  # location, last change, change frequency


@public_page
def sitemap(request: HttpRequest, site: Site) -> HttpResponse:
    articles = _article_count(site)
    if articles <= PER_FILE:
        return _urlset([*page_entries(site), *article_entries(site, 1)])
    files = [site.canonical("public:sitemap-section", section="halaman")]
    section_address = site.canonical("public:sitemap-section", section="berita")
    files += [f"{section_address}?p={number}" for number in range(1, _pages(articles) + 1)]
    return _index(files, site.changed_at)


@public_page
def section(request: HttpRequest, site: Site, section: str) -> HttpResponse:
    """One section of a large site's sitemap, a page at a time (``?p=N``)."""
    if section not in SECTIONS:
        raise Http404("Bagian peta situs tidak dikenal.")
    if section == "halaman":
        return _urlset(page_entries(site))
    number = _page_number(request.GET.get("p", "1"))
    if number > _pages(_article_count(site)):
        raise Http404("Halaman peta situs tidak ada.")
    return _urlset(article_entries(site, number))


def page_entries(site: Site) -> list[Entry]:
    """The home page, the news list, the public-information page and every category page."""
    names = [("public:home", {}), ("public:news", {}), ("public:information", {})]
    categories = queries.categories(site)
    if any(category.slug == ANNOUNCEMENTS[0] for category in categories):
        names.append(("public:announcements", {}))
    names += [("public:category", {"slug": category.slug})
              for category in categories if category.slug != ANNOUNCEMENTS[0]]
    return [(site.canonical(name, **kwargs), site.changed_at, "daily")
            for name, kwargs in names]


def article_entries(site: Site, number: int) -> Iterator[Entry]:
    """The published articles of page ``number``, newest first, as rows (no model instances)."""
    address = _article_address(site)
    start = (number - 1) * PER_FILE
    rows = (queries.published(site).order_by("-published_at", "-pk")
            .values_list("item_id", "slug", "published_at", "revised_at")[start:start + PER_FILE])
    for item_id, slug, published_at, revised_at in rows.iterator(chunk_size=1000):
        changed = max(published_at, revised_at) if revised_at else published_at
        yield address(item_id, slug), changed, "monthly"


def _article_address(site: Site) -> Callable[[int, str], str]:
    sample = site.canonical("public:article", pk=_PK_MARK, slug=_SLUG_MARK)
    marker = f"/{_PK_MARK}/{_SLUG_MARK}/"
    if marker not in sample:  # the article's address no longer has this shape
        return lambda pk, slug: site.canonical("public:article", pk=pk, slug=slug)
    before, _, after = sample.partition(marker)
    return lambda pk, slug: f"{before}/{pk}/{quote(slug, safe='-_.~')}/{after}"


def _urlset(entries: Iterable[Entry]) -> HttpResponse:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<urlset xmlns="{NAMESPACE}">\n']
    for location, changed, frequency in entries:
        lastmod = f"<lastmod>{_day(changed)}</lastmod>" if changed else ""
        lines.append(f"<url><loc>{escape(location)}</loc>{lastmod}"
                     f"<changefreq>{frequency}</changefreq></url>\n")
    lines.append("</urlset>\n")
    return _xml(lines)


def _index(files: list[str], changed: datetime | None) -> HttpResponse:
    lastmod = f"<lastmod>{_day(changed)}</lastmod>" if changed else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<sitemapindex xmlns="{NAMESPACE}">\n']
    lines += [f"<sitemap><loc>{escape(location)}</loc>{lastmod}</sitemap>\n"
              for location in files]
    lines.append("</sitemapindex>\n")
    return _xml(lines)


def _xml(lines: list[str]) -> HttpResponse:
    response = HttpResponse("".join(lines).encode(), content_type=XML_TYPE)
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"  # the file, not its pages
    return response


def _day(moment: datetime) -> str:
    """The day of a change in the site's zone (the page renders inside it)."""
    return timezone.localtime(moment).date().isoformat()


def _article_count(site: Site) -> int:
    return queries.published(site).count()


def _pages(articles: int) -> int:
    return max(1, -(-articles // PER_FILE))


def _page_number(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) <= 1_000_000:
        raise Http404("Halaman peta situs tidak ada.")
    return int(raw)
