"""The token of a decision link: random, signed with the secret key, stored only as a hash.

A token is ``<secret>:<signature>``: 24 random bytes (URL-safe Base64) signed by Django's
:class:`~django.core.signing.Signer` under its own salt. The signature lets the link page turn
away a mangled or made-up token without touching the database (and changing ``SECRET_KEY``
voids every link); the random part is what makes a token impossible to guess. Only the
SHA-256 of the random part is stored, so the database never holds a usable link.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing
from django.views.decorators.debug import sensitive_variables

_SALT = "tayang.decisions.link"
_MAX_LENGTH = 200  # a real token is about 80 characters; anything far longer is junk


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT)


@sensitive_variables("secret")
def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store for it."""
    secret = secrets.token_urlsafe(24)
    return _signer().sign(secret), digest(secret)


@sensitive_variables("token", "secret")
def hash_of(token: str) -> str | None:
    """The stored hash a token stands for, or None when it is not one of ours."""
    token = token.strip()
    if not token or len(token) > _MAX_LENGTH:
        return None
    try:
        secret = _signer().unsign(token)
    except signing.BadSignature:
        return None
    return digest(secret)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
