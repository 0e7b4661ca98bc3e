"""The Telegram connector: the contract, what is sent for a post, and the journal."""

from __future__ import annotations

import json
from contextlib import ExitStack
from typing import Any

from tayang.channels.connectors.base import (
    CannotFind,
    ChannelError,
    ConfigField,
    Delivered,
    ErrorKind,
    Journal,
    Limits,
    MediaFile,
    MediaKind,
    Post,
)
from tayang.channels.connectors.telegram.api import BotApi

MB = 1024 * 1024
TEXT_MAX = 4096
CAPTION_MAX = 1024  # a caption under a photo, video or album
MEDIA_GROUP_MAX = 10
PHOTO_SIDES_MAX = 10_000  # width + height

# Journal keys.
SENDING = "telegram_sending"  # True from just before the send until a definite "not posted"
MESSAGES = "telegram_messages"  # {"ids": [...], "url": "..."} once Telegram answered


def utf16_length(text: str) -> int:
    """Telegram's own count: UTF-16 code units (characters outside the BMP count 2)."""
    return len(text.encode("utf-16-le")) // 2


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Telegram(BotApi):
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
