"""Direct messages from an organization's bot, and the updates its people send it.

Telegram Bot API (https://core.telegram.org/bots/api): every call is
``POST {base}/bot{token}/{method}`` with JSON and answers ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": ..., "description": ..., "parameters": {...}}``.

* ``sendMessage`` — ``chat_id`` (the person's private chat with the bot), ``text`` (plain,
  up to 4096 UTF-16 units), ``link_preview_options`` off: a notification is short and its
  link is to a page behind a sign-in, whose preview would be the sign-in form;
* ``getUpdates`` — ``offset``, ``timeout`` 0 (no long poll: the worker's sweep asks at its own
  pace), ``allowed_updates: ["message"]``; a person sends ``/start <token>`` by opening the
  deep link ``https://t.me/<bot>?start=<token>``;
* ``getMe`` — the bot's ``username``, to check a token when the admin saves it.

Errors: 429 carries ``parameters.retry_after`` (seconds); 403 "Forbidden: bot was blocked by
the user" (or "user is deactivated") means the person is gone until they unblock; 400 "chat
not found" likewise; 401 is a wrong token; 409 means a webhook is set on the bot, which
makes ``getUpdates`` unavailable.
"""

from __future__ import annotations

from typing import Any

import httpx

from tayang.channels.connectors.base import DETAIL_MAX, ChannelError, ErrorKind
from tayang.channels.connectors.http import body_of, send, status_error, unreadable
from tayang.notify.media.base import RecipientGone

PLATFORM = "Telegram"
DEFAULT_BASE = "https://api.telegram.org"
TEXT_MAX = 4096
_GONE = ("blocked by the user", "user is deactivated", "chat not found",
         "bot can't initiate conversation")


class BotApi:
    def __init__(self, token: str, http: httpx.Client, base: str = "") -> None:
        self.token = token
        self.http = http
        self.base = (base or DEFAULT_BASE).rstrip("/")

    def call(self, method: str, params: dict[str, Any]) -> Any:
        response = send(self.http, "POST", f"{self.base}/bot{self.token}/{method}",
                        platform=PLATFORM, json=params)
        answer = body_of(response)
        if isinstance(answer, dict) and answer.get("ok") is True:
            return answer.get("result")
        if response.status_code < 300 and not isinstance(answer, dict):
            # Not Telegram's words at all (not JSON, nested past the parser's reach).
            raise unreadable(PLATFORM, maybe_posted=method == "sendMessage",
                             detail=response.text[:DETAIL_MAX])
        raise _error(response, answer if isinstance(answer, dict) else {})

    def send_message(self, chat_id: int | str, text: str) -> str:
        """Send ``text`` to a private chat; the new message's id."""
        result = self.call("sendMessage", {
            "chat_id": chat_id, "text": text[:TEXT_MAX],
            "link_preview_options": {"is_disabled": True},
        })
        return str((result or {}).get("message_id", ""))

    def get_updates(self, offset: int) -> list[dict[str, Any]]:
        result = self.call("getUpdates", {"offset": offset, "timeout": 0, "limit": 100,
                                          "allowed_updates": ["message"]})
        return list(result or [])

    def get_me(self) -> dict[str, Any]:
        return dict(self.call("getMe", {}) or {})


def _error(response: httpx.Response, answer: dict[str, Any]) -> ChannelError:
    code = int(answer.get("error_code") or response.status_code)
    description = str(answer.get("description") or response.text[:300])
    lowered = description.lower()
    if code == 429:
        retry_after = (answer.get("parameters") or {}).get("retry_after")
        return ChannelError(
            "Telegram membatasi jumlah pesan saat ini. Tayang akan mencoba lagi nanti.",
            kind=ErrorKind.RATE_LIMITED, retryable=True,
            retry_after=float(retry_after) if retry_after is not None else None,
            detail=description,
        )
    if any(words in lowered for words in _GONE):
        return RecipientGone(
            "Penerima memblokir bot Telegram organisasi (atau akunnya tidak aktif). Buka bot "
            "itu di Telegram dan tekan Mulai/Start, lalu tautkan ulang di halaman "
            "Pemberitahuan.", detail=description,
        )
    if code == 401 or code == 404:
        return ChannelError(
            "Telegram menolak token bot organisasi. Admin perlu memeriksa token bot di "
            "Kelola › Pemberitahuan.", kind=ErrorKind.AUTH, detail=description,
        )
    if code == 409:
        return ChannelError(
            "Bot ini memakai webhook, sehingga Tayang tidak dapat membaca pesan /start. Hapus "
            "webhook bot (deleteWebhook) atau pakai bot khusus untuk pemberitahuan.",
            kind=ErrorKind.CONFIG, detail=description,
        )
    if code >= 500 or response.status_code >= 500:
        return status_error(response, platform=PLATFORM, detail=description)
    return ChannelError(f"Telegram menolak pesan ini: {description}", kind=ErrorKind.REJECTED,
                        detail=description)
