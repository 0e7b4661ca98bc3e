"""RSS 2.0 and Atom feeds of a site's news (django.contrib.syndication), newest twenty.

Feeds are cached and answered conditionally like the pages. What a feed reader relies on:

* **Addresses** are the organization's one public address (:mod:`tayang.public.addresses`),
  never the host the feed was fetched on: the same feed read under ``/situs/<org>/`` and on
  the agency's own host name links to the same articles.
* **Identifiers never change** (RSS ``<guid isPermaLink="false">``, Atom ``<id>``): a
  ``tag:`` URI (RFC 4151) made of the installation's name, the day the organization was
  created and the ids of the organization and the item — not the address, which changes when
  a host name is set, nor the title's slug, which changes with a correction. A reader
  therefore never shows a corrected article twice.
* **The lead is plain text** that staff typed. RSS's ``<description>`` is HTML by convention,
  so the lead goes in HTML-escaped (a reader shows ``<b>`` as the four characters, never as
  bold); Atom says so outright with ``<summary type="text">``.
* **The lead photo is an enclosure** (URL, length in bytes, type): its largest web size once
  made (as the pages show it), else the original.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from tayang.media.models import Derivative
from tayang.orgs.models import Organization
from tayang.public import queries
from tayang.public.addresses import installation_url
from tayang.public.caching import public_page
from tayang.public.models import Article
from tayang.public.sites import Site

FEED_LENGTH = 20


def tag_authority() -> str:
    """The name in every ``tag:`` identifier: ``TAYANG_FEED_TAG_AUTHORITY``, else the host of
    ``TAYANG_PUBLIC_BASE_URL``. Keep it when the installation's address changes."""
    configured = getattr(settings, "TAYANG_FEED_TAG_AUTHORITY", "")
    return configured or (urlsplit(installation_url()).hostname or "localhost")


def feed_id(organization: Organization) -> str:
    """``tag:tayang.example.go.id,2026-01-05:situs/12`` — the organization's site."""
    day = organization.created_at.date().isoformat()
    return f"tag:{tag_authority()},{day}:situs/{organization.pk}"


def entry_id(organization: Organization, item_id: int) -> str:
    """``tag:…:situs/12/berita/345`` — one item on it, whatever its title or address."""
    return f"{feed_id(organization)}/berita/{item_id}"


class TextSummaryAtomFeed(Atom1Feed):
    """Atom with the entries' summaries declared plain text (Django writes ``type="html"``)."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        summary = item.pop("description", None)
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "id"
    url_name = "public:feed-rss"

    def __init__(self, site: Site) -> None:
        super().__init__()
        self.site = site
        self._enclosures: dict[int, Enclosure] = {}

    def title(self) -> str:
        return f"Berita {self.site.name}"

    def description(self) -> str:
        return f"Berita terbaru yang ditayangkan {self.site.name}."

    def link(self) -> str:
        return self.site.canonical("public:home")

    def feed_url(self) -> str:
        return self.site.canonical(self.url_name)

    def feed_guid(self) -> str:
        return feed_id(self.site.organization)

    def items(self) -> list[Article]:
        articles = list(queries.listing(queries.published(self.site))[:FEED_LENGTH])
        self._enclosures = self._lead_photos(articles)
        return articles

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return escape(item.lead, quote=False)  # plain text, shown as typed

    def item_link(self, item: Article) -> str:
        return self.site.canonical("public:article", pk=item.item_id, slug=item.slug)

    def item_guid(self, item: Article) -> str:
        return entry_id(self.site.organization, item.item_id)

    def item_guid_is_permalink(self, item: Article) -> bool:
        return False

    def item_pubdate(self, item: Article) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return max(item.published_at, item.revised_at)

    def item_categories(self, item: Article) -> list[str]:
        return [item.category_label]

    def item_author_name(self, item: Article) -> str:
        return self.site.name

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        found = self._enclosures.get(item.pk)
        return [found] if found else []

    def _lead_photos(self, articles: list[Article]) -> dict[int, Enclosure]:
        """The lead photo of each article as an enclosure; one query for the whole feed."""
        covers = {article.pk: article.cover for article in articles if article.cover}
        largest: dict[int, Derivative] = {}
        for derivative in Derivative.objects.filter(
            asset__in=covers.values(), kind=Derivative.Kind.RESIZED
        ).order_by("width"):
            largest[derivative.asset_id] = derivative
        enclosures: dict[int, Enclosure] = {}
        for article_pk, cover in covers.items():
            if (web := largest.get(cover.pk)) is not None:
                url = self.site.canonical("public:asset-variant", pk=cover.pk,
                                          variant=f"w{web.width}")
                enclosures[article_pk] = Enclosure(url, str(web.size), web.content_type)
            else:
                url = self.site.canonical("public:asset", pk=cover.pk)
                enclosures[article_pk] = Enclosure(url, str(cover.size), cover.content_type)
        return enclosures


class AtomNewsFeed(NewsFeed):
    feed_type = TextSummaryAtomFeed
    url_name = "public:feed-atom"

    def subtitle(self) -> str:
        return self.description()

    def item_description(self, item: Article) -> str:
        return item.lead  # declared type="text": no escaping beyond XML's own


@public_page
def rss(request: HttpRequest, site: Site) -> HttpResponse:
    return NewsFeed(site)(request)


@public_page
def atom(request: HttpRequest, site: Site) -> HttpResponse:
    return AtomNewsFeed(site)(request)
