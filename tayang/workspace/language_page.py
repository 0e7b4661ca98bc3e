"""The item page's *Saran bahasa*: EYD V suggestions and spelling findings beside the text,
never a block.

Everyone who opens the item sees the same findings (the author at hand-in, each reviewer at
their step); whoever may edit the content applies an EYD suggestion with a click (*Terapkan*),
an ordinary edit through the workflow, recorded in the history. The spelling findings were
made by the worker (:mod:`tayang.language.checking`) and are read here, never computed (the
form's *Periksa bahasa* checks the text being written: :mod:`live_language`). A finding
whose word the organization has since accepted is not shown; reviewers (and admins) accept a
word with one click (:func:`may_accept_words`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tayang.items.models import Item
from tayang.language.eyd import Finding, findings
from tayang.language.models import AcceptedWord, SpellingCheck
from tayang.language.spelling import UNAVAILABLE, accepted_key
from tayang.language.texts import checked_text, checked_texts, texts_hash
from tayang.orgs.models import Membership
from tayang.sop.model import Sop, StepKind

__all__ = ["checked_text", "language_context", "may_accept_words"]

# Steps whose role holders review the text: they may add a word to the accepted list.
REVIEWING_KINDS = (StepKind.REVIEW, StepKind.DECISION, StepKind.PUBLISH)


@dataclass(frozen=True)
class FieldFindings:
    key: str
    label: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Misspelt:
    word: str
    start: int
    suggestions: tuple[str, ...]
    context: str  # the words around it, to find it in the text


@dataclass(frozen=True)
class FieldSpelling:
    key: str
    label: str
    words: tuple[Misspelt, ...]


def may_accept_words(membership: Membership, sop: Sop, roles: frozenset[str] | set[str]) -> bool:
    """Admins, and holders of a role of a reviewing step (review, decision, publish) of the
    item's SOP: the people who answer for the text's language. An author alone may not grow
    the organization's list to silence the check on their own text."""
    if membership.is_admin:
        return True
    return any(step.kind in REVIEWING_KINDS and roles & set(step.roles) for step in sop.steps)


def language_context(item: Item, sop: Sop) -> dict[str, Any]:
    shown = []
    for item_field in sop.fields:
        text = checked_text(sop, item.values, item_field.key)
        if text:
            found = tuple(findings(text))
            if found:
                shown.append(FieldFindings(item_field.key, item_field.label, found))
    return {"language_findings": shown, **spelling_context(item, sop)}


def spelling_context(item: Item, sop: Sop) -> dict[str, Any]:
    """``spelling_state``: "waiting", "ready", "unavailable", "failed" or "" (nothing to check)."""
    texts = checked_texts(sop, item.values)
    if not texts:
        return {"spelling_state": "", "spelling_fields": []}
    row = SpellingCheck.objects.filter(item=item).first()
    if row is None or row.is_waiting or row.checked_hash != texts_hash(texts):
        state = {SpellingCheck.State.UNAVAILABLE: "unavailable",
                 SpellingCheck.State.FAILED: "failed"}.get(row.state if row else "", "waiting")
        return {"spelling_state": state, "spelling_fields": [],
                "spelling_unavailable": UNAVAILABLE}
    fields = []
    accepted: set[str] | None = None
    for key, words in row.findings.items():
        if key not in texts or not sop.has_field(key):
            continue
        if accepted is None:  # read only when something was found
            accepted = {accepted_key(word) for word in AcceptedWord.objects.filter(
                organization_id=item.organization_id).values_list("word", flat=True)}
        text = texts[key]
        kept = tuple(
            Misspelt(entry["word"], entry["start"], tuple(entry["suggestions"]),
                     _context(text, entry["start"], entry["end"]))
            for entry in words if accepted_key(entry["word"]) not in accepted
        )
        if kept:
            fields.append(FieldSpelling(key, sop.field(key).label, kept))
    return {"spelling_state": "ready", "spelling_fields": fields}


def _context(text: str, start: int, end: int, around: int = 30) -> str:
    """The words around a finding; "…" where the text goes on."""
    left = text[max(0, start - around):start]
    right = text[end:end + around]
    if start > around:
        left = "…" + left.split(" ", 1)[-1]
    if end + around < len(text):
        right = right.rsplit(" ", 1)[0] + "…"
    return f"{left}{text[start:end]}{right}"
