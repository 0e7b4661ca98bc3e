"""A fake Telegram Bot API: ``POST /bot<token>/<method>`` with JSON, form or multipart params.

Follows https://core.telegram.org/bots/api: answers ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": ..., "description": ...}``; checks the token, the chat, required
params, caption/text lengths in UTF-16 units, that every ``attach://name`` of a media group
names a multipart file, and that photos are real images within Telegram's dimensions.
"""

from __future__ import annotations

import io
import json
from typing import Any

from PIL import Image

from tests.channels.fakes.server import Answer, FakeApi, Part, Request

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
BOT = {"id": 123456, "is_bot": True, "first_name": "Tayang Dinsos", "username": "tayang_dinsos_bot"}
CHANNEL = {"id": -1001234567890, "title": "Dinas Sosial DIY", "username": "dinsosdiy",
           "type": "channel"}
PRIVATE = {"id": -1009876543210, "title": "Internal Dinsos", "type": "channel"}


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def error(code: int, description: str, **parameters: Any) -> Answer:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return Answer(code, body)


def ok(result: Any) -> Answer:
    return Answer(200, {"ok": True, "result": result})


class FakeTelegram(FakeApi):
    def __init__(self) -> None:
        super().__init__()
        self.token = TOKEN
        self.chats = {"@dinsosdiy": CHANNEL, str(CHANNEL["id"]): CHANNEL,
                      str(PRIVATE["id"]): PRIVATE}
        self.member_status: dict[str, Any] = {"status": "administrator",
                                              "can_post_messages": True,
                                              "can_delete_messages": True}
        self.messages: dict[int, dict[str, Any]] = {}  # message_id -> message
        self.next_id = 100
        self.route("POST", r"/bot(?P<token>[^/]+)/(?P<method>\w+)", self._call)

    # -- helpers for tests -------------------------------------------------------------------
    def api(self, method: str) -> list[Request]:
        return self.calls("POST", rf"/{method}$")

    # -- dispatch ----------------------------------------------------------------------------
    def _call(self, request: Request) -> Answer:
        assert request.match is not None
        if request.match["token"] != self.token:
            return error(401, "Unauthorized")
        params = self._params(request)
        handler = getattr(self, f"_m_{request.match['method']}", None)
        if handler is None:
            return error(404, "Not Found")
        return handler(params)

    @staticmethod
    def _params(request: Request) -> dict[str, Any]:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            return request.json or {}
        if content_type.startswith("multipart/form-data"):
            return dict(request.parts())
        return dict(request.form) | dict(request.query)

    def _chat(self, params: dict[str, Any]) -> dict[str, Any] | None:
        return self.chats.get(str(params.get("chat_id", "")))

    def _store(self, chat: dict[str, Any], **content: Any) -> dict[str, Any]:
        self.next_id += 1
        message = {"message_id": self.next_id, "date": 1795000000,
                   "chat": dict(chat), "sender_chat": dict(chat), **content}
        self.messages[self.next_id] = message
        return message

    @staticmethod
    def _photo(part: Any) -> Answer | dict[str, Any]:
        if not isinstance(part, Part):
            return error(400, "Bad Request: there is no photo in the request")
        try:
            image = Image.open(io.BytesIO(part.data))
            width, height = image.size
        except Exception:
            return error(400, "Bad Request: IMAGE_PROCESS_FAILED")
        if width + height > 10000 or max(width, height) / min(width, height) > 20:
            return error(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        return {"photo": [{"file_id": f"AgAD{len(part.data)}", "width": width,
                           "height": height, "file_size": len(part.data)}]}

    @staticmethod
    def _video(part: Any) -> Answer | dict[str, Any]:
        if not isinstance(part, Part):
            return error(400, "Bad Request: there is no video in the request")
        return {"video": {"file_id": f"BAAD{len(part.data)}", "file_size": len(part.data),
                          "mime_type": part.content_type}}

    # -- methods -----------------------------------------------------------------------------
    def _m_getMe(self, params: dict[str, Any]) -> Answer:
        return ok(BOT)

    def _m_getChat(self, params: dict[str, Any]) -> Answer:
        chat = self._chat(params)
        return ok(chat) if chat else error(400, "Bad Request: chat not found")

    def _m_getChatMember(self, params: dict[str, Any]) -> Answer:
        if not self._chat(params):
            return error(400, "Bad Request: chat not found")
        if str(params.get("user_id")) != str(BOT["id"]):
            return error(400, "Bad Request: user not found")
        return ok({"user": BOT, **self.member_status})

    def _m_sendMessage(self, params: dict[str, Any]) -> Answer:
        chat = self._chat(params)
        if chat is None:
            return error(400, "Bad Request: chat not found")
        text = params.get("text", "")
        if not text.strip():
            return error(400, "Bad Request: message text is empty")
        if utf16(text) > 4096:
            return error(400, "Bad Request: message is too long")
        options = params.get("link_preview_options")
        if isinstance(options, str):
            options = json.loads(options)
        content: dict[str, Any] = {"text": text}
        if options and options.get("url"):
            content["link_preview_options"] = {"url": options["url"]}
        return ok(self._store(chat, **content))

    def _caption(self, params: dict[str, Any]) -> Answer | None:
        if utf16(params.get("caption", "")) > 1024:
            return error(400, "Bad Request: message caption is too long")
        return None

    def _m_sendPhoto(self, params: dict[str, Any]) -> Answer:
        chat = self._chat(params)
        if chat is None:
            return error(400, "Bad Request: chat not found")
        if failed := self._caption(params):
            return failed
        photo = self._photo(params.get("photo"))
        if isinstance(photo, Answer):
            return photo
        return ok(self._store(chat, caption=params.get("caption", ""), **photo))

    def _m_sendVideo(self, params: dict[str, Any]) -> Answer:
        chat = self._chat(params)
        if chat is None:
            return error(400, "Bad Request: chat not found")
        if failed := self._caption(params):
            return failed
        video = self._video(params.get("video"))
        if isinstance(video, Answer):
            return video
        return ok(self._store(chat, caption=params.get("caption", ""), **video))

    def _m_sendMediaGroup(self, params: dict[str, Any]) -> Answer:
        chat = self._chat(params)
        if chat is None:
            return error(400, "Bad Request: chat not found")
        try:
            items = json.loads(params.get("media", ""))
        except ValueError:
            return error(400, "Bad Request: can't parse media JSON object")
        if not isinstance(items, list) or not 2 <= len(items) <= 10:
            return error(400, "Bad Request: wrong number of messages in the media group")
        contents = []
        for item in items:
            if item.get("type") not in ("photo", "video"):
                return error(400, "Bad Request: wrong media type in the media group")
            reference = str(item.get("media", ""))
            if not reference.startswith("attach://"):
                return error(400, "Bad Request: wrong file identifier/HTTP URL specified")
            part = params.get(reference.removeprefix("attach://"))
            if not isinstance(part, Part):
                return error(400, "Bad Request: MEDIA_EMPTY")
            if utf16(item.get("caption", "")) > 1024:
                return error(400, "Bad Request: message caption is too long")
            content = self._photo(part) if item["type"] == "photo" else self._video(part)
            if isinstance(content, Answer):
                return content
            contents.append({**content, "caption": item.get("caption", "")})
        group = f"1357{self.next_id}"
        return ok([self._store(chat, media_group_id=group, **content) for content in contents])

    def _m_deleteMessage(self, params: dict[str, Any]) -> Answer:
        if self._chat(params) is None:
            return error(400, "Bad Request: chat not found")
        if self.messages.pop(int(params.get("message_id", 0)), None) is None:
            return error(400, "Bad Request: message to delete not found")
        return ok(True)

    def _m_deleteMessages(self, params: dict[str, Any]) -> Answer:
        if self._chat(params) is None:
            return error(400, "Bad Request: chat not found")
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            return error(400, "Bad Request: message identifiers are not specified")
        for message_id in ids:  # documented: ids that can't be found are skipped
            self.messages.pop(int(message_id), None)
        return ok(True)
