"""What a shared link shows: OpenGraph tags and schema.org ``NewsArticle`` JSON-LD.

Addresses in them are absolute and canonical (the organization's own host name when it has
one), because a social-media crawler or a search engine keeps them out of any page context.

The JSON-LD sits in ``<script type="application/ld+json">``: a *data block*, which browsers
never execute, so the CSP's ``script-src`` does not apply to it and it carries no nonce. That
keeps every public page free of per-request values and cacheable as a whole.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.safestring import SafeString, mark_safe

from tayang.public.models import Article
from tayang.public.sites import Site

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class Image:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Meta:
    """Everything a page's ``<head>`` says about it beyond its title."""

    title: str
    description: str
    canonical: str
    og_type: str = "website"
    image: Image | None = None
    published: str = ""
    modified: str = ""
    section: str = ""
    json_ld: SafeString | None = None
    robots: str = ""


def page_meta(title: str, description: str, canonical: str, *, robots: str = "") -> Meta:
    return Meta(title=title, description=description, canonical=canonical, robots=robots)


class SharedPicture(Protocol):
    """What a shared link needs of a photo: a :class:`~tayang.public.images.Picture`, or what
    the article's stored body keeps of its first ones (:class:`tayang.public.body.SharedImage`)."""

    asset_id: int
    full_variant: str
    full_width: int
    full_height: int
    alt: str


def article_meta(
    site: Site, article: Article, place: str, pictures: Sequence[SharedPicture]
) -> Meta:
    canonical = site.canonical("public:article", pk=article.item_id, slug=article.slug)
    images = [_image(site, picture) for picture in pictures[:3]]
    published = article.published_at.isoformat()
    modified = max(article.published_at, article.revised_at).isoformat()
    home = site.canonical("public:home")
    organization = {"@type": "GovernmentOrganization", "name": site.name, "url": home}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "datePublished": published,
        "dateModified": modified,
        "inLanguage": "id",
        "articleSection": article.category_label,
        "author": organization,
        "publisher": organization,
    }
    if images:
        data["image"] = [image.url for image in images]
    if place:
        data["contentLocation"] = {"@type": "Place", "name": place}
    if article.activity_date:
        data["about"] = {"@type": "Event", "name": article.title,
                         "startDate": article.activity_date.isoformat()}
    return Meta(
        title=article.title,
        description=article.lead,
        canonical=canonical,
        og_type="article",
        image=images[0] if images else None,
        published=published,
        modified=modified,
        section=article.category_label,
        json_ld=json_ld(data),
    )


def json_ld(data: dict[str, Any]) -> SafeString:
    """JSON safe inside a script element: no ``</script>`` or ``<!--`` can be formed."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))


def _image(site: Site, picture: SharedPicture) -> Image:
    if picture.full_variant:
        url = site.canonical("public:asset-variant", pk=picture.asset_id,
                             variant=picture.full_variant)
    else:
        url = site.canonical("public:asset", pk=picture.asset_id)
    return Image(url, picture.full_width, picture.full_height, picture.alt)
