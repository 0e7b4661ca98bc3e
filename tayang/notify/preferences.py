"""A person's choices as the senders read them, with the defaults of someone who chose nothing.

Someone who never opened their page is reached in the workspace and, when their account has
an e-mail address, by e-mail; quiet hours are 21.00–06.00 in the organization's zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser

from tayang.notify.models import Medium, Messaging, Preference, TelegramLink
from tayang.orgs.models import Organization


def preference_of(user: AbstractBaseUser, *, fresh: bool = False) -> Preference:
    """The person's saved choices, or the defaults (unsaved) when they made none.

    ``fresh`` reads the database even when ``user`` carries choices read earlier.
    """
    if fresh:
        return Preference.objects.filter(user=user).first() or Preference(user=user)
    try:
        return user.notify_preference  # type: ignore[attr-defined]
    except Preference.DoesNotExist:
        return Preference(user=user)


def messaging_of(organization: Organization | int) -> Messaging | None:
    organization_id = organization if isinstance(organization, int) else organization.pk
    return Messaging.objects.filter(organization_id=organization_id).first()


def telegram_link(user: AbstractBaseUser, organization_id: int) -> TelegramLink | None:
    return TelegramLink.objects.filter(user=user, organization_id=organization_id,
                                       blocked_at__isnull=True).first()


def preferences_of(people: Iterable[AbstractBaseUser]) -> dict[int, Preference]:
    """The choices of several people in one query, defaults for those who made none.

    People read with their choices (``select_related("notify_preference")``, as
    :func:`tayang.notify.recipients.holders` does) cost no query.
    """
    people = list(people)
    found: dict[int, Preference | None] = {}
    for person in people:
        if type(person).notify_preference.is_cached(person):  # type: ignore[attr-defined]
            found[person.pk] = getattr(person, "notify_preference", None)
    unread = [person.pk for person in people if person.pk not in found]
    if unread:
        found.update({preference.user_id: preference
                      for preference in Preference.objects.filter(user__in=unread)})
    return {person.pk: found.get(person.pk) or Preference(user=person) for person in people}


def needs_messaging(preferences: Iterable[Preference]) -> bool:
    """Whether anyone's choices go beyond e-mail (the organization's messaging is read then)."""
    return any(preference.by_telegram or (preference.by_whatsapp and preference.whatsapp_number)
               for preference in preferences)


def chosen_media(user: AbstractBaseUser, organization: Organization, preference: Preference,
                 messaging: Messaging | None) -> list[Medium]:
    """The media beyond the workspace that a message about ``organization`` goes to now,
    from the person's choices and the organization's messaging (read once for everyone told:
    :func:`preferences_of`, :func:`messaging_of`)."""
    chosen = []
    if preference.by_email and user.email:  # type: ignore[attr-defined]
        chosen.append(Medium.EMAIL)
    if (preference.by_telegram and messaging is not None and messaging.telegram_ready
            and telegram_link(user, organization.pk) is not None):
        chosen.append(Medium.TELEGRAM)
    if (preference.by_whatsapp and preference.whatsapp_number and messaging is not None
            and messaging.whatsapp_ready):
        chosen.append(Medium.WHATSAPP)
    return chosen


_NOT_DIGITS = re.compile(r"[\s\-().]")


def whatsapp_number(raw: str) -> str:
    """A number as WhatsApp wants it (country code, no +), or ValueError saying what fits.

    Indonesian numbers are accepted as people write them: ``0812-3456-7890``,
    ``+62 812 3456 7890`` and ``6281234567890`` are the same number.
    """
    text = _NOT_DIGITS.sub("", raw.strip())
    if text.startswith("+"):
        text = text[1:]
    elif text.startswith("0"):
        text = "62" + text[1:]
    if not text.isdigit() or not 10 <= len(text) <= 15:
        raise ValueError(
            "Nomor WhatsApp tidak dikenali. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890."
        )
    return text


def mask(address: str) -> str:
    """An address as shown after sending: ``b***@dinsos.go.id``, ``62812****7890``."""
    if "@" in address:
        name, domain = address.split("@", 1)
        return f"{name[:1]}***@{domain}"
    if len(address) > 8:
        return f"{address[:5]}****{address[-4:]}"
    return "****"
