"""Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226), as authenticator apps make.

Plain Python with ``hmac``: SHA-1, 6 digits, 30-second steps — what Google Authenticator,
Microsoft Authenticator, FreeOTP and Aegis all read from an ``otpauth://`` QR code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP = 30
DIGITS = 6


def new_secret() -> str:
    """160 random bits (the length RFC 4226 recommends), base32 without padding."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    mac = hmac.new(key, struct.pack(">Q", counter), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10 ** digits).zfill(digits)


def step_at(unix_time: float) -> int:
    return int(unix_time // STEP)


def code_at(secret: str, unix_time: float) -> str:
    return hotp(_key(secret), step_at(unix_time))


def matching_step(secret: str, code: str, unix_time: float, *, after: int = 0,
                  drift: int = 1) -> int | None:
    """The time step ``code`` belongs to (this one or ``drift`` either side), or ``None``.

    Steps up to ``after`` (the last one accepted) are never accepted again.
    """
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = _key(secret)
    now = step_at(unix_time)
    for step in range(now - drift, now + drift + 1):
        if step > after and hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str = "Tayang") -> str:
    label = quote(f"{issuer}:{account}")
    return f"otpauth://totp/{label}?" + urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS,
         "period": STEP})
