"""Static files served by the production server itself, through WhiteNoise.

``collectstatic`` (WhiteNoise's compressed manifest storage, settings ``STORAGES``) writes
every file under a name carrying its content hash, with gzip and brotli copies beside it; this
middleware serves the copy the browser asks for (``Accept-Encoding``), answers HEAD and
conditional requests, and lets browsers keep a hashed name for a year: a changed file gets a
new name, so nothing stale is ever shown.
"""

from __future__ import annotations

from whitenoise.middleware import WhiteNoiseMiddleware

YEAR = 365 * 24 * 60 * 60


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    FOREVER = YEAR  # WhiteNoise's own default is ten years; a year is what RFC 9111 advises
