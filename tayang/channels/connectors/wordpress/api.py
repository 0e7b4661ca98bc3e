"""One call to WordPress's REST API, and WordPress's errors in an admin's words."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tayang.channels.connectors.base import ChannelError, Connector, ErrorKind, MediaFile
from tayang.channels.connectors.http import body_of, retry_after, send, status_error

PLATFORM = "WordPress"

CREDENTIAL_CODES = frozenset({
    "incorrect_password", "invalid_username", "invalid_email", "rest_not_logged_in",
    "application_passwords_disabled", "application_passwords_disabled_for_user",
})


class RestApi(Connector):
    """The calling half of :class:`~tayang.channels.connectors.wordpress.WordPress`."""

    def _request(self, method: str, path: str, *, creating: bool = False,
                 file: MediaFile | None = None, **kwargs: Any) -> httpx.Response:
        username = (self.config.get("username") or "").strip()
        password = (self.secrets.get("application_password") or "").strip()
        if not self.api_base or not username or not password:
            raise ChannelError(
                "Alamat situs, nama pengguna, atau Application Password WordPress belum diisi. "
                "Lengkapi pengaturan kanal.",
                kind=ErrorKind.CONFIG,
            )
        url = f"{self.api_base}/wp-json/wp/v2{path}"
        response = send(self.http, method, url, platform=PLATFORM, auth=(username, password),
                        **kwargs)
        if response.is_success:
            return response
        raise self._error(response, creating=creating, file=file)

    def _error(self, response: httpx.Response, *, creating: bool,
               file: MediaFile | None) -> ChannelError:
        status = response.status_code
        body = body_of(response)
        code = str(body.get("code", "")) if isinstance(body, dict) else ""
        message = str(body.get("message", "")) if isinstance(body, dict) else ""
        if isinstance(body, dict) and isinstance(body.get("data"), dict):
            params = body["data"].get("params")
            if params:
                message = f"{message} {json.dumps(params, ensure_ascii=False)}"
        detail = f"{status} {code}: {message}" if code else response.text[:300]
        user = self.config.get("username", "")
        if status == 429:
            return ChannelError(
                "Situs WordPress membatasi jumlah permintaan saat ini. Tayang akan mencoba lagi "
                "nanti.",
                kind=ErrorKind.RATE_LIMITED, retryable=True, retry_after=retry_after(response),
                detail=detail,
            )
        if status == 401 or code in CREDENTIAL_CODES:
            hint = (" Application Password hanya berfungsi bila situs memakai HTTPS."
                    if self.api_base.startswith("http://") else "")
            return ChannelError(
                f"WordPress menolak nama pengguna {user} atau Application Password-nya: salah, "
                "dicabut, atau penggunanya dihapus. Buat Application Password baru di WordPress "
                f"(Pengguna › Profil) lalu simpan di pengaturan kanal.{hint}",
                kind=ErrorKind.AUTH, detail=detail,
            )
        if status == 403:
            return ChannelError(
                f"Pengguna WordPress {user} tidak punya izin untuk tindakan ini (membuat pos, "
                "mengunggah media, atau menghapus pos). Beri peran Author atau Editor di "
                "WordPress, atau periksa plugin keamanan yang memblokir REST API.",
                kind=ErrorKind.AUTH, detail=detail,
            )
        if code.startswith("rest_upload_") or (file is not None and status == 413):
            name = file.filename if file is not None else "berkas"
            return ChannelError(
                f"WordPress menolak berkas {name}: ukuran atau jenis berkas tidak diterima. "
                "Ganti atau perkecil berkasnya, atau "
                "minta pengelola situs menaikkan batas unggah.",
                kind=ErrorKind.REJECTED, detail=detail,
            )
        if code == "rest_no_route" or (status == 404 and not code):
            return ChannelError(
                f"REST API WordPress tidak ditemukan di {self.api_base}. Periksa alamat situs, "
                "pastikan permalink bukan \"Polos\" (Pengaturan › Permalink), dan tidak ada plugin "
                "yang mematikan REST API.",
                kind=ErrorKind.CONFIG, detail=detail,
            )
        if code in ("rest_post_invalid_id", "rest_term_invalid"):
            what = "Pos" if code == "rest_post_invalid_id" else "Kategori"
            return ChannelError(
                f"{what} itu tidak ada di situs WordPress (mungkin sudah dihapus permanen)."
                + (" Periksa ID kategori di pengaturan kanal." if what == "Kategori" else ""),
                kind=ErrorKind.NOT_FOUND if what == "Pos" else ErrorKind.CONFIG, detail=detail,
            )
        if status >= 500:
            return ChannelError(
                f"Situs WordPress sedang bermasalah (kode {status}). Tayang akan mencoba lagi.",
                kind=ErrorKind.SERVER, retryable=True, maybe_posted=creating,
                retry_after=retry_after(response), detail=detail,
            )
        if code:
            return ChannelError(
                f"WordPress menolak tayangan ini (kode {status}).",
                kind=ErrorKind.REJECTED, detail=detail,
            )
        return status_error(response, platform=PLATFORM, detail=detail)
