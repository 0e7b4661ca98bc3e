"""The notification app's sweeps, run by every worker (:mod:`tayang.outbox.sweeps`).

* :func:`send_due` — deliveries whose worker died go back to the queue (their journal then
  says whether the message may have gone out); due ones without a waiting task (the end of
  quiet hours reached, a retry time reached, an enqueue lost to a crash) get one;
* :func:`wake_due` — the time standards' wake-ups that fell due (reminders, escalations), and
  the pruning of old finished ones;
* :func:`digest_due` — daily digests that fell due;
* :func:`link_telegram` — ``/start <token>`` messages to organizations' bots, read only
  while someone is linking their account.
"""

from __future__ import annotations

from django.utils import timezone

from tayang.notify import digests, tasks, telegram_links, wakeups
from tayang.notify.dispatch import DELIVERIES

BATCH = 500


def send_due() -> dict[str, int]:
    return DELIVERIES.hand_on(tasks.send, timezone.now(), limit=BATCH)


def wake_due() -> dict[str, int]:
    found = wakeups.wake_due()
    found["pruned"] = wakeups.prune()
    return found


def digest_due() -> dict[str, int]:
    return digests.wake_due()


def link_telegram() -> dict[str, int]:
    return telegram_links.poll_pending()
