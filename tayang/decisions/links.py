"""Issuing decision links, and deciding whether one still works.

A link lets one person act on one item at one step, at the item's version when the link was
made, once. It works until the earliest of: the decision made through it, the item moving
(another version or step), the step's limit (``Item.due_limit``; 72 hours when the step is
untimed or already past its limit), the person losing the role or their membership, a PIN
lock, or its revocation by the person or an organization admin. The same rules that decide
whether a link may be issued decide, at every request, whether it still works.

An outside party's office (:mod:`tayang.parties`) gets links the same way, bound to its own
account, for the steps the definition gives its party; it has no PIN (it has no account to
set one in): the link in its mailbox is the credential, used once (docs/decisions.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, QuerySet
from django.utils import timezone

from tayang import named_urls
from tayang.decisions import tokens
from tayang.decisions.models import DecisionLink, DecisionPin
from tayang.decisions.pins import MAX_FAILURES
from tayang.engine.machine import allowed_actions, duty_conflict
from tayang.engine.state import Status
from tayang.items.models import OUTCOME_LABELS, Item
from tayang.items.workflow import actor_for, state_of
from tayang.parties.lookup import party_of
from tayang.sop.model import Step, StepKind
from tayang.workspace.dates import local_text

# An approval (review or decision) or a publish step: where an official decides.
LINK_STEP_KINDS = (StepKind.REVIEW, StepKind.DECISION, StepKind.PUBLISH)
UNTIMED_LIFETIME = timedelta(hours=72)
_WAITING = (Status.IN_PROGRESS, Status.RETURNED)
NOTHING_CHANGED = "Tidak ada yang diubah."


class Problem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    REVOKED = "revoked"
    MOVED = "moved"
    EXPIRED = "expired"
    NO_ROLE = "no_role"
    DUTY = "duty"
    LOCKED = "locked"
    NO_PIN = "no_pin"
    OTHER_PERSON = "other_person"
    TOO_MANY = "too_many"
    NOT_OPENED = "not_opened"


@dataclass(frozen=True)
class Refusal:
    """Why a link does not work, as the page says it (Bahasa Indonesia)."""

    problem: Problem
    title: str
    message: str
    status: int


# --- issuing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """What a message about an item at a step can offer one person: a decision link, or why
    only their PIN stands in the way of one (``Problem.NO_PIN`` or ``Problem.LOCKED``; None
    when the step is no place for a link or the person may not decide there at all)."""

    url: str | None = None
    missing: Problem | None = None


def offer_link(user: AbstractBaseUser, item: Item, step_key: str, *,
               now: datetime | None = None) -> Offer:
    """A new decision link for ``user`` at ``step_key`` (see :func:`issue_link`), or why not."""
    now = now or timezone.now()
    fresh = (
        Item.objects.select_related("procedure", "procedure_version", "organization")
        .filter(pk=item.pk).first()
    )
    if fresh is None or fresh.step != step_key or fresh.status not in _WAITING:
        return Offer()
    step = fresh.procedure_version.sop.step(step_key)
    if (step.kind not in LINK_STEP_KINDS and step.party is None) or _may_not_decide(
        user, fresh, step
    ) is not None:
        return Offer()
    # An outside office has no account to set a PIN in: its mailbox is the credential
    # (docs/decisions.md, outside parties).
    if party_of(user) is None:
        pin = DecisionPin.objects.filter(user_id=user.pk).first()
        if pin is None:
            return Offer(missing=Problem.NO_PIN)
        if pin.is_locked:
            return Offer(missing=Problem.LOCKED)
    token, token_hash = tokens.new_token()
    DecisionLink.objects.create(
        user=user, item=fresh, step=step_key, item_version=fresh.version,
        token_hash=token_hash, created_at=now, expires_at=expiry(fresh, now),
    )
    return Offer(url=link_address(token))


def issue_link(user: AbstractBaseUser, item: Item, step_key: str, *,
               now: datetime | None = None) -> str | None:
    """The absolute address of a new decision link for ``user`` at ``step_key``, or None.

    None when no link may be issued: the step is not an approval or publish step, the item is
    not waiting there, the person may not act there (role, membership, separation of duties),
    or has no PIN or a locked one. The message then links to the workspace instead.
    """
    return offer_link(user, item, step_key, now=now).url


def expiry(item: Item, now: datetime) -> datetime:
    """The step's limit; 72 hours from now when the step is untimed or already overdue (a
    reminder at the limit or an escalation must still carry a link that works)."""
    if item.due_limit is not None and item.due_limit > now:
        return item.due_limit
    return now + UNTIMED_LIFETIME


def link_address(token: str) -> str:
    """The token rides in the fragment: browsers never send it, so no server or proxy logs it;
    the link page's script reads it and posts it (docs/decisions.md)."""
    base = settings.TAYANG_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{named_urls.reverse('decisions:open')}#{token}"


