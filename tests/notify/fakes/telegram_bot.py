"""The Telegram Bot API as an organization's notification bot sees it.

Extends the channel tests' fake (``tests.channels.fakes.telegram``: ``POST /bot<token>/<method>``,
``{"ok": ...}`` answers) with what a bot talking to people needs
(https://core.telegram.org/bots/api):

* private chats: a person opens the bot and presses Start, which sends ``/start <payload>``
  (:meth:`press_start`); their chat then exists for ``sendMessage``;
* ``getUpdates`` with ``offset`` (updates below it are confirmed and forgotten), ``limit``,
  ``allowed_updates``; 409 Conflict while a webhook is set;
* a person who blocked the bot: ``sendMessage`` answers 403 "Forbidden: bot was blocked by
  the user"; a flood: 429 "Too Many Requests: retry after N" with ``parameters.retry_after``.
"""

from __future__ import annotations

from typing import Any

from tests.channels.fakes.server import Answer
from tests.channels.fakes.telegram import FakeTelegram, error, ok

BOT_USERNAME = "tayang_dinsos_bot"


class FakeTelegramBot(FakeTelegram):
    def __init__(self) -> None:
        super().__init__()
        self.updates: list[dict[str, Any]] = []
        self.next_update = 5000
        self.blocked: set[int] = set()
        self.flood: int | None = None  # seconds to ask for on the next sendMessage
        self.webhook = False

    # -- what people do in Telegram ------------------------------------------------------------
    def press_start(self, user_id: int, payload: str = "", *, username: str = "") -> None:
        chat = {"id": user_id, "type": "private", "first_name": "Pegawai",
                "username": username or f"pegawai{user_id}"}
        self.chats[str(user_id)] = chat
        self.blocked.discard(user_id)
        self.next_update += 1
        text = f"/start {payload}".strip()
        self.updates.append({"update_id": self.next_update, "message": {
            "message_id": self.next_update, "date": 1795000000, "text": text, "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "Pegawai",
                     "username": chat["username"]},
            "entities": [{"offset": 0, "length": 6, "type": "bot_command"}],
        }})

    def block(self, user_id: int) -> None:
        self.blocked.add(user_id)

    def sent_to(self, user_id: int) -> list[str]:
        return [m["text"] for m in self.messages.values() if m["chat"]["id"] == user_id]

    # -- methods ------------------------------------------------------------------------------
    def _m_getUpdates(self, params: dict[str, Any]) -> Answer:
        if self.webhook:
            return error(409, "Conflict: can't use getUpdates method while webhook is active; "
                              "use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        limit = int(params.get("limit") or 100)
        return ok(self.updates[:limit])

    def _m_sendMessage(self, params: dict[str, Any]) -> Answer:
        if self.flood is not None:
            seconds, self.flood = self.flood, None
            return Answer(429, {"ok": False, "error_code": 429,
                                "description": f"Too Many Requests: retry after {seconds}",
                                "parameters": {"retry_after": seconds}})
        chat_id = params.get("chat_id")
        if isinstance(chat_id, int | str) and str(chat_id).lstrip("-").isdigit() and \
                int(chat_id) in self.blocked:
            return error(403, "Forbidden: bot was blocked by the user")
        chat = self._chat(params)
        if chat is None:
            return error(400, "Bad Request: chat not found")
        if chat.get("type") == "private":
            text = params.get("text", "")
            if not text.strip():
                return error(400, "Bad Request: message text is empty")
            return ok(self._store(chat, text=text))
        return super()._m_sendMessage(params)
