"""The pages of an organization's public site: home, news, one article, a category, search.

Every view is a :func:`~tayang.public.caching.public_page`: it gets the resolved
:class:`~tayang.public.sites.Site` and is cached and answered conditionally as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from tayang.accessible.offered import Offered, files_made_from
from tayang.numerals import thousands
from tayang.public import body, listed, queries
from tayang.public.caching import public_page
from tayang.public.categories import ANNOUNCEMENTS
from tayang.public.metadata import article_meta, page_meta
from tayang.public.sites import Site

HOME_COUNT = 6
RELATED_COUNT = 4


@dataclass(frozen=True)
class AccessibleFile:
    """An accessible format of the article, with its address on this site."""

    url: str
    entry: Offered


@public_page
def home(request: HttpRequest, site: Site) -> HttpResponse:
    categories, announced = _split_categories(site)
    latest = listed.news(site)[:HOME_COUNT]
    announcements = listed.announcements(site)[:HOME_COUNT] if announced else []
    return render(request, "public/home.html", {
        "site": site,
        "nav": "home",
        "cards": queries.cards(site, latest),
        "announcement_cards": queries.cards(site, announcements),
        "categories": categories,
        "meta": page_meta(
            site.name, f"Berita dan informasi publik {site.name}.",
            site.canonical("public:home"),
        ),
    })


@public_page
def news(request: HttpRequest, site: Site) -> HttpResponse:
    categories, _ = _split_categories(site)
    total = sum(category.count for category in categories)
    page = queries.page_of(request, listed.news(site), total)
    return render(request, "public/news.html", {
        "site": site,
        "nav": "news",
        "page": page,
        "cards": queries.cards(site, list(page.object_list)),
        "categories": categories,
        "page_links": _page_links(site.url("public:news"), page, {}),
        "meta": page_meta(
            _numbered("Berita", page.number), f"Semua berita {site.name}, terbaru lebih dulu.",
            _with_page(site.canonical("public:news"), page.number),
        ),
    })


@public_page
def announcements(request: HttpRequest, site: Site) -> HttpResponse:
    """*Pengumuman*: what the organization announces (seed D), apart from its news."""
    categories, announced = _split_categories(site)
    page = queries.page_of(request, listed.announcements(site),
                           announced.count if announced else 0)
    return render(request, "public/announcements.html", {
        "site": site,
        "nav": "announcements",
        "page": page,
        "cards": queries.cards(site, list(page.object_list)),
        "categories": categories,
        "page_links": _page_links(site.url("public:announcements"), page, {}),
        "meta": page_meta(
            _numbered("Pengumuman", page.number), f"Pengumuman resmi {site.name}.",
            _with_page(site.canonical("public:announcements"), page.number),
        ),
    })


def _split_categories(site: Site) -> tuple[list[queries.Category], queries.Category | None]:
    """The news categories, and the announcements' count row when there are any."""
    rows = queries.categories(site)
    announced = next((row for row in rows if row.slug == ANNOUNCEMENTS[0]), None)
    return [row for row in rows if row.slug != ANNOUNCEMENTS[0]], announced


@public_page
def category(request: HttpRequest, site: Site, slug: str) -> HttpResponse:
    if slug == ANNOUNCEMENTS[0]:
        return redirect(site.url("public:announcements"), permanent=True)
    categories, _ = _split_categories(site)
    total = next((category.count for category in categories if category.slug == slug), 0)
    page = queries.page_of(request, listed.category(site, slug), total)
    if not page.object_list:
        raise Http404("Kategori tidak ditemukan.")
    label = page.object_list[0].category_label
    return render(request, "public/category.html", {
        "site": site,
        "nav": "news",
        "label": label,
        "page": page,
        "cards": queries.cards(site, list(page.object_list)),
        "categories": categories,
        "current_category": slug,
        "page_links": _page_links(site.url("public:category", slug=slug), page, {}),
        "meta": page_meta(
            _numbered(f"Kategori {label}", page.number),
            f"Berita {site.name} dalam kategori {label}.",
            _with_page(site.canonical("public:category", slug=slug), page.number),
        ),
    })


@public_page
def search(request: HttpRequest, site: Site) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    terms = queries.search_terms(query)
    found = queries.search_page(request, site, terms) if terms else None
    page = found.page if found else None
    return render(request, "public/search.html", {
        "site": site,
        "query": query,
        "terms": terms,
        "page": page,
        "count": thousands(page.paginator.count) if page else "",
        "count_over": found.over if found else False,
        "cards": queries.cards(site, list(page.object_list)) if page else [],
        "page_links": _page_links(site.url("public:search"), page, {"q": query}) if page else None,
        "meta": page_meta(
            f"Hasil pencarian «{query}»" if query else "Pencarian",
            f"Cari berita {site.name}.", site.canonical("public:search"),
            robots="noindex, follow",
        ),
    })


@dataclass(frozen=True)
class Related:
    """Another article of the site, as the article page links to it."""

    url: str
    title: str
    published_at: datetime


@public_page
def article(request: HttpRequest, site: Site, pk: int, slug: str = "") -> HttpResponseBase:
    found = queries.article(site, pk)
    if found is None:
        raise Http404("Berita tidak ditemukan.")
    if slug != found.slug:
        return redirect(site.url("public:article", pk=pk, slug=found.slug), permanent=True)
    # The content as published, rendered when the article was built (tayang.public.body);
    # a body of another version is rendered afresh, never served.
    stored = (found.body if body.is_current(found.body, found.body_version)
              else body.refreshed(found.pk, pk, found.revision))
    shown = body.served(stored, site.url("public:home"))
    related = queries.others(site, found, RELATED_COUNT)
    return render(request, "public/article.html", {
        "site": site,
        "nav": "news",
        "article": found,
        "caption": shown.caption,
        "body_before_formats": shown.before_formats,
        "body_after_formats": shown.after_formats,
        "accessible": {
            entry.kind.value: AccessibleFile(
                site.url("public:article-format", pk=pk, kind=entry.slug), entry)
            for entry in (files_made_from(pk, shown.formats_digest)
                          if found.has_formats else ())  # type: ignore[attr-defined]
        },
        "plain_text_url": site.url("public:article-text", pk=pk),
        "related": [Related(site.url("public:article", pk=other.item_id, slug=other.slug),
                            other.title, other.published_at) for other in related],
        "category_url": site.url("public:category", slug=found.category_slug),
        "meta": article_meta(site, found, found.place, shown.images),
    })


def _numbered(title: str, number: int) -> str:
    return title if number == 1 else f"{title} — halaman {number}"


def _with_page(url: str, number: int) -> str:
    return url if number == 1 else f"{url}?{queries.PAGE_PARAMETER}={number}"


def _page_links(base: str, page: Page, extra: dict[str, str]) -> dict[str, str]:
    """Addresses of the previous and next pages, keeping the other parameters (``q``)."""

    def link(number: int) -> str:
        parameters = {**extra, queries.PAGE_PARAMETER: number} if number > 1 else extra
        return f"{base}?{urlencode(parameters)}" if parameters else base

    links: dict[str, str] = {}
    if page.has_previous():
        links["previous"] = link(page.previous_page_number())
    if page.has_next():
        links["next"] = link(page.next_page_number())
    return links