def pin_page_address() -> str:
    """Where a person sets the PIN (for messages that carry no link because there is none)."""
    return f"{settings.TAYANG_PUBLIC_BASE_URL.rstrip('/')}{named_urls.reverse('decisions:pin')}"


def pin_note(missing: Problem) -> str:
    """One sentence for a message that links to the workspace because of the person's PIN:
    how to decide from a link next time."""
    if missing is Problem.LOCKED:
        return ("Tautan keputusan Anda dikunci setelah PIN salah 5 kali; minta admin organisasi "
                "membukanya (Kelola › Tautan keputusan) agar pesan berikutnya memuat tautan lagi.")
    return (f"Atur PIN keputusan di {pin_page_address()} agar pesan berikutnya memuat tautan "
            "untuk memutuskan langsung dari ponsel.")


# --- using --------------------------------------------------------------------------------------


def find(token: str) -> DecisionLink | None:
    token_hash = tokens.hash_of(token)
    if token_hash is None:
        return None
    return DecisionLink.objects.select_related("user").filter(token_hash=token_hash).first()


def why_not(link: DecisionLink, *, now: datetime | None = None) -> Refusal | None:
    """Why ``link`` does not work now (None when it does). Nothing is changed."""
    now = now or timezone.now()
    item = (
        Item.objects.select_related("procedure", "procedure_version", "organization")
        .get(pk=link.item_id)
    )
    if link.used_at is not None:
        return Refusal(Problem.USED, "Tautan sudah dipakai",
                       f"Tautan ini sudah dipakai untuk memutuskan pada "
                       f"{local_text(link.used_at, item.organization)} dan hanya berlaku sekali."
                       f" {NOTHING_CHANGED}", 410)
    if link.revoked_at is not None:
        by_self = link.revoked_by_id == link.user_id and party_of(link.user) is None
        who = "oleh Anda sendiri" if by_self else "oleh admin organisasi"
        return Refusal(Problem.REVOKED, "Tautan sudah dicabut",
                       f"Tautan ini dicabut {who} pada "
                       f"{local_text(link.revoked_at, item.organization)}. {NOTHING_CHANGED}",
                       410)
    if item.version != link.item_version or item.step != link.step or (
        item.status not in _WAITING
    ):
        return Refusal(Problem.MOVED, "Konten sudah berubah",
                       f"{_what_happened(link, item)} Tautan ini hanya berlaku untuk keadaan "
                       f"konten saat tautan dikirim. {NOTHING_CHANGED}", 410)
    if now >= link.expires_at:
        return Refusal(Problem.EXPIRED, "Tautan sudah kedaluwarsa",
                       f"Tautan ini berlaku sampai {local_text(link.expires_at, item.organization)}"
                       f". {_elsewhere(link, item)} {NOTHING_CHANGED}", 410)
    step = item.procedure_version.sop.step(link.step)
    if refusal := _may_not_decide(link.user, item, step):
        return refusal
    if party_of(link.user) is not None:
        return None  # an office has no PIN: the link from its mailbox is enough
    pin = DecisionPin.objects.filter(user_id=link.user_id).first()
    if pin is None:
        return Refusal(Problem.NO_PIN, "PIN belum diatur",
                       "Tautan keputusan memerlukan PIN, dan PIN Anda sudah dihapus. Atur PIN "
                       f"di halaman profil, atau buka konten dari ruang kerja. {NOTHING_CHANGED}",
                       403)
    if pin.is_locked:
        return locked_refusal()
    return None


def _elsewhere(link: DecisionLink, item: Item) -> str:
    """Where the person can still act: a member in the workspace, an office by asking."""
    if party_of(link.user) is not None:
        return (f"Hubungi {item.organization.name} bila masih perlu menjawab; tautan baru "
                "dikirim bila konten kembali ke langkah Anda.")
    return "Buka konten ini dari ruang kerja."


def locked_refusal(*, just_now: bool = False) -> Refusal:
    first = (f"PIN salah dimasukkan {MAX_FAILURES} kali. " if just_now else "")
    return Refusal(
        Problem.LOCKED, "Tautan keputusan dikunci",
        f"{first}Demi keamanan, semua tautan keputusan Anda dikunci sampai admin organisasi "
        "membukanya (Kelola › Tautan keputusan). Anda tetap dapat memutuskan dari ruang kerja "
        f"setelah masuk dengan kata sandi. {NOTHING_CHANGED}", 403,
    )


