"""The language check while writing: EYD V suggestions and spelling findings of the text in the
form, before it is saved (issue 14, point 6). No Django here; the view gives the texts and the
organization's accepted words.

The same rules as the stored check (:mod:`eyd`, :mod:`spelling`, each field cut at
``MAX_CHECKED`` characters like the worker's), so the author and the reviewers see the same
findings while writing and on the item page. What differs is the time: a web request must
answer in well under 100 ms for a 1,000-word narrative. Finding the unknown words costs ≈2 ms;
Hunspell's proposals cost 5–35 ms a word, so a request spends at most ``SUGGEST_SECONDS`` on
them (the ones already made in this process are remembered and free). A word left without
proposals is marked *pending*; the page asks again a moment later and gets the next ones.
Positions are given in UTF-16 code units, as the browser's text fields count them.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from tayang.language import spelling
from tayang.language.eyd import findings as eyd_findings

SUGGEST_SECONDS = 0.025  # on Hunspell's proposals in one request (one call can take ≈35 ms)
SHOWN_SUGGESTIONS = 3
MAX_SHOWN = 40  # findings listed in the panel; the rest are counted (rendering costs)


@dataclass(frozen=True)
class LiveFinding:
    field: str
    kind: str  # "eyd" or "spelling"
    found: str
    start: int  # UTF-16 code units, as in the browser's text field
    end: int
    fixes: tuple[str, ...]
    message: str
    pending: bool = False  # a word in small letters whose proposals are not made yet


@dataclass(frozen=True)
class LiveResult:
    findings: list[LiveFinding]
    spelling_available: bool
    pending: bool


def check(texts: dict[str, str], accepted: Iterable[str], *, dictionary_base: str,
          suggest_seconds: float = SUGGEST_SECONDS) -> LiveResult:
    """Every finding of ``texts`` (field key → text, in the SOP's order)."""
    if not texts:
        return LiveResult([], True, False)
    accepted = list(accepted)
    try:
        known = spelling.dictionary(dictionary_base)
    except spelling.DictionaryMissing:
        known = None
    found: list[LiveFinding] = []
    deadline = time.monotonic() + suggest_seconds
    for key, text in texts.items():
        units = _Utf16(text)
        eyd = eyd_findings(text)
        for finding in eyd:
            found.append(LiveFinding(key, "eyd", finding.found, units(finding.start),
                                     units(finding.end), (finding.suggestion,),
                                     finding.message))
        if known is None:
            continue
        left = max(0.0, deadline - time.monotonic())
        taken = [(finding.start, finding.end) for finding in eyd]
        for miss in spelling.misspellings(text, known, accepted, suggest_seconds=left):
            if any(a < miss.end and miss.start < b for a, b in taken):
                continue  # *merubah*: the EYD suggestion says it better
            name = miss.word[0].isupper()
            found.append(LiveFinding(
                key, "spelling", miss.word, units(miss.start), units(miss.end),
                miss.suggestions[:SHOWN_SUGGESTIONS],
                "Tidak ada di kamus; bila ini nama, biarkan atau terima katanya." if name
                else "Tidak ada di kamus bahasa Indonesia.",
                pending=not name and not spelling.proposed(known, miss.word),
            ))
    order = {key: n for n, key in enumerate(texts)}
    found.sort(key=lambda f: (order[f.field], f.start))
    return LiveResult(found, known is not None, any(f.pending for f in found))


_WIDE = re.compile("[\U00010000-\U0010FFFF]")


class _Utf16:
    """Python (code point) indexes of one text as the browser counts them (UTF-16 units):
    the same unless the text has characters beyond the BMP (an emoji)."""

    def __init__(self, text: str) -> None:
        self.wide = [match.start() for match in _WIDE.finditer(text)]

    def __call__(self, index: int) -> int:
        return index + bisect.bisect_left(self.wide, index) if self.wide else index
