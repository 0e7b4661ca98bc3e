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

Assumptions where the docs are vague: error descriptions are matched by their documented or
commonly seen wording ("chat not found", "not enough rights", "PHOTO_INVALID_DIMENSIONS",
"message can't be deleted"); an unknown 4xx is treated as a refusal of this content.
"""

from __future__ import annotations

import json
import re
from contextlib import ExitStack
from typing import Any

import httpx

from tayang.channels.connectors.base import (
    CannotFind,
    ChannelError,
    ConfigField,
    Connector,
    Delivered,
    ErrorKind,
    Journal,
    Limits,
    MediaFile,
    MediaKind,
    Post,
)
from tayang.channels.connectors.http import send, status_error

PLATFORM = "Telegram"
MB = 1024 * 1024
TEXT_MAX = 4096
CAPTION_MAX = 1024  # a caption under a photo, video or album
MEDIA_GROUP_MAX = 10
PHOTO_SIDES_MAX = 10_000  # width + height

# Journal keys.
SENDING = "telegram_sending"  # True from just before the send until a definite "not posted"
MESSAGES = "telegram_messages"  # {"ids": [...], "url": "..."} once Telegram answered

# Words of Telegram's descriptions that say a file was refused (case-insensitive).
MEDIA_WORDS = (
    "photo_", "image_", "video_", "wrong file", "file is too big", "failed to get http url",
    "wrong type of the web page content", "wrong remote file", "invalid file", "file must be",
    "media_empty", "entity too large",
)
PERMISSION_WORDS = (
    "not enough rights", "need administrator rights", "bot is not a member",
    "bot was kicked", "have no rights", "chat_write_forbidden", "chat_admin_required",
)


def utf16_length(text: str) -> int:
    """Telegram's own count: UTF-16 code units (characters outside the BMP count 2)."""
    return len(text.encode("utf-16-le")) // 2


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Telegram(Connector):
    kind = "telegram"
    label = "Telegram"
    description = "Kanal Telegram instansi, diisi oleh bot yang menjadi admin kanal tersebut."
    config_fields = (
        ConfigField(
            "bot_token", "Token bot", secret=True,
            help="Token dari @BotFather (misalnya 123456:ABC-DEF…). Tambahkan bot sebagai admin "
                 "kanal dengan izin \"Kirim pesan\" dan \"Hapus pesan\".",
        ),
        ConfigField(
            "chat_id", "ID kanal",
            help="@namakanal untuk kanal publik, atau ID angka (-100…) untuk kanal privat.",
        ),
    )
    limits = Limits(
        caption_max=TEXT_MAX,
        count=utf16_length,
        count_name="karakter (emoji dihitung 2)",
        max_items=MEDIA_GROUP_MAX,
        photo_types=frozenset({"image/jpeg", "image/png", "image/webp"}),
        video_types=frozenset({"video/mp4"}),
        photo_max_bytes=10 * MB,
        video_max_bytes=50 * MB,
        aspect_min=1 / 20,
        aspect_max=20.0,
        notes=(
            "Teks tanpa foto/video paling banyak 4.096 karakter; keterangan foto/video paling "
            "banyak 1.024 karakter (emoji dihitung 2).",
            "Sampai 10 foto/video dikirim sebagai satu album.",
            "Bot hanya dapat menghapus pesan yang berumur kurang dari 48 jam.",
        ),
    )
    can_withdraw = True
    default_api_base = "https://api.telegram.org"

    # -- publishing --------------------------------------------------------------------------
    def publish(self, post: Post, journal: Journal) -> Delivered:
        recorded = self._recorded(journal)
        if recorded is not None:  # an earlier attempt got its answer; never send twice
            return recorded
        files = self._media(post)
        journal.record(SENDING, True)
        try:
            messages = self._send(post, files)
        except ChannelError as error:
            if not error.maybe_posted:  # Telegram answered "no": nothing was posted
                journal.record(SENDING, False)
            raise
        ids = [int(message["message_id"]) for message in messages]
        url = self._message_url(messages[0])
        journal.record(MESSAGES, {"ids": ids, "url": url})
        return Delivered(external_id=",".join(map(str, ids)), url=url)

    def find(self, post: Post, journal: Journal) -> Delivered | None:
        recorded = self._recorded(journal)
        if recorded is not None:
            return recorded
        if not journal.get(SENDING):
            return None  # no send ever went out, or Telegram refused it
        raise CannotFind(
            "Bot API Telegram tidak menyediakan cara membaca riwayat kanal; periksa kanal "
            "di aplikasi Telegram apakah pesan sudah tayang."
        )

    def withdraw(self, delivered: Delivered, journal: Journal) -> None:
        ids = [int(part) for part in delivered.external_id.split(",") if part.strip()]
        if not ids:
            return
        if len(ids) == 1:
            self._call("deleteMessage", {"chat_id": self._chat_id, "message_id": ids[0]},
                       deleting=True)
        else:
            self._call("deleteMessages", {"chat_id": self._chat_id, "message_ids": ids},
                       deleting=True)

    def check(self) -> str:
        me = self._call("getMe", {})
        chat = self._call("getChat", {"chat_id": self._chat_id})
        member = self._call("getChatMember", {"chat_id": self._chat_id, "user_id": me["id"]})
        bot = f"@{me.get('username', me.get('first_name', 'bot'))}"
        name = chat.get("title") or chat.get("username") or self._chat_id
        chat_id = self._chat_id  # errors name what the admin typed, not the remote title
        is_admin = member.get("status") in ("administrator", "creator")
        if chat.get("type") == "channel":
            if not is_admin:
                raise ChannelError(
                    f"Bot belum menjadi admin kanal {chat_id}. Tambahkan bot sebagai "
                    "admin dengan izin \"Kirim pesan\".",
                    kind=ErrorKind.AUTH, detail=json.dumps(member)[:300],
                )
            if member.get("status") == "administrator" and not member.get("can_post_messages"):
                raise ChannelError(
                    f"Bot adalah admin kanal {chat_id} tetapi tidak punya izin "
                    "\"Kirim pesan\". Aktifkan izin itu di pengaturan admin kanal.",
                    kind=ErrorKind.AUTH, detail=json.dumps(member)[:300],
                )
        role = "admin" if is_admin else "anggota"
        return f"Bot {bot} terhubung ke \"{name}\" sebagai {role}."

    @classmethod
    def problems(cls, post: Post) -> list[str]:
        found: list[str] = []
        media = cls._media(post)
        used = utf16_length(post.text)
        if media and used > CAPTION_MAX:
            found.append(
                f"keterangan {_number(used)} karakter (emoji dihitung 2), paling banyak "
                f"{_number(CAPTION_MAX)} bila ada foto atau video. Persingkat teksnya atau "
                "tulis varian khusus kanal ini."
            )
        if not media and not post.text.strip():
            found.append("pesan tanpa foto atau video wajib berisi teks.")
        for photo in post.photos:
            if photo.width and photo.height and photo.width + photo.height > PHOTO_SIDES_MAX:
                found.append(
                    f"foto {photo.filename}: lebar + tinggi {_number(photo.width + photo.height)}"
                    f" px, paling banyak {_number(PHOTO_SIDES_MAX)} px. Perkecil fotonya."
                )
        return found

    # -- the calls ---------------------------------------------------------------------------
    @staticmethod
    def _media(post: Post) -> tuple[MediaFile, ...]:
        """Photos and videos in the post's order (Telegram albums mix them)."""
        return tuple(f for f in post.media if f.kind in (MediaKind.PHOTO, MediaKind.VIDEO))

    @property
    def _chat_id(self) -> str:
        chat_id = (self.config.get("chat_id") or "").strip()
        if not chat_id:
            raise ChannelError(
                "ID kanal Telegram belum diisi. Isi @namakanal atau ID -100… di pengaturan kanal.",
                kind=ErrorKind.CONFIG,
            )
        return chat_id

    def _send(self, post: Post, files: tuple[MediaFile, ...]) -> list[dict[str, Any]]:
        chat_id = self._chat_id
        if not files:
            params: dict[str, Any] = {"chat_id": chat_id, "text": post.text}
            if post.link:
                params["link_preview_options"] = {"url": post.link}
            return [self._call("sendMessage", params, creating=True)]
        with ExitStack() as stack:
            if len(files) == 1:
                file = files[0]
                field = "photo" if file.kind == MediaKind.PHOTO else "video"
                data: dict[str, Any] = {"chat_id": chat_id, **self._item_fields(file)}
                if post.text:
                    data["caption"] = post.text
                upload = {field: (file.filename, stack.enter_context(file.open()),
                                  file.content_type)}
                method = "sendPhoto" if field == "photo" else "sendVideo"
                return [self._call(method, data, files=upload, creating=True, media=files)]
            items, upload = [], {}
            for index, file in enumerate(files):
                name = f"file{index}"
                item: dict[str, Any] = {
                    "type": "photo" if file.kind == MediaKind.PHOTO else "video",
                    "media": f"attach://{name}",
                    **self._item_fields(file),
                }
                if index == 0 and post.text:
                    item["caption"] = post.text
                items.append(item)
                upload[name] = (file.filename, stack.enter_context(file.open()),
                                file.content_type)
            data = {"chat_id": chat_id, "media": json.dumps(items)}
            return list(self._call("sendMediaGroup", data, files=upload, creating=True,
                                   media=files))

    @staticmethod
    def _item_fields(file: MediaFile) -> dict[str, Any]:
        """Video hints so clients show the right frame and stream it; photos need none."""
        if file.kind != MediaKind.VIDEO:
            return {}
        fields: dict[str, Any] = {"supports_streaming": True}
        if file.width and file.height:
            fields.update(width=file.width, height=file.height)
        if file.duration:
            fields["duration"] = round(file.duration)
        return fields

    def _call(self, method: str, params: dict[str, Any], *, files: dict[str, Any] | None = None,
              creating: bool = False, deleting: bool = False,
              media: tuple[MediaFile, ...] = ()) -> Any:
        token = (self.secrets.get("bot_token") or "").strip()
        if not token:
            raise ChannelError(
                "Token bot Telegram belum diisi. Minta token dari @BotFather lalu simpan di "
                "pengaturan kanal.",
                kind=ErrorKind.CONFIG,
            )
        url = f"{self.api_base}/bot{token}/{method}"
        if files is None:
            response = send(self.http, "POST", url, platform=PLATFORM, json=params)
        else:
            # Multipart fields are strings; nested values (media, booleans) go as JSON.
            data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
            response = send(self.http, "POST", url, platform=PLATFORM, data=data, files=files)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or "ok" not in body:
            # Not the Bot API talking (a proxy's HTML page, a gateway error).
            error = status_error(response, platform=PLATFORM)
            if response.is_success:
                error = ChannelError(
                    "Jawaban Telegram tidak dapat dibaca. Tayang akan mencoba lagi.",
                    kind=ErrorKind.SERVER, retryable=True, maybe_posted=creating,
                    detail=response.text[:300],
                )
            raise error
        if body["ok"]:
            return body.get("result")
        raise self._error(response, body, creating=creating, deleting=deleting, media=media)

    def _error(self, response: httpx.Response, body: dict[str, Any], *, creating: bool,
               deleting: bool, media: tuple[MediaFile, ...]) -> ChannelError:
        status = int(body.get("error_code") or response.status_code)
        description = str(body.get("description") or "")
        parameters = body.get("parameters") or {}
        text = description.lower()
        detail = f"{status} {description}".strip()
        chat = self.config.get("chat_id", "")
        if status == 429 or "too many requests" in text:
            wait = parameters.get("retry_after")
            if wait is None and (said := re.search(r"retry after (\d+)", text)):
                wait = int(said.group(1))  # older answers said it only in words
            return ChannelError(
                "Telegram membatasi jumlah pesan bot saat ini. Tayang akan mencoba lagi"
                + (f" setelah {wait} detik." if wait else " nanti."),
                kind=ErrorKind.RATE_LIMITED, retryable=True,
                retry_after=float(wait) if wait is not None else None, detail=detail,
            )
        if status in (401, 404) or "unauthorized" in text:
            # 404 "Not Found" is what a malformed token gets (the methods are ours and exist).
            return ChannelError(
                "Telegram menolak token bot: token tidak sah atau sudah dicabut. Minta token "
                "baru dari @BotFather lalu simpan di pengaturan kanal.",
                kind=ErrorKind.AUTH, detail=detail,
            )
        if "migrate_to_chat_id" in parameters:
            return ChannelError(
                f"Grup Telegram {chat} sudah menjadi supergrup dengan ID baru "
                f"{_numeric(parameters['migrate_to_chat_id'])}. Ganti ID kanal di pengaturan.",
                kind=ErrorKind.CONFIG, detail=detail,
            )
        if "chat not found" in text:
            return ChannelError(
                f"Telegram tidak menemukan kanal {chat}. Periksa ID kanal (@namakanal atau "
                "-100…) dan pastikan bot sudah ditambahkan ke kanal itu.",
                kind=ErrorKind.CONFIG, detail=detail,
            )
        if status == 403 or any(word in text for word in PERMISSION_WORDS):
            return ChannelError(
                f"Bot tidak punya izin di kanal {chat}: bot harus menjadi admin kanal dengan "
                "izin \"Kirim pesan\" (dan \"Hapus pesan\" untuk menarik tayangan). Atur di "
                "Telegram: Kanal › Admin › tambahkan bot.",
                kind=ErrorKind.AUTH, detail=detail,
            )
        if deleting and "message to delete not found" in text:
            return ChannelError(
                "Pesan Telegram ini sudah tidak ada (mungkin sudah dihapus di aplikasi).",
                kind=ErrorKind.NOT_FOUND, detail=detail,
            )
        if deleting and ("can't be deleted" in text or "cannot be deleted" in text):
            return ChannelError(
                "Telegram tidak mengizinkan bot menghapus pesan ini: bot hanya dapat menghapus "
                "pesan yang berumur kurang dari 48 jam, kecuali bot admin dengan izin \"Hapus "
                "pesan\". Hapus pesan langsung di aplikasi Telegram.",
                kind=ErrorKind.REJECTED, detail=detail,
            )
        if status >= 500:
            return ChannelError(
                f"Server Telegram sedang bermasalah (kode {status}). Tayang akan mencoba lagi.",
                kind=ErrorKind.SERVER, retryable=True, maybe_posted=creating, detail=detail,
            )
        if status == 413 or (media and any(word in text for word in MEDIA_WORDS)):
            names = ", ".join(file.filename for file in media) or "berkas"
            which = f"berkas {names}" if len(media) == 1 else f"salah satu berkas ({names})"
            return ChannelError(
                f"Telegram menolak {which}: ukuran, dimensi, atau jenisnya tidak diterima. "
                "Ganti atau perkecil berkasnya.",
                kind=ErrorKind.REJECTED, detail=detail,
            )
        if "too long" in text:
            return ChannelError(
                "Telegram menolak teks karena terlalu panjang (4.096 karakter, atau 1.024 untuk "
                "keterangan foto/video). Persingkat teksnya.",
                kind=ErrorKind.REJECTED, detail=detail,
            )
        return ChannelError(
            f"Telegram menolak pesan ini (kode {status}).",
            kind=ErrorKind.REJECTED, detail=detail,
        )

    # -- the journal -------------------------------------------------------------------------
    def _recorded(self, journal: Journal) -> Delivered | None:
        recorded = journal.get(MESSAGES)
        if not recorded or not recorded.get("ids"):
            return None
        return Delivered(external_id=",".join(map(str, recorded["ids"])),
                         url=recorded.get("url", ""))

    def _message_url(self, message: dict[str, Any]) -> str:
        message_id = message.get("message_id")
        chat = message.get("chat") or {}
        configured = self.config.get("chat_id", "").strip()
        username = chat.get("username") or (configured[1:] if configured.startswith("@") else "")
        if username:
            return f"https://t.me/{username}/{message_id}"
        numeric = str(chat.get("id") or configured)
        if numeric.startswith("-100"):  # channels and supergroups: -100 + the internal id
            return f"https://t.me/c/{numeric[4:]}/{message_id}"
        return ""  # a basic group's messages have no link


def _numeric(value: Any) -> str:
    """A chat id from Telegram's answer, only if it is one (never free text in a message)."""
    text = str(value)
    return text if re.fullmatch(r"-?\d{1,20}", text) else "(lihat log)"
