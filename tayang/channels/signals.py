"""Signals of the channels app, for the apps that act on what becomes of a publication.

``publication_state_changed`` is sent inside the transaction that wrote a publication's new
state, with the :class:`~tayang.items.models.Publication` as it now stands: published on a
channel (by a worker, by the publish action for the website, or by an admin recording the
proof of a manual post), failed, or needing a person's check (the publish action adds
``publications``: every publication of the item as it now stands). Notifications listen
(``tayang.notify``) and write their own outbox rows in that same transaction.
"""

from django.dispatch import Signal

publication_state_changed = Signal()
