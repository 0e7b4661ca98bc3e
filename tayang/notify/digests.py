"""The daily digest: what waits for a person, most urgent first, at the hour they chose.

A person who wants one has a :class:`~tayang.notify.models.DigestSchedule` per organization
they belong to, due at their hour in that organization's zone. The worker's sweep reads only
the due rows, writes the digest (when something waits) and moves the row to the next day.
The digest's key is the organization and the local date, so one day never has two.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tayang import named_urls
from tayang.notify import compose, recipients
from tayang.notify.announce import announce
from tayang.notify.models import DigestSchedule, Kind
from tayang.notify.preferences import preference_of
from tayang.notify.quiet import next_at_hour
from tayang.notify.waiting import Waiting, for_person
from tayang.orgs.models import Organization

BATCH = 200


def schedule(user: AbstractBaseUser, now: datetime | None = None) -> None:
    """(Re)plan the person's digests after their choices or their memberships changed."""
    preference = preference_of(user, fresh=True)
    if preference.pk is None or not preference.digest_enabled:
        DigestSchedule.objects.filter(user=user).delete()
        return
    now = now or timezone.now()
    organizations = list(Organization.objects.filter(
        memberships__user=user, memberships__is_active=True))
    for organization in organizations:
        DigestSchedule.objects.update_or_create(
            user=user, organization=organization,
            defaults={"next_at": next_at_hour(now, organization.zone, preference.digest_hour)},
        )
    DigestSchedule.objects.filter(user=user).exclude(
        organization__in=organizations).delete()


def wake_due(now: datetime | None = None, limit: int = BATCH) -> dict[str, int]:
    now = now or timezone.now()
    due = list(DigestSchedule.objects.filter(next_at__lte=now)
               .order_by("next_at").values_list("pk", flat=True)[:limit])
    counts = {"sent": 0, "empty": 0}
    for pk in due:
        outcome = send(pk, now)
        if outcome in counts:
            counts[outcome] += 1
    return counts


def send(pk: int, now: datetime) -> str:
    """One person's digest for one organization: "sent", "empty", or "skipped"."""
    with transaction.atomic():
        row = (DigestSchedule.objects.select_for_update(skip_locked=True, of=("self",))
               .select_related("user", "organization")
               .filter(pk=pk, next_at__lte=now).first())
        if row is None:
            return "skipped"
        person, organization = row.user, row.organization
        preference = preference_of(person)
        if not preference.digest_enabled or not recipients.is_member(person, organization.pk):
            row.delete()
            return "skipped"
        day = row.next_at.astimezone(organization.zone).date()
        rows, total = for_person(person, organization, now)
        row.next_at = next_at_hour(now, organization.zone, preference.digest_hour)
        row.save(update_fields=["next_at"])
        if not rows:
            return "empty"
        overdue = sum(1 for waiting in rows if waiting.overdue)
        lines = [_line(number, waiting) for number, waiting in enumerate(rows, 1)]
        if total > len(rows):
            lines.append(f"… dan {total - len(rows)} lainnya di kotak masuk.")
        announce(
            [person], kind=Kind.DIGEST, organization=organization,
            key=f"digest:{organization.pk}:{day.isoformat()}",
            words=compose.digest(total, overdue, lines), at=now,
            link=named_urls.reverse("workspace:inbox", org=organization.slug),
        )
    return "sent"


def _line(number: int, waiting: Waiting) -> str:
    item = waiting.item
    state = ("terlambat" if waiting.overdue else "lewat target" if waiting.past_target
             else "tepat waktu" if item.due_limit else "tanpa batas waktu")
    title = compose.shorten(item.title or f"Konten #{item.pk}", 60)
    return f"{number}. {title} — langkah {waiting.step_number}, {state}"
