"""An organization's list of accepted words: validating and adding them.

Words only (letters, joined by a hyphen or an apostrophe: *Palangka*, *Tjilik*, *Ma'ruf*,
*Hinda-Hindi*), at most ``MAX_WORD`` letters each, at most ``MAX_WORDS`` in one list and
``MAX_AT_ONCE`` in one submission; the check compares them case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from tayang.language.models import MAX_WORD, AcceptedWord
from tayang.language.spelling import accepted_key
from tayang.orgs.models import Organization

MAX_WORDS = 5_000
MAX_AT_ONCE = 200
MAX_INPUT = 20_000  # characters of one submission, before it is split
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Added:
    added: list[str]
    problems: list[str]


def parse_words(text: str) -> tuple[list[str], list[str]]:
    """The words of a submission (one a line, or separated by spaces, commas) and what is
    wrong with it, in Indonesian. Nothing is added when anything is wrong."""
    if len(text) > MAX_INPUT:
        return [], [f"Terlalu panjang: paling banyak {MAX_INPUT:,} karakter sekali kirim."
                    .replace(",", ".")]
    words = [word for word in _SEPARATORS.split(text.strip()) if word]
    problems = []
    if not words:
        problems.append("Tuliskan paling sedikit satu kata.")
    if len(words) > MAX_AT_ONCE:
        problems.append(f"Paling banyak {MAX_AT_ONCE} kata sekali kirim.")
    for word in words[:MAX_AT_ONCE]:
        if len(word) > MAX_WORD:
            problems.append(f"«{word[:MAX_WORD]}…» terlalu panjang (paling banyak {MAX_WORD} "
                            "huruf).")
        elif not _WORD.fullmatch(word):
            problems.append(f"«{word}» bukan kata: hanya huruf, boleh disambung tanda hubung "
                            "atau apostrof.")
    return (words if not problems else []), problems


def add(organization: Organization, words: list[str], user: AbstractBaseUser | None) -> Added:
    """Add ``words`` not yet on the list; a full list refuses them all."""
    existing = set(AcceptedWord.objects.filter(organization=organization)
                   .values_list("key", flat=True))
    new: dict[str, str] = {}
    for word in words:
        key = accepted_key(word)
        if key and key not in existing:
            new.setdefault(key, word)
    if len(existing) + len(new) > MAX_WORDS:
        return Added([], [f"Daftar kata diterima sudah penuh (paling banyak {MAX_WORDS:,} kata)."
                          .replace(",", ".")])
    added = []
    for key, word in new.items():
        try:
            with transaction.atomic():
                AcceptedWord.objects.create(organization=organization, word=word, key=key,
                                            added_by=user)
        except IntegrityError:  # added by someone else meanwhile: it is on the list
            continue
        added.append(word)
    return Added(added, [])
