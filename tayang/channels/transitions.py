"""The one place a publication's state is written (issue 13, point 4).

Delivery, retries, the admin's proof and withdrawals, the schedule's pause, the outbox's
claims and recoveries and the publish action itself all change ``Publication.state`` (and its
requested and published moments) through these functions, which keep the dashboard's
publication tallies (``evaluation/publishing.py``) in the same transaction: one more statement
to add the difference, and for a change made by a filter one read of the rows it changes,
locked. ``tests/channels/test_transitions.py`` fails if code elsewhere writes the state.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet

from tayang.evaluation import publishing
from tayang.evaluation.publishing import Facts
from tayang.items.models import Item, Publication
from tayang.rows.inserting import insert

# The columns a publication's part in the tallies depends on.
COUNTED = frozenset({"state", "requested_at", "published_at", "channel"})


def update(rows: QuerySet[Publication], **changes: Any) -> int:
    """``rows.update(**changes)``, the tallies kept: the rows are read (locked) first when
    the change touches what they count. Returns the rows changed."""
    if not COUNTED & set(changes):
        return rows.update(**changes)
    with transaction.atomic():
        found = list(rows.select_for_update(of=("self",)).order_by("pk")
                     .values_list("pk", *publishing.FACT_FIELDS))
        if not found:
            return 0
        changed = Publication.objects.filter(pk__in=[row[0] for row in found]).update(
            **changes)
        zones: dict[str, ZoneInfo] = {}
        publishing.change(
            (before, _after(before, changes))
            for before in (publishing.facts_of(row[1:], zones) for row in found))
    return changed


def move(publication: Publication, **changes: Any) -> bool:
    """Change one publication already read (and locked by the caller), its instance too;
    False when it is no longer there."""
    if not update(Publication.objects.filter(pk=publication.pk), **changes):
        return False
    for name, value in changes.items():
        setattr(publication, name, value)
    return True


def request(item: Item, asked: list[tuple[str, Publication | None, dict[str, Any]]]
            ) -> list[Publication]:
    """The publish action's writes (``channels/outbox.py``): for each (channel, its existing
    publication read locked by the caller or None, the fields asked), the existing one
    rewritten or a new one made (one INSERT for all the new); one statement for the tallies
    whatever the number of channels. Returns the publications in the order asked."""
    pairs: list[tuple[Facts | None, Facts | None]] = []
    made: list[Publication] = []
    new: list[Publication] = []
    for channel, publication, fields in asked:
        if publication is None:
            publication = Publication(item=item, channel=channel, **fields)
            new.append(publication)
        else:
            before = facts(publication, item)
            for name, value in fields.items():
                setattr(publication, name, value)
            publication.save(update_fields=list(fields))
            pairs.append((before, facts(publication, item)))
        made.append(publication)
    insert(new)  # one prepared INSERT (tayang/rows/inserting.py), not the ORM's compiler
    pairs += [(None, facts(publication, item)) for publication in new]
    publishing.change(pairs)
    return made


def facts(publication: Publication, item: Item) -> Facts:
    return Facts(item.organization_id, item.unit_id, item.organization.zone,
                 publication.channel, publication.state, publication.requested_at,
                 publication.published_at, item.handed_in_at)


def _after(before: Facts, changes: dict[str, Any]) -> Facts:
    return Facts(before.organization, before.unit, before.zone,
                 changes.get("channel", before.channel), changes.get("state", before.state),
                 changes.get("requested_at", before.requested_at),
                 changes.get("published_at", before.published_at), before.handed_in_at)
