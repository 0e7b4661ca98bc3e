"""Responsive images for the public pages: ``src``, ``srcset`` and size, from the photo alone.

The web sizes of a photo are known before they exist: their widths follow from the photo's
own size (:func:`tayang.media.derivatives.target_widths`), and each has a fixed address
(``berkas/<id>/w960/``). So a page names them from the moment the item is published, and it
does not change when the background task has made them: making web sizes never changes what
a site shows, never raises its generation, never empties its page cache. Until a size is made
its address leads to the original (a redirect that is not cached), so nothing is ever broken.
Every URL points at the site's own file view, which serves a file only while the item it
belongs to is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from tayang.media.derivatives import target_widths
from tayang.media.models import MediaAsset


class Addresses(Protocol):
    """Whatever names a site's pages: a :class:`~tayang.public.sites.Site`, or the token
    addresses of a stored article body (:mod:`tayang.public.body`)."""

    def url(self, name: str, **kwargs: Any) -> str: ...


# How wide an image is drawn, for the browser to choose from the srcset before layout.
SIZES_LEAD = "(min-width: 52rem) 48rem, 100vw"
SIZES_GALLERY = "(min-width: 52rem) 15rem, (min-width: 34rem) 50vw, 100vw"
SIZES_CARD = "(min-width: 52rem) 22rem, (min-width: 34rem) 50vw, 100vw"


@dataclass(frozen=True)
class Picture:
    asset_id: int
    src: str
    srcset: str
    width: int
    height: int
    alt: str
    full: str  # the largest version, for "view full size" and social-media cards
    full_width: int
    full_height: int
    full_variant: str  # its variant name ("w1600"); empty for the original


def picture(site: Addresses, asset: MediaAsset, alt: str) -> Picture:
    width, height = asset.width or 0, asset.height or 0
    widths = target_widths(width, height) if asset.kind == MediaAsset.Kind.PHOTO else ()
    if widths:
        candidates = [
            (site.url("public:asset-variant", pk=asset.pk, variant=f"w{target}"), target,
             max(1, round(height * target / width)))
            for target in widths
        ]
        default = next((c for c in candidates if c[1] >= 960), candidates[-1])
        full_variant = f"w{widths[-1]}"
    else:  # a photo whose size is unknown: the original
        candidates = [(site.url("public:asset", pk=asset.pk), width, height)]
        default = candidates[-1]
        full_variant = ""
    largest = candidates[-1]
    return Picture(
        asset_id=asset.pk,
        src=default[0],
        srcset=", ".join(f"{url} {w}w" for url, w, _ in candidates if w),
        width=default[1],
        height=default[2],
        alt=alt,
        full=largest[0],
        full_width=largest[1],
        full_height=largest[2],
        full_variant=full_variant,
    )


def poster_url(site: Addresses, asset: MediaAsset) -> str:
    """A video's poster frame, by its fixed address (made by the same task as web sizes)."""
    if asset.kind != MediaAsset.Kind.VIDEO:
        return ""
    return site.url("public:asset-variant", pk=asset.pk, variant="poster")
