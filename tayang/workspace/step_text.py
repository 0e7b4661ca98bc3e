"""Text shortened for a list row as ``truncatechars`` shortens it; a step's activity once
per process.

``truncatechars`` walks the text character by character (Django's ``Truncator``, 30–40 µs
for a step's sentence); a list repeats the few activities of its SOPs on every row, and an
SOP's wording never changes once saved, so each (text, length) is shortened once.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.utils.text import Truncator


@lru_cache(maxsize=1024)
def shortened(activity: str, length: int) -> str:
    """``{{ activity|truncatechars:length }}``, remembered (a step's activity)."""
    return truncated(activity, length)


def truncated(text: str, length: int) -> str:
    """``{{ text|truncatechars:length }}``. A text no longer than ``length`` comes back as
    ``Truncator`` returns it (NFC-normalized) without its walk over every character."""
    normalized = unicodedata.normalize("NFC", text)
    if len(normalized) <= length:
        return normalized
    return Truncator(text).chars(length)
