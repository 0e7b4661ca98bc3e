"""CKAN's Action API: one call, and CKAN's error answers in an admin's words."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tayang.channels.connectors.base import ChannelError, Connector, ErrorKind
from tayang.channels.connectors.http import body_of, json_of, send, status_error, unreadable

PLATFORM = "Portal Satu Data"

# CKAN field names in an admin's words, for validation errors.
FIELDS = {
    "name": "nama dataset (alamat URL)",
    "title": "judul",
    "notes": "deskripsi",
    "owner_org": "organisasi",
    "license_id": "lisensi",
    "tags": "tag",
    "url": "alamat sumber",
    "upload": "berkas",
    "format": "format",
    "package_id": "dataset",
    "state": "status",
    "private": "visibilitas",
}


class CkanError(ChannelError):
    """A CKAN error answer, with the refused fields of a Validation Error."""

    def __init__(self, message: str, *, fields: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.fields = fields or {}


class ActionApi(Connector):
    """The calling half of :class:`~tayang.channels.connectors.ckan.Ckan`."""

    def _require_config(self) -> None:
        missing = [label for key, label in (("api_base", "alamat portal"),
                                            ("owner_org", "organisasi"))
                   if not (self.api_base if key == "api_base" else self.config.get(key))]
        if not self.secrets.get("api_token"):
            missing.append("token API")
        if missing:
            raise ChannelError(
                f"Pengaturan kanal {PLATFORM} belum lengkap: {', '.join(missing)} belum diisi.",
                kind=ErrorKind.CONFIG,
            )

    def _action(self, action: str, body: dict[str, Any] | None = None, *, method: str = "POST",
                data: dict[str, str] | None = None, files: dict[str, Any] | None = None,
                subject: str = "") -> Any:
        """Call ``action``; its ``result``, or a :class:`CkanError` in an admin's words."""
        url = f"{self.api_base}/api/3/action/{action}"
        headers = {"Authorization": self.secrets["api_token"]}
        if method == "GET":
            response = send(self.http, "GET", url, platform=PLATFORM, headers=headers,
                            params=body or {})
        elif files is not None:
            response = send(self.http, "POST", url, platform=PLATFORM, headers=headers,
                            data=data, files=files)
        else:
            response = send(self.http, "POST", url, platform=PLATFORM, headers=headers,
                            json=body or {})
        if response.is_success:
            answer = json_of(response, platform=PLATFORM)
            if isinstance(answer, dict) and answer.get("success") is True:
                return answer.get("result")
        raise self._error(response, action, subject)

    def _error(self, response: httpx.Response, action: str, subject: str) -> ChannelError:
        answer = body_of(response)
        error = answer.get("error") if isinstance(answer, dict) else None
        if not isinstance(error, dict):
            if response.is_success:  # 200 without "success": true
                return CkanError.copy_of(unreadable(
                    PLATFORM, maybe_posted=response.request.method != "GET",
                    detail=response.text[:300],
                ))
            return CkanError.copy_of(status_error(response, platform=PLATFORM))
        detail = f"{action}: {json.dumps(error, ensure_ascii=False)[:500]}"
        kind = error.get("__type", "")
        if kind == "Authorization Error" or response.status_code in (401, 403):
            return CkanError(
                f"{PLATFORM} menolak akses: token API tidak berlaku (kedaluwarsa atau dicabut) "
                f"atau akunnya tidak boleh mengubah dataset organisasi "
                f"\"{self.config.get('owner_org', '')}\". Buat token API baru di halaman akun "
                "portal lalu simpan di pengaturan kanal, dan pastikan akun itu editor atau "
                "admin organisasinya.",
                kind=ErrorKind.AUTH, detail=detail,
            )
        if kind == "Not Found Error" or response.status_code == 404:
            return CkanError(
                f"{PLATFORM} tidak menemukan {subject or 'dataset'} yang dituju "
                f"({action}). Mungkin sudah dihapus di portal.",
                kind=ErrorKind.NOT_FOUND, detail=detail,
            )
        if kind == "Validation Error":
            fields = {k: v for k, v in error.items() if k not in ("__type", "message")}
            return self._refused(fields, subject, detail)
        return CkanError.copy_of(status_error(response, platform=PLATFORM, detail=detail))

    def _refused(self, fields: dict[str, Any], subject: str, detail: str) -> CkanError:
        if "owner_org" in fields:
            return CkanError(
                f"{PLATFORM} tidak menerima organisasi \"{self.config.get('owner_org', '')}\": "
                "organisasi itu tidak ada di portal atau akun token ini tidak boleh menambah "
                "dataset ke sana. Periksa nama organisasi di pengaturan kanal.",
                kind=ErrorKind.CONFIG, fields=fields, detail=detail,
            )
        # Only the fields' names, in Tayang's words: the portal's messages stay in ``detail``.
        named = [FIELDS[field] for field in fields if field in FIELDS]
        if len(named) < len(fields):
            named.append("kolom lain")
        listed = ", ".join(named)
        what = subject or "dataset ini"
        return CkanError(
            f"{PLATFORM} menolak {what}: isian tidak valid ({listed or 'data'}).",
            kind=ErrorKind.REJECTED, fields=fields, detail=detail,
        )


def messages_of(value: Any) -> list[str]:
    """The strings in a CKAN error value (lists, and dicts for tags and resources)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [m for item in value.values() for m in messages_of(item)]
    if isinstance(value, list):
        return [m for item in value for m in messages_of(item)]
    return []
