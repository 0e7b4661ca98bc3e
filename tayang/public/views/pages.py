"""The pages of an organization's public site: home, news, one article, a category, search.

Every view is a :func:`~tayang.public.caching.public_page`: it gets the resolved
:class:`~tayang.public.sites.Site` and is cached and answered conditionally as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page
from django.db.models import Exists, F, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat

from tayang.accessible.models import AccessibleFormat
from tayang.accessible.offered import Offered, public_files
from tayang.accessible.source import source_of
from tayang.items.models import ItemRevision
from tayang.media.captions import transcript_of
from tayang.media.models import MediaAsset
from tayang.procedures.definitions import sop_for
from tayang.public import queries
from tayang.public.caching import public_page
from tayang.public.categories import ANNOUNCEMENTS
from tayang.public.content import Attachment, public_content
from tayang.public.images import SIZES_GALLERY, SIZES_LEAD, picture, poster_url
from tayang.public.metadata import article_meta, page_meta
from tayang.public.models import ArticleMedia
from tayang.public.sites import Site

HOME_COUNT = 6
RELATED_COUNT = 4


@dataclass(frozen=True)
class Player:
    """A video or audio file of an article, with its description (its text alternative)."""

    url: str
    content_type: str
    description: str
    poster: str
    width: int | None
    height: int | None
    captions_url: str = ""  # the WebVTT track, when the file has captions
    transcript: tuple[str, ...] = ()  # its cues' words, shown under an audio player


@dataclass(frozen=True)
class AccessibleFile:
    """An accessible format of the article, with its address on this site."""

    url: str
    entry: Offered


@dataclass(frozen=True)
class Download:
    url: str
    name: str
    details: str


@public_page
def home(request: HttpRequest, site: Site) -> HttpResponse:
    categories, announced = _split_categories(site)
    latest = list(queries.listing(queries.news_only(queries.published(site)))[:HOME_COUNT])
    announcements = list(
        queries.listing(queries.announcements_only(queries.published(site)))[:HOME_COUNT]
    ) if announced else []
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
    page = queries.page_of(request, queries.listing(queries.news_only(queries.published(site))),
                           total)
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
    found = queries.announcements_only(queries.published(site))
    page = queries.page_of(request, queries.listing(found), announced.count if announced else 0)
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
    found = queries.published(site).filter(category_slug=slug)
    page = queries.page_of(request, queries.listing(found), total)
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
    page = queries.page_of(request, queries.listing(queries.search(site, terms))) if terms else None
    return render(request, "public/search.html", {
        "site": site,
        "query": query,
        "terms": terms,
        "page": page,
        "cards": queries.cards(site, list(page.object_list)) if page else [],
        "page_links": _page_links(site.url("public:search"), page, {"q": query}) if page else None,
        "meta": page_meta(
            f"Hasil pencarian «{query}»" if query else "Pencarian",
            f"Cari berita {site.name}.", site.canonical("public:search"),
            robots="noindex, follow",
        ),
    })


@public_page
def article(request: HttpRequest, site: Site, pk: int, slug: str = "") -> HttpResponseBase:
    found = (
        queries.published(site).select_related("cover").defer("search_text")
        # The SOP by its version's hash: parsed once per process, never read again per page.
        .annotate(version_id=F("item__procedure_version_id"),
                  version_hash=F("item__procedure_version__sha256"),
                  # Whether any audio, Braille or large print exists: read only then.
                  has_formats=Exists(AccessibleFormat.objects.filter(
                      item_id=OuterRef("item_id")).exclude(file="")))
        .filter(item_id=pk).first()
    )
    if found is None:
        raise Http404("Berita tidak ditemukan.")
    if slug != found.slug:
        return redirect(site.url("public:article", pk=pk, slug=found.slug), permanent=True)
    # The content as it was published, not as it may have been edited since.
    values = ItemRevision.objects.values_list("values", flat=True).get(
        item_id=pk, number=found.revision
    )
    shown = list(ArticleMedia.objects.filter(article=found).select_related("asset"))
    assets = {media.asset_id: media.asset for media in shown}
    sop = sop_for(found.version_id, found.version_hash)  # type: ignore[attr-defined]
    content = public_content(sop, values, assets)
    photos = [
        # An image without its alt text still gets a name: which photo of which news it is.
        picture(site, a.asset, a.alt or f"Foto {n} berita «{found.title}»")
        for n, a in enumerate(content.photos, start=1)
    ]
    related = list(
        queries.listing(queries.published(site).exclude(pk=found.pk))[:RELATED_COUNT]
    )
    return render(request, "public/article.html", {
        "site": site,
        "nav": "news",
        "article": found,
        "content": content,
        "lead_picture": photos[0] if photos else None,
        "gallery": photos[1:],
        "videos": [_player(site, a, pk) for a in content.of_kind(MediaAsset.Kind.VIDEO)],
        "audios": [_player(site, a, pk) for a in content.of_kind(MediaAsset.Kind.AUDIO)],
        "downloads": _downloads(site, content.of_kind(MediaAsset.Kind.DOCUMENT)),
        "accessible": {
            entry.kind.value: AccessibleFile(
                site.url("public:article-format", pk=pk, kind=entry.slug), entry)
            for entry in (public_files(pk, source_of(sop, values))
                          if found.has_formats else ())  # type: ignore[attr-defined]
        },
        "plain_text_url": site.url("public:article-text", pk=pk),
        "related": queries.cards(site, related),
        "category_url": site.url("public:category", slug=found.category_slug),
        "sizes_lead": SIZES_LEAD,
        "sizes_gallery": SIZES_GALLERY,
        "meta": article_meta(site, found, content, photos),
    })


def _player(site: Site, attachment: Attachment, pk: int) -> Player:
    asset = attachment.asset
    captioned = bool(attachment.captions)
    return Player(
        url=site.url("public:asset", pk=asset.pk),
        content_type=asset.content_type,
        description=attachment.alt,
        poster=poster_url(site, asset),
        width=asset.width,
        height=asset.height,
        captions_url=site.url("public:article-captions", pk=pk, asset=asset.pk)
        if captioned else "",
        transcript=tuple(transcript_of(attachment.captions)) if captioned else (),
    )


def _downloads(site: Site, documents: list[Attachment]) -> list[Download]:
    return [
        Download(
            url=site.url("public:asset", pk=attachment.asset.pk),
            name=attachment.alt or f"Dokumen {number}",
            details=f"{attachment.asset.extension.upper()}, "
                    f"{filesizeformat(attachment.asset.size)}",
        )
        for number, attachment in enumerate(documents, start=1)
    ]


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
