"""Telegram: a channel (or group) the agency runs, posted to by a bot that is its admin.

Flow (Bot API, https://core.telegram.org/bots/api): every call is
``POST {base}/bot{token}/{method}`` and answers ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": 400, "description": "Bad Request: ...", "parameters": {...}}``.

* text only: ``sendMessage`` (JSON; ``text`` up to 4096, ``link_preview_options.url`` = the
  article link, so the preview shows the article even when the text names other links);
* one photo: ``sendPhoto`` (multipart ``photo`` file, ``caption`` up to 1024);
* one video: ``sendVideo`` (multipart ``video`` file, ``supports_streaming``);
* 2–10 photos/videos: ``sendMediaGroup`` — ``media`` is a JSON array of InputMediaPhoto /
  InputMediaVideo whose ``media`` is ``attach://<name>`` naming a multipart file part; the
  caption goes on the first item (Telegram then shows it as the album's caption). It answers
  an array of messages, one per file.

Text is sent plain (no ``parse_mode``), so what Telegram counts is exactly the text: UTF-16
code units (an emoji counts 2). Without media the limit is 4096, with media 1024; ``limits``
carries 4096 and :meth:`Telegram.problems` adds the 1024 check when there is media.

Exactly once: the Bot API keeps no idempotency key and gives a bot no way to read a channel's
history (``getUpdates`` never delivers the bot's own posts, and reading updates would steal
them from any other consumer of the bot). So the journal is the only witness: a marker is
recorded just before the send, the message ids the moment the answer arrives. :meth:`find`
returns the recorded messages; with no marker nothing was sent (``None``); with a marker but
no ids the send may or may not have landed and only a person can tell (:class:`CannotFind`).

Message links: ``https://t.me/{username}/{id}`` for public channels (username from the answer's
``chat``, else the ``@name`` configured), ``https://t.me/c/{id without -100}/{id}`` for private
channels and supergroups (openable by their members only).

Withdrawing: ``deleteMessage`` (one) or ``deleteMessages`` (an album; missing ids are skipped).
Telegram lets bots delete messages younger than 48 hours only (unless the bot is an admin with
the right to delete messages); an older one must be deleted in the Telegram app.

The package: :mod:`.connector` (the contract, what is sent, the journal) and :mod:`.api` (one
Bot API call, and Telegram's refusals in an admin's words).

Assumptions where the docs are vague: error descriptions are matched by their documented or
commonly seen wording ("chat not found", "not enough rights", "PHOTO_INVALID_DIMENSIONS",
"message can't be deleted"); an unknown 4xx is treated as a refusal of this content.
"""

from tayang.channels.connectors.telegram.connector import Telegram, utf16_length

__all__ = ["Telegram", "utf16_length"]
