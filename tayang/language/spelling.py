"""Spelling against Debian's Indonesian Hunspell dictionary (``hunspell-id``), read by chunspell.

Issue 14, point 6. chunspell (PyPI, maintained; the ``hunspell`` module) binds Hunspell's own C++
library, shipped inside its wheel: it loads ``id_ID`` in ≈15 ms and looks a word up in ≈10 µs.
spylls (Hunspell in pure Python) was tried first and rejected: its loaded dictionary costs
≈32 MB, it looks a word up 20 times slower, proposes a replacement in 0.1–0.2 s, and its
wheel installs a top-level ``tests`` package that hides this project's own ``tests``. The
background worker checks each saved text (:mod:`tayang.language.checking`); a web process
loads the dictionary only when it first checks a text being written (:mod:`live`, ≈5 MB),
never at import. No Django here.

What is checked: every word of letters (a hyphenated word — *anak-anak*, *se-Indonesia* —
is right when it or each of its parts is). Left alone: abbreviations (a word of at most four
letters before a full stop: *Jl.*, *Km.*, *Kab.*), words with figures, acronyms in capitals
(*PPID*, *WIB*, *KTP*: an announcement is full of them and the dictionary knows few), internet
and e-mail addresses, and the organization's accepted words (names of places, people,
programmes; case-insensitive). Each word is looked up once per text (≈2 ms for 1,000
words). Proposals for a wrong word are the slow part of Hunspell (5–35 ms each): made for
words in small letters only (a capitalised unknown word is a name, to accept, not to
correct), for at most ``MAX_SUGGESTED`` distinct words and ``SUGGEST_SECONDS`` a text, at most
``SUGGESTIONS`` each, and remembered by the worker for the next revision of the text.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hunspell import Hunspell as Dictionary

DEFAULT_DICTIONARY = "/usr/share/hunspell/id_ID"  # Debian's hunspell-id: .aff and .dic
MAX_TEXT = 20_000  # characters of one field, as every checked text is bounded
MAX_FINDINGS = 200  # misspelt places reported per field
MAX_SUGGESTED = 40  # distinct wrong words given proposals per text
SUGGEST_SECONDS = 1.0  # and no more time than this on proposals for one text
SUGGESTIONS = 4
MAX_WORD = 40  # letters: a longer "word" is a code or garbage, not looked up
UNAVAILABLE = "Pemeriksaan ejaan tidak tersedia: kamus bahasa Indonesia (hunspell-id) belum " \
              "terpasang di server."

_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\S+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PREFIXES = {"se", "ke", "non", "pra", "pasca", "antar", "multi"}  # se-Indonesia, ke-2, non-PNS
_ACRONYM = re.compile(r"[A-Z]{2,}[a-z]?")  # PPID, KTP, SKPDs; a capitalised word is no acronym


class DictionaryMissing(RuntimeError):
    """The dictionary's files (or chunspell) are not installed here."""


@dataclass(frozen=True)
class Misspelling:
    word: str
    start: int
    end: int
    suggestions: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"word": self.word, "start": self.start, "end": self.end,
                "suggestions": list(self.suggestions)}


@cache
def dictionary(base: str = DEFAULT_DICTIONARY) -> Dictionary:
    """The dictionary at ``base`` (``.aff`` and ``.dic`` beside it), loaded once per process."""
    if not (Path(f"{base}.aff").is_file() and Path(f"{base}.dic").is_file()):
        raise DictionaryMissing(f"{base}.aff/.dic tidak ada")
    try:
        from hunspell import Hunspell  # a C++ extension: imported only when a text is checked
    except ImportError as error:
        raise DictionaryMissing("chunspell tidak terpasang") from error
    path = Path(base)
    with tempfile.TemporaryDirectory(prefix="tayang-kamus-") as folder:
        # Hunspell's n-gram proposals (the far-fetched ones: «kabupatn» → «kabu-kabu») cost
        # three quarters of its proposing time; the dictionary is read with them turned off
        # (the same files, the affix file with ``MAXNGRAMSUGS 0`` appended), read once here.
        affixes = path.with_suffix(".aff").read_bytes() + b"\nMAXNGRAMSUGS 0\n"
        Path(folder, f"{path.name}.aff").write_bytes(affixes)
        Path(folder, f"{path.name}.dic").symlink_to(path.with_suffix(".dic"))
        return Hunspell(path.name, hunspell_data_dir=folder)


