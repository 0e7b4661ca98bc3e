"""The notification app's rows: what each person chose, what was said to whom, and how.

* :mod:`.preferences` — each person's choices (media, quiet hours, digest) and the digest's
  schedule;
* :mod:`.messages` — a :class:`Notification` (one message to one person, shown in the
  workspace) and its :class:`Delivery` rows (the outbox: one per medium beyond the workspace);
* :mod:`.wakeups` — the time standards' wake-ups (:class:`WakeUp`), indexed on their due time;
* :mod:`.accounts` — the organization's sending accounts (its Telegram bot, its WhatsApp
  Business number) and each person's Telegram link to the bot.
"""

from tayang.notify.models.accounts import Messaging, TelegramLink, TelegramLinkToken
from tayang.notify.models.messages import Delivery, Kind, Medium, Notification
from tayang.notify.models.preferences import DigestSchedule, Preference
from tayang.notify.models.wakeups import WakeUp

__all__ = [
    "Delivery",
    "DigestSchedule",
    "Kind",
    "Medium",
    "Messaging",
    "Notification",
    "Preference",
    "TelegramLink",
    "TelegramLinkToken",
    "WakeUp",
]
