"""Taking an item at its current step (*Saya tangani*), and an admin handing it on.

Taking says "I am on it": the others holding the step's role see who has it, and messages
about the item go to that person (the notifications read ``Item.taken_by``). It is not an SOP
action and changes none of the engine's rules — any holder of the role may still act — so the
engine's state and the item's ``version`` are left alone: pages open elsewhere and decision
links stay valid. The workflow clears it whenever the item changes step
(``tayang.items.workflow._store_state``).

Each change locks the item row and compares what the person saw — the item's version (it has
not moved) and who held it (nobody, or whom) — with what stands now, like every action: of two
people taking at once exactly one does, and the other is told who has it. Every change is
recorded in the item's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tayang.engine.actions import Actor
from tayang.engine.machine import duty_conflict
from tayang.engine.state import ACTIVE, ItemState
from tayang.items.models import Item, LogEntry
from tayang.items.workflow import actor_for, state_of
from tayang.orgs.models import Membership
from tayang.procedures.models import RoleGrant
from tayang.sop.model import Step, StepKind

# Drafts and returns at the first steps belong to their author; only the steps that wait for
# whoever holds a role can be taken.
_PERSONAL_KINDS = (StepKind.WORK, StepKind.HANDIN)
MOVED = (
    "Konten ini baru saja berpindah langkah atau diubah orang lain. Halaman telah dimuat "
    "ulang; periksa keadaannya sekarang."
)


@dataclass(frozen=True)
class Taking:
    """What became of a request to take, release or hand over: done, or why not."""

    done: bool
    message: str
    conflict: bool = False  # somebody else changed the item first


def person_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


def takeable_step(item: Item) -> Step | None:
    """The item's current step when it can be taken there, else None."""
    if item.status not in ACTIVE or not item.step:
        return None
    step = item.procedure_version.sop.step(item.step)
    return None if step.kind in _PERSONAL_KINDS else step


def why_not_take(item: Item, user: AbstractBaseUser, state: ItemState | None = None,
                 actor: Actor | None = None) -> str:
    """Why ``user`` may not take the item at its current step ("" when they may); the item
    page passes the state and the actor it has already read."""
    step = takeable_step(item)
    if step is None:
        return "Konten ini tidak sedang menunggu di langkah yang dapat ditangani."
    if not user.is_active:
        return "Akun ini tidak aktif."
    sop = item.procedure_version.sop
    actor = actor or actor_for(user, item.procedure)
    if not set(step.roles) & actor.roles:
        names = ", ".join(sop.role(key).name for key in step.roles)
        return f"Langkah {step.number} hanya dapat ditangani oleh {names}."
    if conflict := duty_conflict(sop, state or state_of(item, sop), step, actor):
        return conflict.message
    return ""


def candidates(item: Item) -> list[AbstractBaseUser]:
    """The active members who may take the item at its current step, by name."""
    step = takeable_step(item)
    if step is None:
        return []
    user_ids = RoleGrant.objects.filter(
        procedure_id=item.procedure_id, role_key__in=step.roles, membership__is_active=True,
        membership__organization_id=item.organization_id, membership__user__is_active=True,
    ).values_list("membership__user_id", flat=True)
    people = get_user_model().objects.filter(pk__in=set(user_ids)).order_by(
        "first_name", "username"
    )
    state = state_of(item, item.procedure_version.sop)
    return [person for person in people if not why_not_take(item, person, state)]


def is_admin(item: Item, user: AbstractBaseUser) -> bool:
    return Membership.objects.filter(
        organization_id=item.organization_id, user_id=user.pk, is_active=True, is_admin=True
    ).exists()


def take(
    item_id: int, user: AbstractBaseUser, *, expected_version: int,
    expected_holder: int | None, now: datetime | None = None,
) -> Taking:
    """``user`` takes the item at its current step, if they may and nobody has it."""
    now = now or timezone.now()
    with transaction.atomic():
        item = _locked(item_id)
        if stale := _stale(item, expected_version, expected_holder, user):
            return stale
        if item.taken_by_id == user.pk:
            return Taking(True, "Anda sudah menangani konten ini.")
        if item.taken_by is not None:
            return Taking(False, f"Konten ini sudah ditangani oleh {person_name(item.taken_by)}.")
        if problem := why_not_take(item, user):
            return Taking(False, problem)
        role = _held_role(item, user)
        _set_holder(item, user, now)
        _log(item, user, role, "take", "taken", "", now)
    return Taking(True, "Anda menangani konten ini. Pemegang peran lain melihat bahwa konten "
                        "ini sedang Anda tangani; pesan tentang konten ini dikirim kepada Anda.")


