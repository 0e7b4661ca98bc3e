"""The words of every message, in Bahasa Indonesia, short enough for a phone's lock screen.

A message is a title (the line a lock screen shows, at most :data:`TITLE_MAX` characters) and
a short body; every message about an item carries a link straight to it. What is stored (the
workspace list) never holds a personal link: the link a sent message carries is made when it
is sent, by :func:`action_url`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from tayang import named_urls
from tayang.decisions.links import offer_link, pin_note
from tayang.engine.events import ReminderStage
from tayang.engine.moments import moment_text
from tayang.items.models import Item, Publication
from tayang.notify.media.base import Outgoing
from tayang.notify.models import Notification
from tayang.parties.lookup import party_of
from tayang.sop.model import Sop, Step
from tayang.web.paths import path_to

TITLE_MAX = 90
BODY_MAX = 260  # 240 until dates named their day ("Senin, 2 Mar 2026, pukul 14.00 WIB")
QUOTE_MAX = 160


@dataclass(frozen=True)
class Words:
    title: str
    body: str


def shorten(text: str, limit: int) -> str:
    """One line, at most ``limit`` characters, cut at a word with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"


def _headline(label: str, item: Item) -> str:
    return shorten(f"{label}: {item.title or f'Konten #{item.pk}'}", TITLE_MAX)


def _step_name(sop: Sop, step: Step) -> str:
    roles = ", ".join(sop.role(key).name for key in step.roles)
    return f"Langkah {step.number} ({roles})"


def _when(item: Item, moment: datetime | None) -> str:
    """``Senin, 2 Mar 2026, pukul 14.00 WIB``; the end of a day as ``…, pukul 24.00 WIB``, as
    Indonesian offices write it ("Hari H" ends at local midnight, which 00.00 of the next day
    misreads). The same words as the pages (:mod:`tayang.engine.moments`)."""
    if moment is None:
        return ""
    return moment_text(moment, item.organization.zone, limit=True,
                       zone_label=item.organization.zone_abbreviation)


def _code(item: Item) -> str:
    return f"No. {item.register_code}. " if item.register_code else ""


# --- the messages -------------------------------------------------------------------------------


def arrived(item: Item, sop: Sop, step: Step) -> Words:
    """The item waits at ``step``; says so when it arrives already late (its reminders for the
    stages already past are this message, see :func:`tayang.notify.wakeups.keep`)."""
    entered = item.step_entered_at
    label, due = "Menunggu Anda", ""
    if item.due_limit is not None:
        due = f" Batas waktu {_when(item, item.due_limit)}."
        if entered is not None and item.due_limit <= entered:
            label = "Menunggu Anda (terlambat)"
            due = f" Batas waktu {_when(item, item.due_limit)} sudah lewat."
        elif entered is not None and item.due_target is not None and item.due_target <= entered:
            label = "Menunggu Anda (lewat target)"
    if step.party is not None:
        # An office outside the organization: say who asks and what, it knows nothing else.
        asker = item.organization.short_name or item.organization.name
        what = shorten(f"{asker} meminta {sop.role(step.party).name}: {step.activity}",
                       BODY_MAX - len(due) - 1).rstrip(".")
        return Words(_headline(f"Permintaan {asker}", item),
                     f"{what}.{due} Jawab melalui tautan berikut (tanpa akun).")
    what = shorten(f"{_code(item)}{_step_name(sop, step)}: {step.activity}",
                   BODY_MAX - len(due) - 1).rstrip(".")
    # A cut activity ends with its ellipsis, not "…." (seed C's long step names).
    end = "" if what.endswith("…") else "."
    return Words(_headline(label, item), f"{what}{end}{due}")


def sent_back(item: Item, sop: Sop, from_step: Step, to_step: Step, response: str) -> Words:
    if to_step.party is not None:
        # Sent back to an office outside the organization: who sends it, why, what is asked.
        asker = item.organization.short_name or item.organization.name
        return Words(
            _headline(f"Dikembalikan oleh {asker}", item),
            shorten(f"“{shorten(response, QUOTE_MAX)}” Yang diminta: {to_step.activity}. "
                    "Jawab melalui tautan berikut (tanpa akun).", BODY_MAX),
        )
    who = ", ".join(sop.role(key).name for key in from_step.roles)
    return Words(
        _headline("Dikembalikan", item),
        shorten(f"{who} mengembalikan ke langkah {to_step.number}: "
                f"“{shorten(response, QUOTE_MAX)}”", BODY_MAX),
    )


def no_office(item: Item, sop: Sop, step: Step) -> Words:
    party = sop.role(step.party or "").name
    return Words(
        _headline("Pihak luar belum diisi", item),
        shorten(f"{_code(item)}Langkah {step.number} dikerjakan {party}, tetapi belum ada "
                "kantor aktif yang mengisinya. Isi di Kelola › Pihak luar; kantor yang diisi "
                "langsung dikirimi tautan.", BODY_MAX),
    )


