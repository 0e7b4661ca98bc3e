"""The one place a publication's state is written (issue 13, point 4).

Delivery, retries, the admin's proof and withdrawals, the schedule's pause, the outbox's
claims and recoveries and the publish action itself all change ``Publication.state`` (and its
requested and published moments) through these functions. The dashboard's publication
tallies (``evaluation/publishing.py``) are not written here (issue 16): the same ``UPDATE``
(or ``INSERT``) sets the publication's ``untallied`` mark, and the worker's sweep
(``evaluation/sweep.py``) moves it in the tallies from the facts they hold
(``tallied_*``) to its own. ``tests/channels/test_transitions.py`` fails if code elsewhere
writes the state.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tayang.items.models import Item, Publication
from tayang.rows.inserting import insert
from tayang.rows.inserting import new as new_row

# The columns a publication's part in the tallies depends on.
COUNTED = frozenset({"state", "requested_at", "published_at", "channel"})


def update(rows: QuerySet[Publication], **changes: Any) -> int:
    """``rows.update(**changes)``, marked for the tallies' sweep when the change touches what
    they count (one statement either way). Returns the rows changed."""
    if COUNTED & set(changes):
        changes["untallied"] = True
    return rows.update(**changes)


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
    rewritten or a new one made (one INSERT for all the new, each born ``untallied``).
    Returns the publications in the order asked."""
    made: list[Publication] = []
    new: list[Publication] = []
    for channel, publication, fields in asked:
        if publication is None:
            publication = new_row(Publication, item=item, channel=channel, **fields)
            new.append(publication)
        else:
            for name, value in fields.items():
                setattr(publication, name, value)
            publication.untallied = True
            publication.save(update_fields=[*fields, "untallied"])
        made.append(publication)
    insert(new)  # one prepared INSERT (tayang/rows/inserting.py), not the ORM's compiler
    return made
