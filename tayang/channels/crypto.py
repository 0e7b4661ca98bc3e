"""Channel credentials, encrypted at rest.

Fernet (AES-128-CBC with HMAC-SHA256) from ``cryptography``. The key comes from
``TAYANG_CHANNEL_KEY`` (a Fernet key, 44 characters of URL-safe base64) when it is set, as
production must; otherwise it is derived from ``SECRET_KEY``, so a development database
stays readable across restarts. Rotating keys: ``TAYANG_CHANNEL_KEY`` may list several keys
separated by commas, the first encrypts and all decrypt (MultiFernet).
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet


class UnreadableSecrets(Exception):
    """The stored credentials cannot be decrypted with the configured keys."""


def _cipher() -> MultiFernet:
    from cryptography.fernet import Fernet, MultiFernet  # 7 MB, when used

    configured = [k.strip() for k in getattr(settings, "TAYANG_CHANNEL_KEY", "").split(",")]
    keys = [Fernet(k.encode()) for k in configured if k]
    if not keys:
        derived = hashlib.sha256(b"tayang-channel-secrets:" + settings.SECRET_KEY.encode())
        keys = [Fernet(base64.urlsafe_b64encode(derived.digest()))]
    return MultiFernet(keys)


def encrypt(secrets: dict[str, str]) -> str:
    if not secrets:
        return ""
    return _cipher().encrypt(json.dumps(secrets, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict[str, str]:
    if not token:  # a channel without credentials (the notice board) loads no cryptography
        return {}
    from cryptography.fernet import InvalidToken  # 7 MB, when used

    try:
        return json.loads(_cipher().decrypt(token.encode()))
    except (InvalidToken, ValueError) as error:
        raise UnreadableSecrets(
            "Kredensial kanal tidak dapat dibuka dengan kunci yang terpasang "
            "(TAYANG_CHANNEL_KEY berubah?). Simpan ulang kredensialnya."
        ) from error