def reminder(item: Item, sop: Sop, step: Step, stage: ReminderStage) -> Words:
    if stage is ReminderStage.TARGET:
        return Words(
            _headline("Lewat target", item),
            shorten(f"{_step_name(sop, step)} melewati target {_when(item, item.due_target)}; "
                    f"batas waktunya {_when(item, item.due_limit)}.", BODY_MAX),
        )
    return Words(
        _headline("Terlambat", item),
        shorten(f"{_step_name(sop, step)} melewati batas waktu {_when(item, item.due_limit)}. "
                "Mohon segera ditangani.", BODY_MAX),
    )


def escalation(item: Item, sop: Sop, step: Step, stage: ReminderStage,
               people: Sequence[str]) -> Words:
    label = "Eskalasi kedua" if stage is ReminderStage.ESCALATION_AGAIN else "Eskalasi"
    held = (f"Ditangani {', '.join(people)}." if item.taken_by_id and people
            else f"Pemegang peran: {', '.join(people)}." if people
            else "Belum ada anggota yang memegang peran langkah ini.")
    return Words(
        _headline(f"{label} — terlambat", item),
        shorten(f"{_step_name(sop, step)} terlambat sejak {_when(item, item.due_limit)}. "
                f"{held}", BODY_MAX),
    )


def published(item: Item, lines: Iterable[str]) -> Words:
    """One line per channel: where the item can be seen now."""
    return Words(_headline("Sudah tayang", item),
                 "\n".join(shorten(line, 140) for line in lines))


def channel_problem(item: Item, publication: Publication, channel_name: str) -> Words:
    label = ("Kanal perlu diperiksa" if publication.state == Publication.State.NEEDS_CHECK
             else "Kanal gagal")
    return Words(
        shorten(f"{label}: {channel_name} — {item.title or f'Konten #{item.pk}'}", TITLE_MAX),
        shorten(publication.error or "Tanpa keterangan dari platform.", BODY_MAX),
    )


def digest(count: int, overdue: int, lines: Sequence[str]) -> Words:
    late = f", {overdue} terlambat" if overdue else ""
    return Words(f"Ringkasan harian: {count} konten menunggu Anda{late}",
                 "\n".join(lines))


def delivery_failed(person: str, medium: str, title: str, reason: str) -> Words:
    return Words(
        shorten(f"Pemberitahuan gagal terkirim ke {person} ({medium})", TITLE_MAX),
        shorten(f"“{title}”: {reason}", BODY_MAX),
    )


# --- links --------------------------------------------------------------------------------------


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.TAYANG_PUBLIC_BASE_URL.rstrip("/") + path


def item_path(item: Item) -> str:
    return path_to("workspace:item", org=item.organization.slug, pk=item.pk)


@dataclass(frozen=True)
class ActionLink:
    """The link a message asking a person to act carries, and the sentence that goes with it."""

    url: str
    note: str = ""


def action_url(user: AbstractBaseUser, item: Item, step_key: str) -> ActionLink:
    """The link a sent message about ``item`` waiting at ``step_key`` carries for ``user``.

    At an approval or publish step: a signed decision link of the person's own
    (:func:`tayang.decisions.links.offer_link`, docs/decisions.md), so an official decides
    from the message without signing in. Anywhere else, or when no link may be issued, the
    item's page in the workspace (absolute, on ``TAYANG_PUBLIC_BASE_URL``) — never a decision
    link that cannot be used. When only the person's PIN kept the decision link out (none set,
    or locked), the note says in one sentence how to have one next time.

    It is called once per sent message, at sending time, and its result is never stored,
    logged or written into a journal (a decision link is a credential).
    """
    offer = offer_link(user, item, step_key)
    if offer.url:
        return ActionLink(offer.url)
    note = pin_note(offer.missing) if offer.missing else ""
    return ActionLink(absolute(item_path(item)), note)


# --- a message as it is sent --------------------------------------------------------------------

# Messages asking the person to act at the step: their link is the one :func:`action_url` makes.
ASKS_TO_ACT = frozenset({"arrived", "sent_back", "target", "limit"})


def outgoing(notification: Notification, key: str) -> Outgoing:
    """The notification as one medium sends it, with its link made now (never stored)."""
    item = notification.item
    if item is not None and notification.kind in ASKS_TO_ACT and notification.step:
        action = action_url(notification.user, item, notification.step)
    else:
        action = ActionLink(absolute(notification.link) if notification.link else "")
    organization = notification.organization
    return Outgoing(
        key=key, kind=notification.kind, title=notification.title, body=notification.body,
        link=action.url, note=action.note,
        organization=organization.short_name or organization.name,
    )


def email_footer(notification: Notification) -> str:
    organization = notification.organization
    if party_of(notification.user) is not None:
        # An office outside the organization: no account, no preferences page.
        return (
            f"Pesan otomatis Tayang dari {organization.name} untuk "
            f"{notification.user.get_full_name()}. Tautan di atas hanya untuk kantor Anda, "
            "berlaku sekali sampai batas waktu langkah; jangan diteruskan. Bila pesan ini "
            f"salah alamat, beri tahu {organization.name}."
        )
    return (
        f"Pesan otomatis Tayang untuk {organization.short_name or organization.name}. "
        f"Atur ke mana dan kapan Tayang menghubungi Anda: "
        f"{absolute(named_urls.reverse('notify:preferences'))}"
    )
