"""Web sizes of published photos: decoded small, turned upright, stripped of metadata.

Why it is done this way:

* Widths 480, 960 and 1600 px cover a phone, a laptop column and a wide screen at double
  density; the page offers them as a ``srcset`` and the browser picks one. A photo is never
  enlarged (a 1200-px original gets 480, 960 and 1200), and its long side stays within
  1600 px (a portrait photo's largest is 1200 × 1600): no page shows more, and it keeps
  ``draft()`` useful for photos taken upright.
* JPEG rather than WebP: every browser, e-mail client and social-media card reader takes it
  (an OpenGraph image in WebP is still refused by some), and it encodes fast.
* Pillow's ``draft()`` lets the JPEG decoder scale by 1/2, 1/4 or 1/8 while it decodes, so a
  12 MP photo is never held at full size: several times faster, a fraction of the memory.
* The EXIF orientation is applied to the pixels and no EXIF or XMP is written, so a derivative
  carries no camera, time or place. The ICC colour profile is kept: it is colour, not metadata.

:func:`render` (in :mod:`tayang.media.websizes`) is pure, bytes in, bytes out; :func:`ensure`
has it run in a child process (the worker keeps neither Pillow nor the decoded photo), stores
what is missing, and is safe to run any number of times, from any number of workers at once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import ExitStack

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from tayang import apart
from tayang.media.errors import StorageFailed
from tayang.media.models import Derivative, MediaAsset
from tayang.media.storing import NAMED_DIGITS
from tayang.media.websizes import QUALITY, WIDTHS, Rendered, render, target_widths
from tayang.operations.storage import readable_path

__all__ = ["QUALITY", "WIDTHS", "Rendered", "ensure_all", "missing_widths", "render",
           "store", "target_widths"]
log = logging.getLogger(__name__)


def missing_widths(asset: MediaAsset) -> list[int]:
    """The web sizes ``asset`` lacks (none for what is not a photo of a known size)."""
    if asset.kind != MediaAsset.Kind.PHOTO or not asset.width:
        return []
    have = set(
        asset.derivatives.filter(kind=Derivative.Kind.RESIZED).values_list("width", flat=True)
    )
    return [width for width in target_widths(asset.width, asset.height) if width not in have]


def ensure_all(assets: Iterable[MediaAsset]) -> tuple[int, int]:
    """Make the derivatives the photos among ``assets`` lack, all of them in one child process;
    returns how many were made and for how many photos the storage refused them."""
    wanted = [(asset, widths) for asset in assets if (widths := missing_widths(asset))]
    if not wanted:
        return 0, 0
    with ExitStack() as files:
        jobs = [(files.enter_context(readable_path(asset.file)), widths)
                for asset, widths in wanted]
        rendered: list[list[Rendered]] = apart.call(
            "tayang.media.websizes", "render_files", jobs,
            max_megapixels=int(settings.TAYANG_IMAGE_MAX_MEGAPIXELS),
        )
    made = failed = 0
    for (asset, _), sizes in zip(wanted, rendered, strict=True):
        try:
            made += sum(store(asset, Derivative.Kind.RESIZED, size, "jpg") for size in sizes)
        except StorageFailed:  # logged by store; the other photos are still stored
            failed += 1
    return made, failed


def store(asset: MediaAsset, kind: str, made: Rendered, extension: str) -> bool:
    """Save one derivative; False when another worker saved the same one first."""
    derivative = Derivative(
        asset=asset, kind=kind, width=made.width, height=made.height, size=len(made.data),
        content_type="image/jpeg",
    )
    try:
        derivative.file.save(
            f"{asset.sha256[:NAMED_DIGITS]}-{kind}-{made.width}.{extension}",
            ContentFile(made.data), save=False,
        )
    except Exception as error:  # any storage's failure, for the task to report and retry
        log.warning("Turunan berkas %s tidak dapat disimpan", asset.pk, exc_info=True)
        raise StorageFailed() from error
    try:
        with transaction.atomic():
            derivative.save()
    except IntegrityError:
        derivative.file.delete(save=False)
        return False
    return True
