"""Responsive images for the public pages: ``src``, ``srcset`` and size from the derivatives.

When the derivatives of a photo are not made yet (the task has not run), the page still shows
it: from the 480-px thumbnail made on upload and the original. Every URL points at the site's
own file view, which serves a file only while the item it belongs to is published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tayang.media.intake import THUMBNAIL_SIZE
from tayang.media.models import Derivative, MediaAsset
from tayang.public.sites import Site

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


def derivatives_of(assets: Iterable[MediaAsset]) -> dict[int, list[Derivative]]:
    """Every derivative of ``assets`` in one query, by asset id, smallest first."""
    found: dict[int, list[Derivative]] = defaultdict(list)
    ids = [asset.pk for asset in assets]
    if ids:
        for derivative in Derivative.objects.filter(asset_id__in=ids).order_by("width"):
            found[derivative.asset_id].append(derivative)
    return found


def picture(site: Site, asset: MediaAsset, alt: str, made: list[Derivative]) -> Picture:
    resized = [d for d in made if d.kind == Derivative.Kind.RESIZED]
    width, height = asset.width or 0, asset.height or 0
    if resized:
        candidates = [(site.url("public:asset-variant", pk=asset.pk, variant=f"w{d.width}"),
                       d.width, d.height) for d in resized]
        default = next((c for c in candidates if c[1] >= 960), candidates[-1])
        full_variant = f"w{resized[-1].width}"
    else:
        candidates = []
        if asset.thumbnail and width and height:
            scale = min(THUMBNAIL_SIZE[0] / width, THUMBNAIL_SIZE[1] / height, 1)
            candidates.append((site.url("public:asset-variant", pk=asset.pk, variant="kecil"),
                               round(width * scale), round(height * scale)))
        candidates.append((site.url("public:asset", pk=asset.pk), width, height))
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


def poster_url(site: Site, asset: MediaAsset, made: list[Derivative]) -> str:
    if any(d.kind == Derivative.Kind.POSTER for d in made):
        return site.url("public:asset-variant", pk=asset.pk, variant="poster")
    return ""
