"""Which exports are made in the request and which go to the worker (docs/records.md).

Kept apart from :mod:`tayang.exports.files` so that the register page can ask without
importing the builders (which import the register page's own filters).
"""

from __future__ import annotations

from django.conf import settings

from tayang.items.models import Item
from tayang.records.dossier import media_size


def register_in_background(count: int) -> bool:
    """More rows than ``TAYANG_EXPORT_INLINE_ROWS`` are made by the worker, in every format:
    the three links behave alike whichever one is chosen."""
    return count > settings.TAYANG_EXPORT_INLINE_ROWS


def dossier_in_background(item: Item) -> bool:
    """A dossier whose uploaded files weigh more than ``TAYANG_EXPORT_INLINE_DOSSIER_BYTES``
    is made by the worker: reading and zipping them is what takes the time."""
    return media_size(item) > settings.TAYANG_EXPORT_INLINE_DOSSIER_BYTES