def accepted_key(word: str) -> str:
    """How accepted words are compared: case-insensitive, apostrophes and spaces trimmed."""
    return word.strip().strip("'’").casefold()


def misspellings(text: str, known: Dictionary, accepted: Iterable[str] = (),
                 *, suggest: bool = True,
                 suggest_seconds: float = SUGGEST_SECONDS) -> list[Misspelling]:
    """The words of ``text`` the dictionary does not know, in order, with proposals: those
    already made in this process, and new ones for at most ``suggest_seconds`` (the live
    check in the form spends a few milliseconds, the worker up to a second)."""
    text = text[:MAX_TEXT]
    allowed = {accepted_key(word) for word in accepted}
    hidden = [match.span() for match in _ADDRESS.finditer(text)]
    verdicts: dict[str, bool] = {}
    wrong: list[tuple[str, int, int]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if len(wrong) >= MAX_FINDINGS:
            break
        if _skipped(word, allowed) or any(a <= match.start() < b for a, b in hidden):
            continue
        if len(word) <= 4 and text[match.end():match.end() + 1] == ".":
            continue  # an abbreviation: Jl., Km., Kab., Kec.
        right = verdicts.get(word)
        if right is None:
            right = verdicts[word] = _known(word, known, allowed)
        if not right:
            wrong.append((word, match.start(), match.end()))
    proposals: dict[str, tuple[str, ...]] = {}
    deadline = time.monotonic() + suggest_seconds
    for word, _, _ in wrong:
        if not suggest or word in proposals or word[0].isupper():
            continue  # a capitalised unknown word is a name: accepted, not "corrected"
        remembered = _PROPOSALS.get(id(known), {}).get(word)
        if remembered is not None:
            proposals[word] = remembered  # free: made for an earlier text
        elif len(proposals) < MAX_SUGGESTED and time.monotonic() < deadline:
            proposals[word] = _proposals(known, word)
    return [Misspelling(word, start, end, proposals.get(word, ()))
            for word, start, end in wrong]


def _proposals(known: Dictionary, word: str) -> tuple[str, ...]:
    """Hunspell's proposals (≈15 ms a word), remembered for the worker's life: the same slip
    comes back in the next revision of the same text."""
    cache: dict[str, tuple[str, ...]] = _PROPOSALS.setdefault(id(known), {})
    if word not in cache:
        if len(cache) >= 10_000:
            cache.clear()
        cache[word] = tuple(islice(known.suggest(word), SUGGESTIONS))
    return cache[word]


_PROPOSALS: dict[int, dict[str, tuple[str, ...]]] = {}


def forget() -> None:
    """Drop the loaded dictionaries and the proposals they made: an idle worker gives their
    ~3 MB back (:mod:`tayang.outbox.idle`); the next check loads the dictionary again (~18 ms)."""
    dictionary.cache_clear()
    _PROPOSALS.clear()


def proposed(known: Dictionary, word: str) -> bool:
    """Whether Hunspell's proposals for ``word`` were made in this process (even none)."""
    return word in _PROPOSALS.get(id(known), {})


def _skipped(word: str, allowed: set[str]) -> bool:
    return (len(word) < 2 or len(word) > MAX_WORD or _ACRONYM.fullmatch(word) is not None
            or accepted_key(word) in allowed)


def _known(word: str, known: Dictionary, allowed: set[str]) -> bool:
    if known.spell(word):
        return True
    if "-" in word:
        return all(known.spell(part) or part.casefold() in _PREFIXES
                   or accepted_key(part) in allowed or _skipped(part, allowed)
                   for part in word.split("-"))
    return False
