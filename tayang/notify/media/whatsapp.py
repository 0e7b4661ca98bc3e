"""Template messages through the WhatsApp Business Cloud API.

``POST {base}/{phone-number-id}/messages`` with ``Authorization: Bearer <token>`` and::

    {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "62812…",
     "type": "template",
     "template": {"name": "<approved name>", "language": {"code": "id"},
                  "components": [{"type": "body", "parameters": [
                      {"type": "text", "text": "…"}, …]}]}}

answers ``{"messaging_product": "whatsapp", "contacts": [{"input", "wa_id"}],
"messages": [{"id": "wamid.…"}]}``. A business may start a conversation only with a template
Meta has approved, so every notification is one: the organization's admin names the approved
templates, and each gets three body parameters — {{1}} the title, {{2}} the short text, {{3}}
the link (docs/notifications.md has template texts to submit).

Errors are Graph API errors, ``{"error": {"message", "type", "code", "error_data":
{"messaging_product", "details"}, "error_subcode", "fbtrace_id"}}``; handled by ``code``, as
Meta advises: 130429 (throughput), 131056 (too many messages to one number), 80007 and 4
(account or app call rates) are rate limits; 131026 (undeliverable: not on WhatsApp, or has
not accepted the terms) is the person's; 132000–132016 are the template's (missing, not
approved, paused, wrong parameters); 0/190 are an expired or revoked token.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from tayang.channels.connectors.base import DETAIL_MAX, ChannelError, ErrorKind
from tayang.channels.connectors.http import (
    body_of,
    retry_after,
    send,
    status_error,
    unreadable,
)
from tayang.notify.media.base import RecipientGone

PLATFORM = "WhatsApp"
DEFAULT_BASE = "https://graph.facebook.com/v23.0"
PARAMETER_MAX = 1024
RATE_LIMITS = frozenset({4, 80007, 130429, 131056})
TOKEN_ERRORS = frozenset({0, 190})
_SPACES = re.compile(r"\s+")


def parameter(text: str) -> str:
    """A template parameter as the API accepts it: no new lines, no tabs, no long runs of
    spaces (error 132018), at most 1024 characters."""
    return _SPACES.sub(" ", text).strip()[:PARAMETER_MAX] or "-"


class CloudApi:
    def __init__(self, phone_number_id: str, token: str, http: httpx.Client,
                 base: str = "") -> None:
        self.phone_number_id = phone_number_id
        self.token = token
        self.http = http
        self.base = (base or DEFAULT_BASE).rstrip("/")

    def send_template(self, to: str, name: str, language: str, parameters: list[str]) -> str:
        """Send template ``name`` to ``to``; the message's ``wamid``."""
        response = send(
            self.http, "POST", f"{self.base}/{self.phone_number_id}/messages",
            platform=PLATFORM, headers={"Authorization": f"Bearer {self.token}"},
            json={
                "messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
                "type": "template",
                "template": {
                    "name": name, "language": {"code": language},
                    "components": [{"type": "body", "parameters": [
                        {"type": "text", "text": parameter(text)} for text in parameters
                    ]}],
                },
            },
        )
        answer = body_of(response)
        if response.status_code < 300 and isinstance(answer, dict) and answer.get("messages"):
            return str(answer["messages"][0].get("id", ""))
        if response.status_code < 300 and not isinstance(answer, dict):
            # Not Meta's words at all (not JSON, nested past the parser's reach).
            raise unreadable(PLATFORM, maybe_posted=True, detail=response.text[:DETAIL_MAX])
        raise _error(response, answer if isinstance(answer, dict) else {}, name)


def _error(response: httpx.Response, answer: dict[str, Any], template: str) -> ChannelError:
    error = answer.get("error") or {}
    code = int(error.get("code") or 0) if str(error.get("code", "")).isdigit() else -1
    details = str((error.get("error_data") or {}).get("details") or "")
    detail = f"({code}) {error.get('message', '')} {details}".strip() if error else \
        response.text[:300]
    if code in RATE_LIMITS or response.status_code == 429:
        return ChannelError(
            "WhatsApp membatasi jumlah pesan saat ini. Tayang akan mencoba lagi nanti.",
            kind=ErrorKind.RATE_LIMITED, retryable=True, retry_after=retry_after(response),
            detail=detail,
        )
    if code == 131026:
        return RecipientGone(
            "Nomor penerima tidak dapat menerima pesan WhatsApp (belum terdaftar di WhatsApp "
            "atau belum menyetujui ketentuan terbarunya). Periksa nomor di halaman "
            "Pemberitahuan.", detail=detail,
        )
    if 132000 <= code <= 132016:
        return ChannelError(
            f"WhatsApp menolak templat «{template}» (belum disetujui, dijeda, tidak ada untuk "
            "bahasa ini, atau jumlah isiannya tidak tiga). Admin perlu memeriksa nama templat "
            "di Kelola › Pemberitahuan.", kind=ErrorKind.CONFIG, detail=detail,
        )
    if code in TOKEN_ERRORS or response.status_code == 401:
        return ChannelError(
            "WhatsApp menolak token akses organisasi (kedaluwarsa atau dicabut). Admin perlu "
            "memperbaruinya di Kelola › Pemberitahuan.", kind=ErrorKind.AUTH, detail=detail,
        )
    if response.status_code >= 500 or code in (1, 2, 131000, 131016):
        return ChannelError(
            "Layanan WhatsApp sedang bermasalah. Tayang akan mencoba lagi.",
            # Meta's own error body says the message was not taken; a bare 5xx (a gateway)
            # says nothing, and the message may have gone out.
            kind=ErrorKind.SERVER, retryable=True, maybe_posted=not error, detail=detail,
        )
    if error:
        return ChannelError(f"WhatsApp menolak pesan ini: {error.get('message', '')}",
                            kind=ErrorKind.REJECTED, detail=detail)
    return status_error(response, platform=PLATFORM, detail=detail)
