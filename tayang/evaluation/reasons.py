"""The most common reasons written when sending back: the first words of each response,
grouped. Pure. "Foto kurang tajam, mohon diganti" and "foto kurang tajam." are one reason;
the count says how often it was written, the example shows one response as written."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

FIRST_WORDS = 3
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Reason:
    words: str  # the grouping key as shown: "foto kurang tajam"
    count: int
    example: str  # one response in full, cut to a line


def opening(text: str, words: int = FIRST_WORDS) -> str:
    """The first ``words`` words of a response, lowercased, without punctuation."""
    return " ".join(word.lower() for word in _WORD.findall(text)[:words])


def common_reasons(texts: Iterable[str], top: int = 5) -> list[Reason]:
    """The ``top`` openings by how often they were written (ties: alphabetical)."""
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for text in texts:
        key = opening(text)
        if not key:
            continue
        counts[key] += 1
        examples.setdefault(key, " ".join(text.split())[:160])
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:top]
    return [Reason(words, count, examples[words]) for words, count in ranked]
