"""What the WordPress post is made of: its slug, from the key, and its HTML."""

from __future__ import annotations

import html
import re
from typing import Any

from tayang.channels.connectors.base import MediaKind, Post


def post_slug(key: str) -> str:
    """The slug WordPress will keep for this publication (what ``sanitize_title`` makes of it)."""
    slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:180].strip("-")
    return slug or "tayang"


def content_html(post: Post, uploaded: list[dict[str, Any]]) -> str:
    """The post's body: the article, a gallery of two or more photos (one photo is the
    featured image instead), a block per video, and a link back to the article."""
    parts = [post.body_html.strip() or f"<p>{html.escape(post.summary)}</p>"]
    photos = [item for item in uploaded if item["kind"] == MediaKind.PHOTO]
    if len(photos) > 1:
        images = "\n".join(
            f'<!-- wp:image {{"id":{p["id"]},"sizeSlug":"large",'
            '"linkDestination":"none"} -->\n'
            f'<figure class="wp-block-image size-large"><img src="{html.escape(p["url"])}" '
            f'alt="{html.escape(p["alt"])}" class="wp-image-{p["id"]}"/></figure>\n'
            "<!-- /wp:image -->"
            for p in photos
        )
        parts.append(
            '<!-- wp:gallery {"linkTo":"none"} -->\n'
            '<figure class="wp-block-gallery has-nested-images columns-default is-cropped">'
            f"\n{images}\n</figure>\n<!-- /wp:gallery -->"
        )
    for item in uploaded:
        if item["kind"] == MediaKind.VIDEO:
            parts.append(
                f'<!-- wp:video {{"id":{item["id"]}}} -->\n<figure class="wp-block-video">'
                f'<video controls src="{html.escape(item["url"])}"></video></figure>\n'
                "<!-- /wp:video -->"
            )
    if post.link:
        parts.append(f'<p>Sumber: <a href="{html.escape(post.link)}">'
                     f"{html.escape(post.title or post.link)}</a></p>")
    return "\n\n".join(parts)


def ascii_filename(name: str) -> str:
    """A header-safe filename; WordPress sanitizes it further itself."""
    return re.sub(r"[^A-Za-z0-9._ -]+", "-", name).strip() or "berkas"
