"""An article's own content as HTML, rendered once when the article is built, not per visit.

The public article page was rendered whole at every uncached visit: the published revision read
and decompressed, its files read, the content laid out, a dozen pictures' ``srcset`` built and
the body's template run — three quarters of the page's time (docs/performance.md). What the
content looks like changes only when the article does, so :func:`rendered` makes it in the
transaction that writes the article (:mod:`tayang.public.index`, :mod:`tayang.public.reindex`)
and the page only wraps it in the site's chrome (:func:`served`).

What the stored body holds is a function of the published revision alone: the lead picture, the
sections, the 5W+1H summary, the gallery, the players with their captions and transcripts, the
downloads. Nothing of the request, the site or the organization's profile:

* **addresses** are written from a per-render random token standing for the site's root
  (``/situs/<org>/`` or ``/`` on its own host name, under any script prefix) and replaced by
  the visitor's root when served. Being random, the token cannot be typed into the content by
  anyone: escaped user text can never turn into an address;
* **the accessible formats** are made later, by the worker, so their block is left out and
  rendered live into a slot; what it needs of the revision (the digest of the text the formats
  must be made from) is stored beside the body, so the page never reads the revision;
* **the head** (title, lead, place, dates, zone) stays in the page's template: the zone is the
  organization's, and the dates are shown in its time zone.

The body is stored with :data:`VERSION`: a body of another version (the template or this code
changed) is never served; the page renders it afresh and stores it (:func:`refreshed`), and
``manage.py public_reindex`` rebuilds every stale body.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from tayang.accessible.source import source_of
from tayang.media.captions import transcript_of
from tayang.media.models import MediaAsset
from tayang.orgs.models import Organization
from tayang.public.addresses import site_path
from tayang.public.content import Attachment, PublicContent, public_content
from tayang.public.images import SIZES_GALLERY, SIZES_LEAD, Picture, picture, poster_url
from tayang.sop.model import Sop

# Raise with every change to ``public/_article_body.html`` or to what this module puts in it:
# stored bodies of another version are rendered again, never served.
VERSION = 2
SHARED_IMAGES = 3  # the pictures a shared link may show (og:image, JSON-LD)


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
class Download:
    url: str
    name: str
    details: str


@dataclass(frozen=True)
class SharedImage:
    """What a shared link says of one of the article's first photos."""

    asset_id: int
    full_variant: str
    full_width: int
    full_height: int
    alt: str


@dataclass(frozen=True)
class Served:
    """A stored body ready for one site: its two halves around the accessible formats."""

    before_formats: SafeString
    after_formats: SafeString
    caption: str
    images: tuple[SharedImage, ...]
    formats_digest: str


class _TokenAddresses:
    """Addresses of the site's pages written from a token that stands for the site's root."""

    def __init__(self, organization: Organization, token: str) -> None:
        self.organization = organization
        self.token = token
        self.prefix = get_script_prefix()

    def url(self, name: str, **kwargs: Any) -> str:
        # On the site's own host name its root is the script prefix: what follows is the same
        # for a site reached by path.
        path = site_path(self.organization, name, by_host=True, **kwargs)
        return self.token + path.removeprefix(self.prefix)


def rendered(organization: Organization, item_id: int, title: str, sop: Sop,
             values: Mapping[str, object], content: PublicContent) -> dict[str, Any]:
    """The stored body of an article (for its ``body`` column): ``values`` is the published
    revision's content, ``content`` its public view, ``title`` the article's."""
    # The page is Indonesian whoever publishes it (sizes are written "1,2 MB").
    with translation.override("id"):
        return _rendered(organization, item_id, title, sop, values, content)