def unknown_refusal() -> Refusal:
    return Refusal(
        Problem.UNKNOWN, "Tautan tidak dikenal",
        "Tautan ini tidak dikenal atau tidak lengkap. Bukalah tautan persis seperti yang "
        "dikirim (tanpa dipotong), atau buka konten dari ruang kerja (pihak luar: hubungi "
        f"organisasi yang mengirim e-mail). {NOTHING_CHANGED}", 404,
    )


def other_person_refusal(signed_in: AbstractBaseUser) -> Refusal:
    name = signed_in.get_full_name() or signed_in.get_username()  # type: ignore[attr-defined]
    return Refusal(
        Problem.OTHER_PERSON, "Tautan ini untuk orang lain",
        f"Anda sedang masuk sebagai {name}, sedangkan tautan ini dikirim kepada orang lain. "
        "Tautan keputusan hanya berlaku bagi orang yang dikirimi; keputusan Anda sendiri dapat "
        f"diambil dari ruang kerja. {NOTHING_CHANGED}", 403,
    )


def _may_not_decide(user: AbstractBaseUser, item: Item, step: Step) -> Refusal | None:
    """The person may not act at the step (role, membership, separation of duties)."""
    if not user.is_active and party_of(user) is None:
        return _no_role(item, step)
    sop = item.procedure_version.sop
    actor = actor_for(user, item.procedure)  # active memberships only
    if not set(step.roles) & actor.roles:
        return _no_role(item, step)
    state = state_of(item, sop)
    if conflict := duty_conflict(sop, state, step, actor):
        return Refusal(Problem.DUTY, "Pemisahan tugas",
                       f"{conflict.message} {NOTHING_CHANGED}", 403)
    if not allowed_actions(sop, state, actor):
        return _no_role(item, step)
    return None


def _no_role(item: Item, step: Step) -> Refusal:
    sop = item.procedure_version.sop
    names = ", ".join(sop.role(key).name for key in step.roles)
    if step.party is not None:
        return Refusal(
            Problem.NO_ROLE, "Tautan tidak lagi berlaku untuk kantor Anda",
            f"Langkah {step.number} dikerjakan oleh {names}, dan {item.organization.name} tidak "
            f"lagi mencatat kantor Anda sebagai pihak itu. {NOTHING_CHANGED}", 403,
        )
    return Refusal(
        Problem.NO_ROLE, "Anda tidak lagi memegang peran ini",
        f"Langkah {step.number} hanya dapat diputuskan oleh {names}, dan peran itu (atau "
        f"keanggotaan Anda di {item.organization.name}) tidak lagi Anda pegang. "
        f"{NOTHING_CHANGED}", 403,
    )


def _what_happened(link: DecisionLink, item: Item) -> str:
    """The first thing done to the item after the link was sent, as one sentence."""
    entry = (
        item.log.filter(at__gte=link.created_at).exclude(outcome__in=("taken", "released",
                                                                      "handed_over"))
        .select_related("actor").order_by("at", "pk").first()
    )
    if entry is None:
        return "Konten ini sudah berubah sejak tautan dikirim."
    name = entry.actor.get_full_name() or entry.actor.get_username()
    roles = {role.key: role.name for role in item.procedure_version.sop.roles}
    if entry.role in roles:  # who acted, and in which role: "Dewi Handayani (Kepala Dinas)"
        name = f"{name} ({roles[entry.role]})"
    label = OUTCOME_LABELS.get(entry.outcome, entry.outcome)
    return (f"Sejak tautan ini dikirim, {name} sudah {label} pada "
            f"{local_text(entry.at, item.organization)}.")


# --- revoking and listing -----------------------------------------------------------------------


def open_links(now: datetime | None = None) -> QuerySet[DecisionLink]:
    """Links that still work as far as the link itself goes: not used, revoked, expired, and
    the item still at the version and step they were made for."""
    now = now or timezone.now()
    return DecisionLink.objects.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now,
        item__version=F("item_version"), item__step=F("step"),
    ).select_related("item", "user").order_by("expires_at", "pk")


def revoke(links: QuerySet[DecisionLink], by: AbstractBaseUser, *,
           now: datetime | None = None) -> int:
    """Revoke the given links that are still open; how many were."""
    now = now or timezone.now()
    return links.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by
    )
