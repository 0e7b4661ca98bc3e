"""Numbers as Indonesian readers write them, for the screens and files that show counts."""

from __future__ import annotations


def thousands(count: int) -> str:
    """``1.000``: thousands are separated by a dot in Indonesian."""
    return f"{count:,}".replace(",", ".")
