"""Parsing stored SOP texts once per process: a definition never changes once saved."""

from __future__ import annotations

from functools import lru_cache

from tayang.sop.loader import load_text
from tayang.sop.model import Sop


def parsed(text: str, sha256: str, source: str) -> Sop:
    return _parsed(sha256, text, source)


@lru_cache(maxsize=256)
def _parsed(sha256: str, text: str, source: str) -> Sop:
    # Keyed by content hash first, so identical texts share one parse across organizations.
    return load_text(text, source=source)
