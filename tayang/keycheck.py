"""Is a secret key random enough to sign sessions, password-reset links and CSRF tokens?

Plain Python, used by the settings before Django starts. A key is refused when it is short
(under 50 characters), uses few distinct characters, is a repeated pattern (``'ab' * 25``),
runs along the keyboard or the alphabet (``abcdef…``), or carries little information per
character. Keys made by ``python -c "import secrets; print(secrets.token_urlsafe(50))"`` (the
command docs/security.md gives) pass with room to spare; so do 64 hex characters.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import pairwise

MIN_LENGTH = 50
# 64 random hex characters use all 16 but rarely: one key in a few million shows only 11
# (CI drew one). At 10 that is about one in a trillion; a key of few symbols is still
# refused, here or by its information per character.
MIN_DISTINCT = 10
MIN_BITS_PER_CHARACTER = 3.0
MAX_STEP_SHARE = 0.5  # neighbours equal or next to each other (aaaa, abcd, 1234)


def _period(key: str) -> int | None:
    """The length of the unit ``key`` repeats, if it is a repetition (even a partial one)."""
    for period in range(1, len(key) // 2 + 1):
        if key[period:] == key[:-period]:
            return period
    return None


def _bits_per_character(key: str) -> float:
    counts = Counter(key)
    return -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is not fit for production, in Bahasa Indonesia; ``None`` when it is."""
    if len(key) < MIN_LENGTH:
        return f"terlalu pendek ({len(key)} karakter; minimal {MIN_LENGTH})"
    if len(set(key)) < MIN_DISTINCT:
        return f"terlalu sedikit karakter berbeda ({len(set(key))}; minimal {MIN_DISTINCT})"
    if (period := _period(key)) is not None:
        return f"berupa pola berulang (setiap {period} karakter)"
    steps = sum(abs(ord(a) - ord(b)) <= 1 for a, b in pairwise(key))
    if steps > MAX_STEP_SHARE * (len(key) - 1):
        return "berupa urutan karakter (seperti abcdef… atau 123456…)"
    if _bits_per_character(key) < MIN_BITS_PER_CHARACTER:
        return "terlalu mudah ditebak (isi acaknya terlalu sedikit)"
    return None
