"""The one way an item changes: ask the engine, then save its answer in one transaction.

Views call :func:`create_item` and :func:`perform`; they never decide workflow rules. Each call
locks the item row, checks the version the person was looking at (so that of two people acting
at the same moment exactly one succeeds), lets the engine decide, and writes the new state with
every record the engine's events call for, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from tayang.engine.actions import (
    Action,
    Actor,
    Approve,
    ChooseRoute,
    Correct,
    Edit,
    HandIn,
    Publish,
)
from tayang.engine.due import Due
from tayang.engine.machine import Refusal, RefusalReason, Refused, decide, start
from tayang.engine.state import ApprovalMark, ItemState, Status
from tayang.items import facts, records
from tayang.items.assets import named_assets, own_files, remember_assets
from tayang.items.content import asset_ids, engine_values
from tayang.items.locked import current_procedure, is_member, locked_item, split_roles
from tayang.items.models import Item
from tayang.items.signals import checking_action
from tayang.media.models import MediaAsset
from tayang.orgs.calendar import calendar_for
from tayang.orgs.models import Organization
from tayang.outbox import batch as outbox_batch
from tayang.parties.lookup import party_keys, party_of
from tayang.procedures.models import Procedure, ProcedureVersion, RoleGrant
from tayang.rows.inserting import insert_one
from tayang.sop.model import FieldKind, Sop


@dataclass(frozen=True)
class Result:
    """What happened to a request: done, refused by the SOP, or overtaken by someone else."""

    item: Item | None
    refusal: Refused | None = None
    conflict: bool = False
    # The item as it stood before the action (what the view's message compares with), so
    # the view need not read the item before acting.
    step_before: str = ""
    registered_before: str = ""

    @property
    def ok(self) -> bool:
        return self.refusal is None and not self.conflict and self.item is not None

    @property
    def message(self) -> str:
        if self.conflict:
            return (
                "Konten ini baru saja diproses oleh orang lain. Halaman telah dimuat ulang; "
                "periksa keadaannya sekarang sebelum bertindak lagi."
            )
        return self.refusal.message if self.refusal else ""


def roles_of(user: AbstractBaseUser, procedure: Procedure) -> frozenset[str]:
    """The SOP roles ``user`` holds in the procedure's organization (active members only).

    An outside party's account (:mod:`tayang.parties`) holds the definition party keys its
    office fills instead; it has no membership, so never a role.
    """
    if not user.is_authenticated:
        return frozenset()
    if party_of(user) is not None:
        return party_keys(user, procedure)
    return frozenset(
        RoleGrant.objects.filter(
            procedure=procedure,
            membership__user=user,
            membership__is_active=True,
            membership__organization_id=procedure.organization_id,
        ).values_list("role_key", flat=True)
    )


def actor_for(user: AbstractBaseUser, procedure: Procedure) -> Actor:
    return Actor(id=str(user.pk), roles=roles_of(user, procedure), name=user.get_username())


def create_item(
    procedure: Procedure, user: AbstractBaseUser, values: dict[str, object] | None = None,
    *, unit_id: int | None = None, now: datetime | None = None,
    acting_as: Actor | None = None, version: ProcedureVersion | None = None,
    savepoint: bool = True,
) -> Result:
    """Start a draft under the procedure's current version, if ``user`` may do its first step.

    ``acting_as`` replaces the roles read from ``user``'s grants: the schedule
    (:mod:`tayang.items.scheduling`) starts items that way, and the *Konten baru* view hands
    over the actor and the ``version`` it has just read (not read twice per request).
    ``savepoint``: as in :func:`perform`.
    """
    now = now or timezone.now()
    version = version or procedure.current
    sop = version.sop
    stored = _known_values(sop, values or {})
    organization = procedure.organization
    outcome = start(sop, acting_as or actor_for(user, procedure), now, organization.zone,
                    engine_values(sop, stored, {}), calendar=calendar_for(organization, sop))
    if isinstance(outcome, Refused):
        return Result(None, outcome)
    with outbox_batch.atomic(savepoint=savepoint):  # its tasks' rows written in it
        item = Item(
            organization=organization, procedure=procedure, procedure_version=version,
            unit_id=unit_id, created_by=user, values=stored, created_at=now,
        )
        _store_state(item, sop, outcome.state, stored)
        insert_one(item)  # as ``item.save()``, the statement written once
        records.write(item, sop, outcome.events, user, state=outcome.state)
    return Result(item)


def perform(
    item_id: int, user: AbstractBaseUser, action: Action, *,
    expected_version: int | None = None, now: datetime | None = None, via: str = "",
    organization: Organization | None = None, savepoint: bool = True,
    locked: Item | None = None,
) -> Result:
    """Carry out ``action`` by ``user`` on an item, or say why not; never half-done.

    ``Edit.changes`` and ``ChooseRoute`` are given in stored form (ISO dates, media as
    ``{"id", "alt"}`` entries); they are translated for the engine here. ``via`` is recorded
    in the history entry: ``"link"`` when the person decided through a decision link.
    ``organization``: the item must be one of its items (``Item.DoesNotExist`` otherwise) —
    the workspace's access check done by the locked read itself, the row read once.
    ``savepoint=False``: the caller's own transaction holds the action with what it writes
    beside it (the edit form's channels) and is rolled back whole by any error, so the
    action's block needs no savepoint of its own (two statements fewer).
    ``locked``: the item as :func:`lock` gave it to the caller, in the caller's transaction
    still open (the edit form checks and fills itself from it: the item is read once).
    """
    now = now or timezone.now()
    with outbox_batch.atomic(savepoint=savepoint):  # its tasks' rows written in it
        if locked is not None:
            if locked.pk != item_id:
                raise AssertionError
            item = locked
        else:
            item = lock(item_id, user, organization=organization)
        if expected_version is not None and item.version != expected_version:
            return Result(item, conflict=True)
        sop = item.procedure_version.sop
        stored = dict(item.values)
        engine_action = action
        if isinstance(action, Edit | Correct):
            changes = _known_values(sop, dict(action.changes))
            if problem := _foreign_assets(item, sop, changes):
                return Result(item, Refused((Refusal(RefusalReason.INVALID, problem),)))
            stored = {**stored, **changes}
            engine_action = replace(action, changes=_engine_changes(item, sop, stored, changes))
        elif isinstance(action, ChooseRoute):
            stored = {**stored, action.field: action.value}
        elif isinstance(action, HandIn | Approve) and action.route:
            stored = {**stored, **_known_values(sop, dict(action.route))}
        state = state_of(item, sop)
        actor = actor_of(item, user)
        outcome = decide(sop, state, engine_action, actor, now, item.organization.zone,
                         calendar=calendar_for(item.organization, sop))
        if isinstance(outcome, Refused):
            return Result(item, name_who_else(item, outcome))
        if problems := _outside_checks(item, action):
            return Result(item, Refused((Refusal(RefusalReason.REQUIREMENTS, " ".join(problems)),)))
        before = {"step_before": item.step, "registered_before": item.register_code}
        _store_state(item, sop, outcome.state, stored)
        records.write(item, sop, outcome.events, user, via=via, save_item=True,
                      state=outcome.state)
    return Result(item, **before)


def lock(item_id: int, user: AbstractBaseUser, *,
         organization: Organization | None = None) -> Item:
    """The item, locked until the caller's transaction ends, as an action reads it: in one
    statement with its SOP, version, unit and, for a member, the person's roles
    (``items/locked.py``); ``Item.DoesNotExist`` when not found (in ``organization``)."""
    item = locked_item(item_id, user, organization=organization)
    # The engine, the records, the channels and the website share the files read with it.
    remember_assets(item, own_files(item.own_files_read))  # type: ignore[attr-defined]
    records.remember_columns(item)
    return item


def actor_of(item: Item, user: AbstractBaseUser) -> Actor:
    """The engine's actor for ``user`` on an item read by :func:`lock` (the roles read with
    it; an outside party's office is asked separately, ``roles_of``)."""
    return _actor(user, item.procedure, getattr(item, "actor_role_keys", None))


def starting(organization: Organization, key: str, user: AbstractBaseUser
             ) -> tuple[Procedure, ProcedureVersion, Actor]:
    """An active SOP of the organization, its current version and ``user`` as its actor:
    what *Konten baru* needs, read in one statement (``locked.current_procedure``).
    ``Procedure.DoesNotExist`` when there is no such SOP."""
    procedure, version, keys = current_procedure(organization, key, user)
    return procedure, version, _actor(user, procedure, keys)


def _actor(user: AbstractBaseUser, procedure: Procedure, keys: str | None) -> Actor:
    if is_member(user):
        return Actor(id=str(user.pk), roles=split_roles(keys), name=user.get_username())
    return actor_for(user, procedure)


def _outside_checks(item: Item, action: Action) -> list[str]:
    """What other apps refuse in an accepted hand-in or publish (e.g. a channel's limits)."""
    if not isinstance(action, HandIn | Publish):
        return []
    answers = checking_action.send(sender=Item, item=item, action=action)
    return [problem for _, problems in answers for problem in problems or ()]


def state_of(item: Item, sop: Sop, assets: dict[int, MediaAsset] | None = None) -> ItemState:
    """The engine's view of a stored item; ``assets`` are its files when the caller has them."""
    if assets is None:
        assets = named_assets(item, sop)
    return ItemState(
        status=Status(item.status),
        step=item.step or None,
        values={**engine_values(sop, item.values, assets), **facts.gathered(item, sop)},
        step_entered_at=item.step_entered_at,
        due=Due(item.due_target, item.due_limit),
        created_at=item.created_at,
        created_by=str(item.created_by_id),
        handed_in_at=item.handed_in_at,
        published_at=item.published_at,
        finished_at=item.finished_at,
        archived_at=item.archived_at,
        passed=tuple(item.passed),
        handed_in_by=tuple(item.handed_in_by),
        edited_by=item.edited_by or None,
        edited_at_step=item.edited_at_step or None,
        approvals=tuple(ApprovalMark(*entry) for entry in item.approved_by),
        correcting=item.correcting,
        revision=item.revision,
        version=item.version,
    )


def _store_state(item: Item, sop: Sop, state: ItemState, stored: dict[str, object]) -> None:
    if (state.step or "") != item.step or state.step_entered_at != item.step_entered_at:
        # Taking an item is for one visit of one step; the next step's people start afresh.
        item.taken_by = None
        item.taken_at = None
    item.values = stored
    item.status = state.status.value
    item.step = state.step or ""
    item.step_entered_at = state.step_entered_at
    item.due_target = state.due.target
    item.due_limit = state.due.limit
    item.handed_in_at = state.handed_in_at
    item.published_at = state.published_at
    item.finished_at = state.finished_at
    item.archived_at = state.archived_at
    item.passed = list(state.passed)
    item.handed_in_by = list(state.handed_in_by)
    item.edited_by = state.edited_by or ""
    item.edited_at_step = state.edited_at_step or ""
    item.correcting = state.correcting
    item.approved_by = [
        [mark.step, mark.actor, mark.revision, mark.role] for mark in state.approvals
    ]
    item.revision = state.revision
    item.version = state.version
    title_field = sop.title_field
    if title_field is not None:
        item.title = str(stored.get(title_field.key) or "")[:300]
    activity_field = sop.activity_date_field
    raw_activity = stored.get(activity_field.key) if activity_field else None
    item.activity_date = (
        datetime.fromisoformat(raw_activity[:10]).date()
        if isinstance(raw_activity, str) and len(raw_activity) >= 10
        else None
    )


def name_who_else(item: Item, refused: Refused) -> Refused:
    """Complete a separation-of-duties refusal with the people who may act instead.

    The engine knows roles, not people: it says who may not act, and this names the active
    members holding one of the step's roles who are free to, or says that nobody is.
    """
    completed = []
    for refusal in refused.refusals:
        if refusal.reason is RefusalReason.SEPARATION:
            others = _other_holders(item, refusal.roles, set(refusal.excluded) | set(
                item.handed_in_by
            ))
            addition = (
                f" Yang dapat mengerjakannya: {', '.join(others)}."
                if others
                else " Belum ada anggota lain yang memegang peran itu; minta admin organisasi "
                "menugaskan seseorang."
            )
            refusal = replace(refusal, message=refusal.message + addition)
        completed.append(refusal)
    return Refused(tuple(completed))


def _other_holders(item: Item, roles: tuple[str, ...], excluded: set[str]) -> list[str]:
    grants = (
        RoleGrant.objects.filter(
            procedure_id=item.procedure_id, role_key__in=roles, membership__is_active=True,
            membership__organization_id=item.organization_id,
        )
        .select_related("membership__user")
        .order_by("membership__user__first_name", "membership__user__username")
    )
    names: dict[int, str] = {}
    for grant in grants:
        user = grant.membership.user
        if str(user.pk) not in excluded and user.is_active:
            names[user.pk] = user.get_full_name() or user.get_username()
    return list(names.values())


def _known_values(sop: Sop, values: dict[str, object]) -> dict[str, object]:
    """Only the SOP's own fields are ever stored; anything else a form sends is dropped."""
    return {key: value for key, value in values.items() if sop.has_field(key)}


def _foreign_assets(item: Item, sop: Sop, changes: dict[str, object]) -> str:
    # Read through the action's memo: the files of the changed content are, nearly always,
    # those the engine's view of the item and the approval hash read next (one query).
    wanted = asset_ids(sop, changes)
    if not wanted:
        return ""
    if wanted - set(named_assets(item, sop, _stored_with(item, changes), own=True)):
        return "Berkas yang dipilih bukan milik konten ini."
    return ""


def _stored_with(item: Item, changes: dict[str, object]) -> dict[str, object]:
    return {**item.values, **changes}


def _engine_changes(
    item: Item, sop: Sop, stored: dict[str, object], changes: dict[str, object]
) -> dict[str, object]:
    media_keys = [f.key for f in sop.fields if f.kind in (FieldKind.MEDIA, FieldKind.DOCUMENT)]
    assets = (named_assets(item, sop, stored) if any(key in changes for key in media_keys)
              else {})
    converted = engine_values(sop, stored, assets)
    return {key: converted[key] for key in changes}