def _rendered(organization: Organization, item_id: int, title: str, sop: Sop,
              values: Mapping[str, object], content: PublicContent) -> dict[str, Any]:
    token = f"tayang-situs-{secrets.token_hex(8)}/"
    slot = f"<!--{token}-->"
    addresses = _TokenAddresses(organization, token)
    photos = [
        # An image without its alt text still gets a name: which photo of which news it is.
        picture(addresses, attachment.asset, attachment.alt or f"Foto {n} berita «{title}»")
        for n, attachment in enumerate(content.photos, start=1)
    ]
    html = render_to_string("public/_article_body.html", {
        "content": content,
        "lead_picture": photos[0] if photos else None,
        "gallery": photos[1:],
        "videos": [_player(addresses, a, item_id)
                   for a in content.of_kind(MediaAsset.Kind.VIDEO)],
        "audios": [_player(addresses, a, item_id)
                   for a in content.of_kind(MediaAsset.Kind.AUDIO)],
        "downloads": _downloads(addresses, content.of_kind(MediaAsset.Kind.DOCUMENT)),
        "formats_slot": mark_safe(slot),
        "sizes_lead": SIZES_LEAD,
        "sizes_gallery": SIZES_GALLERY,
    })
    return {
        "html": html,
        "token": token,
        "slot": slot,
        "caption": content.caption,
        "images": [_shared(photo) for photo in photos[:SHARED_IMAGES]],
        "formats_digest": source_of(sop, values).digest,
    }


def is_current(body: Mapping[str, Any] | None, version: int) -> bool:
    return body is not None and version == VERSION


def served(body: Mapping[str, Any], site_root: str) -> Served:
    """The stored body with its addresses at ``site_root`` (the visitor's ``public:home``)."""
    # The slot first: it holds the token too.
    before, _, after = body["html"].partition(body["slot"])
    token = body["token"]
    return Served(
        # Safe: rendered by the body's template, every text in it escaped there.
        before_formats=mark_safe(before.replace(token, site_root)),
        after_formats=mark_safe(after.replace(token, site_root)),
        caption=body["caption"],
        images=tuple(SharedImage(*image) for image in body["images"]),
        formats_digest=body["formats_digest"],
    )


def refreshed(article_pk: int, item_id: int, revision: int) -> dict[str, Any]:
    """Render a stale or missing body again from the published revision and store it (the
    page's fallback; ``public_reindex`` does the same for every stale body)."""
    from tayang.items.models import Item
    from tayang.items.revisions import revision_content
    from tayang.public.models import Article, ArticleMedia

    item = Item.objects.select_related("organization", "procedure_version").get(pk=item_id)
    values = revision_content(item_id, revision)
    assets = {media.asset_id: media.asset for media in
              ArticleMedia.objects.filter(article_id=article_pk).select_related("asset")}
    sop = item.procedure_version.sop
    title = Article.objects.values_list("title", flat=True).get(pk=article_pk)
    body = rendered(item.organization, item_id, title, sop, values,
                    public_content(sop, values, assets))
    # Only if the article still shows that revision: a publish may have come in between.
    Article.objects.filter(pk=article_pk, revision=revision).update(body=body,
                                                                    body_version=VERSION)
    return body


def _shared(photo: Picture) -> list[Any]:
    return [photo.asset_id, photo.full_variant, photo.full_width, photo.full_height, photo.alt]


def _player(addresses: _TokenAddresses, attachment: Attachment, item_id: int) -> Player:
    asset = attachment.asset
    captioned = bool(attachment.captions)
    return Player(
        url=addresses.url("public:asset", pk=asset.pk),
        content_type=asset.content_type,
        description=attachment.alt,
        poster=poster_url(addresses, asset),
        width=asset.width,
        height=asset.height,
        captions_url=addresses.url("public:article-captions", pk=item_id, asset=asset.pk)
        if captioned else "",
        transcript=tuple(transcript_of(attachment.captions)) if captioned else (),
    )


def _downloads(addresses: _TokenAddresses, documents: list[Attachment]) -> list[Download]:
    return [
        Download(
            url=addresses.url("public:asset", pk=attachment.asset.pk),
            name=attachment.alt or f"Dokumen {number}",
            details=f"{attachment.asset.extension.upper()}, "
                    f"{filesizeformat(attachment.asset.size)}",
        )
        for number, attachment in enumerate(documents, start=1)
    ]
