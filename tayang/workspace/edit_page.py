"""What the edit form shows: the content form, the uploads, the checklist and — when a hand-in
was refused or the item was sent back — the reasons, at the top, where the person corrects.

A refused hand-in is shown here rather than on the item page: each unmet requirement becomes a
line of an error summary that links to the field it is about, and the field itself carries the
message (``aria-describedby``), so a phone user lands on the summary and jumps to the field.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from tayang.engine.machine import Refused, editable_fields
from tayang.engine.requirements import evaluate, shown_requirements
from tayang.engine.state import ItemState, Status
from tayang.items.content import media_entries
from tayang.items.models import Item, WrittenResponse
from tayang.items.workflow import state_of
from tayang.media.limits import largest_file_limit
from tayang.sop.model import FIVE_W_ONE_H_PARTS, FieldKind, Sop, StepKind
from tayang.workspace.access import OrgRequest
from tayang.workspace.channel_page import ChannelChoices, channel_problems
from tayang.workspace.content_form import ContentForm
from tayang.workspace.item_page import shown_fields
from tayang.workspace.live_language import panel_context

MEDIA_KINDS = (FieldKind.MEDIA, FieldKind.DOCUMENT)


@dataclass(frozen=True)
class Problem:
    """One line of the error summary: the message and the id of the control it is about."""

    message: str
    target: str = ""  # "" when the problem is about no one field (who may act, the version)
    field: str = ""  # the SOP field key, so the field can show the message beside itself


def form_problems(form: ContentForm) -> list[Problem]:
    """The content form's own validation errors, each linked to its input."""
    if not form.is_bound:
        return []
    problems = [Problem(str(error)) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        label = form.fields[name].label if name in form.fields else name
        problems.extend(Problem(f"{label}: {error}", f"id_{name}", name.split("__")[0])
                        for error in errors)
    return problems


def refusal_problems(sop: Sop, refusal: Refused, checklist_texts: list[str],
                     values: dict[str, Any]) -> list[Problem]:
    """The engine's refusal as summary lines, each unmet requirement linked to its control."""
    problems: list[Problem] = []
    for reason in refusal.refusals:
        if not reason.unmet:
            problems.append(Problem(reason.message))
            continue
        for unmet in reason.unmet:
            requirement = unmet.requirement
            if requirement.field and sop.has_field(requirement.field):
                target = _target(sop, requirement.field, requirement.check, values)
                problems.append(Problem(unmet.message, target, requirement.field))
            elif requirement.text in checklist_texts:
                # The confirmation checkbox next to the hand-in button (confirmations.html).
                index = checklist_texts.index(requirement.text) + 1
                problems.append(Problem(unmet.message, f"confirm-{index}"))
            else:
                problems.append(Problem(unmet.message))
    return problems


def _target(sop: Sop, key: str, check: object, values: dict[str, Any]) -> str:
    item_field = sop.field(key)
    if item_field.kind is FieldKind.FIVE_W_ONE_H:
        answers = values.get(key) if isinstance(values.get(key), dict) else {}
        missing = [part for part, _ in FIVE_W_ONE_H_PARTS if not str(answers.get(part) or "")
                   .strip()]
        return f"id_{key}__{(missing or [FIVE_W_ONE_H_PARTS[0][0]])[0]}"
    if item_field.kind in MEDIA_KINDS:
        if getattr(check, "value", "") == "alt_text":
            for entry in media_entries(values, key):
                if not str(entry.get("alt") or "").strip():
                    return f"id_{key}__alt__{entry['id']}"
        return f"files-{key}"
    return f"id_{key}"


def mark_fields(form: ContentForm, problems: Iterable[Problem]) -> dict[str, list[str]]:
    """Point each named input at its message (aria-describedby, aria-invalid); the messages
    by SOP field key, for the template to print beside the field."""
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        if not problem.field:
            continue
        by_field.setdefault(problem.field, []).append(problem.message)
        name = problem.target.removeprefix("id_")
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = " ".join(
                filter(None, [attrs.get("aria-describedby", ""), f"problem-{problem.field}"])
            )
    return by_field


def sent_back_response(item: Item) -> WrittenResponse | None:
    """The written response that sent the item to the step it is at, if that is how it came."""
    if item.step_entered_at is None or not item.step:
        return None
    return (
        item.responses.filter(kind=WrittenResponse.Kind.SENT_BACK, to_step=item.step,
                              created_at__gte=item.step_entered_at)
        .select_related("author").order_by("-created_at", "-pk").first()
    )


def sent_back_responses(items: Collection[Mapping[str, Any]]) -> dict[int, dict[str, Any]]:
    """``sent_back_response`` for a page of inbox rows (each an item's pk, step and
    step_entered_at), in one query: by item, the response's text and its author's names
    (``author__first_name``, ``author__last_name``, ``author__username``), read as values."""
    at_step = {item["pk"]: item for item in items if item["step"] and item["step_entered_at"]}
    found: dict[int, dict[str, Any]] = {}
    rows = WrittenResponse.objects.filter(
        item_id__in=list(at_step), kind=WrittenResponse.Kind.SENT_BACK
    ).order_by().values("pk", "item_id", "to_step", "created_at", "text", "author__first_name",
                        "author__last_name", "author__username")
    # Ordered here, not by the database: asked for created_at order with a full inbox (70
    # items), SQLite walks the index of every sent-back response (kind, created_at) instead
    # of the items' own: 2.4 ms against 0.13 at 20,000 items (2,300 sent back), growing with
    # the organization.
    for response in sorted(rows, key=lambda response: (response["created_at"], response["pk"])):
        item = at_step[response["item_id"]]
        entered = item["step_entered_at"]
        if response["to_step"] == item["step"] and entered is not None \
                and response["created_at"] >= entered:
            found[item["pk"]] = response  # the latest wins (ordered oldest first)
    return found


def edit_context(
    request: OrgRequest, item: Item, form: ContentForm, channels: ChannelChoices, *,
    editable: set[str], refusal: Refused | None = None, confirmed: Collection[str] = (),
) -> dict[str, Any]:
    sop = item.procedure_version.sop
    state: ItemState = state_of(item, sop)
    step = sop.step(item.step)
    checklist = evaluate(sop, shown_requirements(sop, step), state.values)
    problems = form_problems(form)
    if refusal is not None:
        problems += refusal_problems(sop, refusal,
                                     [r.requirement.text for r in checklist], item.values)
    return {
        "form": form, "sop": sop, "procedure": item.procedure, "item": item,
        "step": step, "checklist": checklist,
        "can_hand_in": step.kind is StepKind.HANDIN,
        "media_fields": [f for f in sop.fields if f.kind in MEDIA_KINDS and f.key in editable],
        "shown": {f.key: f for f in shown_fields(sop, item)},
        "first_step": sop.first_step,
        "channel_choices": channels,
        "channel_problems": channel_problems(item),
        "file_limit": largest_file_limit(),  # the uploader refuses larger files unsent
        "problems": problems,
        "refused": refusal is not None,
        "field_problems": mark_fields(form, problems),
        "confirmed": set(confirmed),
        "sent_back": sent_back_response(item),
        **panel_context(sop, form.fields, reverse("workspace:item-language-check", kwargs={
            "org": request.organization.slug, "pk": item.pk})),
    }


def editable_fields_of(sop: Sop, item: Item) -> set[str]:
    if not item.step or item.status == Status.ARCHIVED:
        return set()
    return set(editable_fields(sop, sop.step(item.step)))
