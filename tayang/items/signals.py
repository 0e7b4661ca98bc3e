"""Signals of the items app, for the apps that act on what happens to an item.

``publication_changed`` is sent inside the transaction that published or withdrew an item on a
channel, with the :class:`~tayang.items.models.Publication` as it now stands. The public
website listens to it to show or hide the item (``tayang.public``); the items app itself never
imports the apps that show its content, so the dependency runs one way only.
"""

from django.dispatch import Signal

publication_changed = Signal()
