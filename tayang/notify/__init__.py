"""Telling people what waits for them, on the medium they read (docs/notifications.md).

Every message is a :class:`~tayang.notify.models.Notification` shown in the workspace list,
plus one :class:`~tayang.notify.models.Delivery` per medium the person chose (e-mail,
Telegram, WhatsApp), written in the transaction of the action that calls for it:

* arrivals and send-backs come from the engine's events as the items app records them
  (``events_recorded``); so do the time standards' wake-ups (:mod:`.wakeups`);
* publications and channel problems come from ``publication_state_changed``;
* reminders, escalations and daily digests are written by the worker's sweeps when due.

Deliveries are sent by background tasks through the shared outbox machinery
(:mod:`tayang.outbox`), never inside a person's request, and never twice.
"""
