"""Signals of the items app, for the apps that act on what happens to an item.

The items app never imports the apps that show or spread its content, so the dependency runs
one way only:

* ``publication_changed`` is sent inside the transaction that published or withdrew an item
  on a channel, with the :class:`~tayang.items.models.Publication` as it now stands (and
  ``first=True`` from the publish action of an item never published before: nothing of it
  is public yet). The public website listens to show or hide the item (``tayang.public``).
* ``publish_requested`` is sent inside the publishing transaction with the item, the engine's
  ``PublishRequested`` event and the user; the channels app writes one publication per channel
  (its outbox, ``tayang.channels.outbox``).
* ``checking_action`` is sent before an accepted hand-in or publish action is saved, with the
  item and the action; receivers return a list of problems (in Bahasa Indonesia) and any
  problem refuses the action (the channels' limits, ``tayang.channels.validation``).
* ``events_recorded`` is sent inside the transaction of every accepted action (and of an
  item's creation), once its records are written, with the item as saved, its SOP version,
  the engine's events, the user and (from an action) the engine's state it was saved from.
  Notifications listen (``tayang.notify``): arrivals at a
  step, send-backs, and the time standards' ``ReminderDue`` wake-ups become their outbox rows
  in that same transaction, so an action never exists without what it must announce.
"""

from django.dispatch import Signal

publication_changed = Signal()
publish_requested = Signal()
checking_action = Signal()
events_recorded = Signal()
