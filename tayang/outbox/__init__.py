"""What every outbox of Tayang shares: rows held under a lease, a journal, back-off, sweeps.

An *outbox row* is written in the same transaction as the action that calls for a side effect
(one :class:`~tayang.items.models.Publication` per channel, one notification delivery per
medium), so the action and its effects are saved together or not at all. Background tasks
then carry each row out. The pieces here are the same for every kind of row:

* :mod:`.rows` — claiming a due row under a lease (one worker at a time), writes guarded by
  the row's idempotency key, handing a row whose worker died back to the queue;
* :mod:`.journal` — "record before send": small facts written and committed before the network
  call, so an attempt cut short is recognised by the next one;
* :mod:`.backoff` — exponential back-off that never retries sooner than a platform asks;
* :mod:`.queue` — enqueueing a row's task now or deferred (when the task backend can defer);
* :mod:`.sweeps` — the registry of sweeps that ``manage.py worker`` runs in one thread.

The publishing outbox (``tayang.channels``) and the notification outbox (``tayang.notify``)
are built on these; neither has a copy of its own.
"""
