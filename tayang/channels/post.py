"""What an item becomes on a channel: the :class:`Post` a connector sends.

Built from the revision that was approved for publishing (never from later edits), with the
files of the item only. The link to the article uses the short address
``…/berita/<id>/``, which exists before the website has published (so captions can be checked
at hand-in with their real length) and redirects to the full address. Links and media URLs
are on the organization's one public address (:mod:`tayang.public.addresses`), like its
pages, feeds and sitemap.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from html import escape

from tayang.accessible.asked import asks_for_formats
from tayang.channels.connectors.base import MediaFile, MediaKind, Post
from tayang.items.assets import named_assets
from tayang.items.models import Item, Publication
from tayang.items.revisions import revision_content
from tayang.media.models import MediaAsset
from tayang.operations.storage import local_path
from tayang.public.addresses import canonical_url
from tayang.public.content import PublicContent, public_content
from tayang.sop.model import Destination


def article_link(item: Item) -> str:
    return canonical_url(item.organization, "public:article-short", pk=item.pk)


def default_caption(title: str, lead: str, link: str) -> str:
    """Title, lead and link, one paragraph each: what a caption says unless a variant is given."""
    return "\n\n".join(part for part in (title.strip(), lead.strip(), link) if part)


def content_of(item: Item, values: Mapping[str, object]) -> tuple[PublicContent, dict]:
    sop = item.procedure_version.sop
    assets = named_assets(item, sop, values, own=True)
    return public_content(sop, values, assets), assets


def build(item: Item, values: Mapping[str, object], *, key: str, caption: str = "",
          published_at: datetime | None = None, content: PublicContent | None = None,
          files: tuple[MediaFile, ...] | None = None, with_logo: bool = False) -> Post:
    """The post for one channel; ``caption`` is the channel's variant, empty for the default.

    ``content`` is ``values`` as the public sees it when the caller has it already (several
    channels, one content), ``files`` its files as :func:`media_files` describes them.
    ``with_logo``: the organization's logo read from the storage, for a post that is sent
    (only a printed poster shows it); the checks and previews never look at it, and read it
    once per channel they did."""
    if content is None:
        content, _ = content_of(item, values)
    link = article_link(item)
    if files is None:
        files = media_files(item, content)
    return Post(
        key=key,
        title=content.title or item.title,
        text=caption.strip() or default_caption(content.title or item.title, content.lead, link),
        summary=content.lead,
        body_html=_body_html(content),
        link=link,
        media=tuple(f for f in files if f.kind != MediaKind.DOCUMENT),
        documents=tuple(f for f in files if f.kind == MediaKind.DOCUMENT),
        organization=item.organization.name,
        published_at=published_at,
        zone=item.organization.timezone,
        tags=tuple(choice.label for choice in content.choices),
        accessible_formats=asks_for_formats(item.procedure_version.sop),
        heading=ANNOUNCEMENT if _announces(item) else "",
        organization_lines=tuple(item.organization.hierarchy),
        logo_png=_logo(item) if with_logo else b"",
    )


ANNOUNCEMENT = "PENGUMUMAN"


def _announces(item: Item) -> bool:
    """An SOP whose website step publishes to the announcements section makes announcements."""
    return item.procedure_version.sop.website_section == Destination.ANNOUNCEMENTS.value


def _logo(item: Item) -> bytes:
    logo = item.organization.logo
    if logo is None:
        return b""
    try:
        with logo.file.open("rb") as stored:
            return bytes(stored.read())
    except OSError:
        return b""  # a poster without its logo rather than no poster


def for_publication(publication: Publication) -> Post:
    item = publication.item
    values = revision_content(item.pk, publication.revision)
    return build(item, values, key=publication.idempotency_key, caption=publication.caption,
                 published_at=publication.due_at, with_logo=True)


def media_files(item: Item, content: PublicContent) -> tuple[MediaFile, ...]:
    """The content's files as a post carries them (the same for every channel)."""
    return tuple(_media_file(item, a.asset, a.alt) for a in content.attachments)


def _media_file(item: Item, asset: MediaAsset, alt: str) -> MediaFile:
    url = canonical_url(item.organization, "public:asset", pk=asset.pk)
    return MediaFile(
        kind=MediaKind(asset.kind), path=local_path(asset.file), stored=asset.file.name, url=url,
        filename=asset.original_name or asset.file.name.rsplit("/", 1)[-1],
        content_type=asset.content_type, size=asset.size, alt=alt, width=asset.width,
        height=asset.height, duration=asset.duration_seconds,
    )


def _body_html(content: PublicContent) -> str:
    parts: list[str] = []
    for section in content.sections:
        if section.heading:
            parts.append(f"<h2>{escape(section.heading)}</h2>")
        parts += [f"<p>{escape(p.strip())}</p>" for p in section.text.split("\n\n") if p.strip()]
    if content.five_w:
        parts.append("<ul>" + "".join(
            f"<li><strong>{escape(label)}:</strong> {escape(answer)}</li>"
            for label, answer in content.five_w
        ) + "</ul>")
    return "\n".join(parts)
