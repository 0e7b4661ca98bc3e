"""A step's activity shortened for a list row, once per process.

``truncatechars`` walks the text character by character (Django's ``Truncator``, 30–40 µs
for a step's sentence); a list repeats the few activities of its SOPs on every row, and an
SOP's wording never changes once saved, so each (text, length) is shortened once.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.text import Truncator


@lru_cache(maxsize=1024)
def shortened(activity: str, length: int) -> str:
    """``{{ activity|truncatechars:length }}``."""
    return Truncator(activity).chars(length)
