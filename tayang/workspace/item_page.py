"""What the item page shows: content, the SOP path, the checklist, history and the buttons.

Kept apart from the views so that the refusal page and the revision page show exactly the same
picture as the item page itself.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from tayang.engine.actions import ActionKind
from tayang.engine.machine import Refused, allowed_actions, duty_conflict
from tayang.engine.requirements import evaluate, shown_requirements
from tayang.engine.state import Status
from tayang.items import drafts
from tayang.items.assets import named_assets
from tayang.items.content import media_entries
from tayang.items.models import Item, WrittenResponse
from tayang.items.records import item_content_hash
from tayang.items.withdrawal import MIN_REASON, may_withdraw
from tayang.items.workflow import actor_for, name_who_else, state_of
from tayang.media.models import MediaAsset
from tayang.sop import flow
from tayang.sop.document.content import indonesian_date
from tayang.sop.model import FIVE_W_ONE_H_PARTS, FieldKind, Sop, Step, StepKind
from tayang.sop.timetext import describe
from tayang.workspace.access import OrgRequest
from tayang.workspace.captions_page import captions_context
from tayang.workspace.channel_page import channel_context
from tayang.workspace.dates import value_text
from tayang.workspace.formats_page import formats_context
from tayang.workspace.language_page import language_context, may_accept_words
from tayang.workspace.taking_page import taking_context


@dataclass(frozen=True)
class PathStep:
    step: Step
    state: str  # "passed", "current", "skipped", "upcoming"
    role_names: str
    time: str


@dataclass(frozen=True)
class SentBack:
    """Why the item waits here again: the written response that sent it back, shown at the top
    of the page (the person opening a "Dikembalikan" message looks for it first)."""

    response: WrittenResponse
    source: str  # "Langkah 2 — Tim Pertimbangan Pelayanan Informasi (Budi Santoso)"


@dataclass(frozen=True)
class ShownField:
    key: str
    label: str
    kind: str
    text: str
    parts: tuple[tuple[str, str], ...] = ()
    assets: tuple[tuple[MediaAsset, str], ...] = ()


def item_context(request: OrgRequest, item: Item) -> dict[str, Any]:
    sop = item.procedure_version.sop
    assets = named_assets(item, sop)  # read once for the state, the hash and the fields
    state = state_of(item, sop, assets)
    actor = actor_for(request.user, item.procedure)
    allowed = allowed_actions(sop, state, actor)
    step = sop.step(item.step) if item.step else None
    current_hash = item_content_hash(item, sop, assets.values())
    approvals = [
        (approval, approval.content_hash == current_hash)
        for approval in item.approvals.select_related("approver")
    ]
    allowed_kinds = {kind.value for kind in allowed}
    conflict = duty_conflict(sop, state, step, actor) if step and actor.roles & set(step.roles) \
        else None
    # With each its letter, when one was issued (one join): the page names its number.
    responses = list(item.responses.select_related("author", "letter"))
    return {
        **channel_context(item, request.user, allowed_kinds),
        **taking_context(request, item, state, actor),
        **formats_context(request, item, actor.roles),
        **language_context(item, sop),
        **captions_context(item, sop, assets),
        "can_accept_words": may_accept_words(request.membership, sop, actor.roles),
        "item": item,
        "sop": sop,
        "step": step,
        "fields": shown_fields(sop, item, assets),
        "path": sop_path(sop, item),
        "checklist": evaluate(sop, shown_requirements(sop, step), state.values) if step else [],
        "allowed": allowed_kinds,
        # Why this person, although holding the role, may not approve or publish here.
        "duty_conflict": name_who_else(item, Refused((conflict,))).message if conflict else "",
        "can_edit": ActionKind.EDIT in allowed,
        "route_fields": [sop.field(key) for key in step.chooses] if step else [],
        "history": _history(sop, item),
        "responses": responses,
        "sent_back": sent_back(sop, item, responses),
        "approvals": approvals,
        "content_hash": current_hash,
        # The list names revisions; their content is read on each revision's own page.
        "revisions": list(item.revisions.select_related("author").defer("values")
                          .order_by("-number")),
        "publications": list(item.publications.all()),
        "can_withdraw": may_withdraw(item, actor),
        "can_delete_draft": drafts.may_delete(item, request.user),
        "withdraw_min_reason": MIN_REASON,
        "timeliness": state.due.timeliness(timezone.now()).value,
        "is_archived": item.status == Status.ARCHIVED,
        "my_roles": ", ".join(sop.role(key).name for key in sorted(actor.roles)),
        "step_names": {s.key: f"{s.number}. {s.activity}" for s in sop.steps},
        # Where sending back leads now (chosen by the route when the SOP says so; "" when
        # that route is not chosen yet).
        "reject_target": (step.reject_target(dict(item.values)) or "") if step else "",
    }


def sent_back(sop: Sop, item: Item, responses: list[WrittenResponse]) -> SentBack | None:
    """The latest send-back to the step the returned item waits at now, if it is returned."""
    if item.status != Status.RETURNED:
        return None
    found = [response for response in responses
             if response.kind == WrittenResponse.Kind.SENT_BACK and response.to_step == item.step]
    if not found:
        return None
    response = found[-1]
    author = response.author.get_full_name() or response.author.get_username()
    # The item's own SOP version wrote the response: its step and role are in it.
    return SentBack(response, f"Langkah {sop.step(response.step).number} — "
                              f"{sop.role(response.role).name} ({author})")


def shown_fields(sop: Sop, item: Item,
                 assets: dict[int, MediaAsset] | None = None) -> list[ShownField]:
    values = item.values
    if assets is None:
        assets = named_assets(item, sop)
    shown = []
    for item_field in sop.fields:
        raw = values.get(item_field.key)
        if item_field.kind in (FieldKind.MEDIA, FieldKind.DOCUMENT):
            pairs = tuple(
                (assets[int(entry["id"])], str(entry.get("alt") or ""))  # type: ignore[call-overload]
                for entry in media_entries(values, item_field.key)
                if int(entry["id"]) in assets  # type: ignore[call-overload]
            )
            shown.append(
                ShownField(item_field.key, item_field.label, item_field.kind, "", (), pairs)
            )
        elif item_field.kind is FieldKind.FIVE_W_ONE_H:
            answers = raw if isinstance(raw, dict) else {}
            parts = tuple((label, str(answers.get(key) or "")) for key, label in FIVE_W_ONE_H_PARTS)
            shown.append(ShownField(item_field.key, item_field.label, item_field.kind, "", parts))
        elif item_field.kind is FieldKind.CHOICE:
            text = item_field.choice_label(str(raw)) if raw else ""
            shown.append(ShownField(item_field.key, item_field.label, item_field.kind, text))
        elif item_field.kind in (FieldKind.DATE, FieldKind.DATETIME) and raw:
            text = value_text(str(raw), with_time=item_field.kind is FieldKind.DATETIME)
            shown.append(ShownField(item_field.key, item_field.label, item_field.kind, text))
        else:
            shown.append(
                ShownField(item_field.key, item_field.label, item_field.kind, str(raw or ""))
            )
    return shown


def shown_date(raw: object) -> str:
    """A date field as Indonesians read it ("5 Desember 2026"), not as it is stored
    ("2026-12-05"); anything that is not a date is shown as it is."""
    try:
        return indonesian_date(date.fromisoformat(str(raw)))
    except ValueError:
        return str(raw or "")


def sop_path(sop: Sop, item: Item) -> list[PathStep]:
    """Every step in table order, marked as this item stands on it now."""
    applies = {step.key for step in flow.path(sop, item.values)}
    passed = set(item.passed)
    rows = []
    for step in sop.steps:
        if step.key == item.step:
            mark = "current"
        elif step.key in passed:
            mark = "passed"
        elif step.key not in applies and step.condition is not None:
            mark = "skipped"
        elif step.only_on_return:
            mark = "on_return"  # not on the way forward: only if the item is sent back here
        elif item.status in (Status.FINISHED, Status.ARCHIVED):
            mark = "passed" if step.kind is StepKind.ARCHIVE and item.archived_at else "upcoming"
        else:
            mark = "upcoming"
        rows.append(
            PathStep(
                step, mark, ", ".join(sop.role(key).name for key in step.roles)
                + (" (pihak luar, melalui tautan)" if step.party else ""),
                describe(step.time) if step.time else "",
            )
        )
    return rows


def _history(sop: Sop, item: Item) -> list[dict[str, Any]]:
    names = {role.key: role.name for role in sop.roles}
    # An outside party's office acted through a link: the history says it is one.
    names.update({party.key: f"pihak luar: {party.name}" for party in sop.parties})
    numbers = {step.key: step.number for step in sop.steps}
    return [
        {
            "entry": entry,
            "role": names.get(entry.role, entry.role),
            "step_number": numbers.get(entry.step, ""),
        }
        for entry in item.log.select_related("actor")
    ]


@dataclass(frozen=True)
class FieldDiff:
    label: str
    segments: tuple[tuple[str, str], ...]  # ("same" | "added" | "removed", text)


def revision_diff(item: Item, old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """A word-level diff of every field that changed between two revisions."""
    sop = item.procedure_version.sop
    diffs = []
    for item_field in sop.fields:
        before, after = _as_text(old.get(item_field.key)), _as_text(new.get(item_field.key))
        if before == after:
            continue
        diffs.append(FieldDiff(item_field.label, tuple(_word_diff(before, after))))
    return diffs


def _as_text(value: object) -> str:
    if isinstance(value, dict):
        return " · ".join(f"{key}: {text}" for key, text in value.items() if text)
    if isinstance(value, list):
        return ", ".join(
            f"berkas #{entry.get('id')} ({entry.get('alt') or 'tanpa teks alternatif'})"
            if isinstance(entry, dict) else str(entry)
            for entry in value
        )
    return "" if value is None else str(value)


def _word_diff(before: str, after: str) -> list[tuple[str, str]]:
    old_words, new_words = before.split(), after.split()
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("same", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            segments.append(("removed", " ".join(old_words[a1:a2])))
        if b2 > b1:
            segments.append(("added", " ".join(new_words[b1:b2])))
    return segments