def release(
    item_id: int, user: AbstractBaseUser, *, expected_version: int,
    expected_holder: int | None, now: datetime | None = None,
) -> Taking:
    """The person who took the item, or an admin, lets it go back to every holder of the role."""
    now = now or timezone.now()
    with transaction.atomic():
        item = _locked(item_id)
        if stale := _stale(item, expected_version, expected_holder, user):
            return stale
        holder = item.taken_by
        if holder is None:
            return Taking(False, "Konten ini tidak sedang ditangani siapa pun.")
        admin = is_admin(item, user)
        if holder.pk != user.pk and not admin:
            return Taking(False, "Hanya yang menangani konten ini atau admin organisasi yang "
                                 "dapat melepas penanganannya.")
        role = _held_role(item, user) if holder.pk == user.pk else ""
        detail = "" if holder.pk == user.pk else f"sebelumnya ditangani {person_name(holder)}"
        _set_holder(item, None, now)
        _log(item, user, role, "release", "released", detail, now)
    return Taking(True, "Penanganan dilepas; konten ini kembali menunggu semua pemegang peran.")


def hand_over(
    item_id: int, admin: AbstractBaseUser, to_user_id: int, *, expected_version: int,
    expected_holder: int | None, now: datetime | None = None,
) -> Taking:
    """An organization admin gives the item to another member who may act at its step."""
    now = now or timezone.now()
    with transaction.atomic():
        item = _locked(item_id)
        if not is_admin(item, admin):
            return Taking(False, "Hanya admin organisasi yang dapat menyerahkan penanganan "
                                 "kepada orang lain.")
        if stale := _stale(item, expected_version, expected_holder, admin):
            return stale
        target = get_user_model().objects.filter(pk=to_user_id).first()
        if target is None:
            return Taking(False, "Pilih anggota yang akan menangani konten ini.")
        if item.taken_by_id == target.pk:
            return Taking(False, f"Konten ini sudah ditangani oleh {person_name(target)}.")
        if problem := why_not_take(item, target):
            return Taking(False, f"{person_name(target)} tidak dapat menanganinya: {problem}")
        before = item.taken_by
        detail = f"kepada {person_name(target)}" + (
            f" (sebelumnya {person_name(before)})" if before is not None else ""
        )
        _set_holder(item, target, now)
        _log(item, admin, "", "hand_over", "handed_over", detail, now)
    return Taking(True, f"Konten ini sekarang ditangani oleh {person_name(target)}.")


def _locked(item_id: int) -> Item:
    return (
        # Only the item's row is locked. The holder is not joined: after waiting for the lock
        # PostgreSQL re-reads the item's row but not an outer-joined one, so a joined holder
        # could be stale; ``item.taken_by`` is read afresh from ``taken_by_id`` instead.
        Item.objects.select_for_update(of=("self",))
        .select_related("procedure", "procedure_version", "organization")
        .get(pk=item_id)
    )


def _stale(item: Item, expected_version: int, expected_holder: int | None,
           user: AbstractBaseUser) -> Taking | None:
    """The item moved, or someone else took or handed it since the person looked."""
    if item.version != expected_version:
        return Taking(False, MOVED, conflict=True)
    if item.taken_by_id != expected_holder:
        if item.taken_by is None:
            return Taking(False, "Penanganan konten ini baru saja dilepas. Periksa keadaannya "
                                 "sekarang.", conflict=True)
        who = "Anda" if item.taken_by_id == user.pk else person_name(item.taken_by)
        return Taking(False, f"Konten ini baru saja diambil: sekarang ditangani oleh {who}.",
                      conflict=True)
    return None


def _held_role(item: Item, user: AbstractBaseUser) -> str:
    step = item.procedure_version.sop.step(item.step)
    roles = actor_for(user, item.procedure).roles
    return next((role for role in step.roles if role in roles), "")


def _set_holder(item: Item, user: AbstractBaseUser | None, now: datetime) -> None:
    item.taken_by = user  # type: ignore[assignment]
    item.taken_at = now if user is not None else None
    item.save(update_fields=["taken_by", "taken_at", "updated_at"])


def _log(item: Item, user: AbstractBaseUser, role: str, action: str, outcome: str,
         detail: str, now: datetime) -> None:
    LogEntry.objects.create(
        item=item, at=now, actor=user, role=role, action=action, step=item.step,
        outcome=outcome, detail=detail, revision=item.revision,
    )
