"""Numbers as Indonesian agencies write them in their SOPs: "3", "1,5", "tiga", "dua belas",
"setengah", and "3 (tiga)" where the figure and the words must agree."""

from __future__ import annotations

import re
from fractions import Fraction

_ONES = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9,
}
_WORD = re.compile(r"[a-z]+")
_FIGURE = re.compile(r"^\d+(?:[.,]\d+)?$")
# "3 (tiga)", "1,5 (satu setengah)": the figure followed by the same number in words.
_FIGURE_AND_WORDS = re.compile(r"(?P<figure>\d+(?:[.,]\d+)?)\s*\((?P<words>[a-z ]+)\)")


def number(text: str) -> Fraction | None:
    """The value of ``text`` (a figure or number words), or None when it is not a number."""
    text = " ".join(text.strip().lower().split())
    if _FIGURE.match(text):
        return Fraction(text.replace(",", "."))
    return _words(text.split()) if text else None


def agreed_figures(text: str) -> str:
    """``text`` with each "3 (tiga)" written as "3"; ValueError when figure and words differ."""

    def check(match: re.Match[str]) -> str:
        figure, words = match["figure"], match["words"]
        if number(words) != number(figure):
            raise ValueError(
                f"angka «{figure}» dan tulisan «({words.strip()})» berbeda; yang diharapkan: "
                "keduanya menyebut bilangan yang sama"
            )
        return figure

    return _FIGURE_AND_WORDS.sub(check, text)


def _words(tokens: list[str]) -> Fraction | None:
    """Number words up to 999 and halves: "dua belas", "tiga puluh lima", "satu setengah"."""
    if not tokens or not all(_WORD.fullmatch(token) for token in tokens):
        return None
    half = Fraction(0)
    if tokens[-1] == "setengah":
        half = Fraction(1, 2)
        tokens = tokens[:-1]
        if not tokens:
            return half
    total = 0
    while tokens:
        value, tokens = _group(tokens)
        if value is None:
            return None
        total += value
    return total + half


def _group(tokens: list[str]) -> tuple[int | None, list[str]]:
    """One of: "seratus"/"N ratus", "sepuluh"/"sebelas"/"N belas", "N puluh", or a digit word."""
    first, rest = tokens[0], tokens[1:]
    specials = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
    if first in specials:
        return specials[first], rest
    if first not in _ONES:
        return None, tokens
    ones = _ONES[first]
    if rest and rest[0] in ("belas", "puluh", "ratus"):
        scale = {"belas": None, "puluh": 10, "ratus": 100}[rest[0]]
        return (10 + ones if scale is None else ones * scale), rest[1:]
    return ones, rest
