"""One Bot API call, and Telegram's refusals in an admin's words."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from tayang.channels.connectors.base import ChannelError, Connector, ErrorKind, MediaFile
from tayang.channels.connectors.http import body_of, send, status_error, unreadable

PLATFORM = "Telegram"

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


class BotApi(Connector):
    """The calling half of :class:`~tayang.channels.connectors.telegram.Telegram`."""

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
        body = body_of(response)
        if not isinstance(body, dict) or "ok" not in body:
            # Not the Bot API talking (a proxy's HTML page, a gateway error).
            error = status_error(response, platform=PLATFORM)
            if response.is_success:
                error = unreadable(PLATFORM, maybe_posted=creating,
                                   detail=response.text[:300])
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


def _numeric(value: Any) -> str:
    """A chat id from Telegram's answer, only if it is one (never free text in a message)."""
    text = str(value)
    return text if re.fullmatch(r"-?\d{1,20}", text) else "(lihat log)"
