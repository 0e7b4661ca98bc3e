"""YouTube: the item's video uploaded to the agency's channel with the YouTube Data API v3.

The flow is Google's resumable upload protocol:

1. ``POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`` with the video
   resource as JSON (``snippet.title`` = the post's title, ``snippet.description`` = the
   channel's caption, ``tags``, ``categoryId``; ``status.privacyStatus`` and
   ``selfDeclaredMadeForKids: false``) and the headers ``X-Upload-Content-Length`` and
   ``X-Upload-Content-Type``. Google answers 200 with the *session URL* in ``Location``. The
   journal records it (``upload_url``, with ``upload_size``) **before a single byte is sent**.
2. ``PUT`` the bytes to the session URL in chunks (``Content-Range: bytes a-b/total``; every
   chunk but the last a multiple of 256 KiB). Google answers 308 with ``Range: bytes=0-n`` until
   the last chunk, then 200/201 with the video resource; its ``id`` gives
   ``https://www.youtube.com/watch?v={id}``. Progress is journaled (``uploaded_bytes``), which
   also renews the worker's lease during a long upload; just before the last chunk the journal
   records ``final_sent``.
3. **Resuming** (a later attempt, or :meth:`YouTube.find`): an empty ``PUT`` with
   ``Content-Range: bytes */total`` asks the session how far it got: 308 (with ``Range`` if
   anything arrived) means "continue from n+1"; 200/201 means the upload had completed and
   returns the video; 404/410 means the session expired (Google keeps one about a week). So
   ``find()`` needs no listing while the session lives. When it is gone and the last chunk may
   have been sent, ``find()`` looks in the channel's uploads playlist (``channels?part=
   contentDetails&mine=true``, then ``playlistItems``) for the same title and description.

Photos are not uploaded (YouTube takes one video per upload); a post without a video is refused
by the limits (``requires_video``). Custom thumbnails need a verified channel and are left out.

**Errors** are Google's ``{"error": {"code", "message", "errors": [{"reason", "domain"}]}}``:
``quotaExceeded``/``dailyLimitExceeded`` (403) wait until the quota resets at midnight Pacific
time (an approximation of Google's daily reset); ``rateLimitExceeded``/``userRateLimitExceeded``
(403 or 429) wait ``Retry-After`` or a minute; ``uploadLimitExceeded`` (the channel's daily
upload cap) waits a day: YouTube documents "try again in 24 hours", so it is a retryable
RATE_LIMITED rather than REJECTED (a deliberate departure from the first brief);
``invalidTitle``/``invalidDescription``/``invalidTags`` are REJECTED, ``invalidCategoryId`` is a
settings problem (CONFIG); 401/``authError`` is AUTH, other 403s (``forbidden``,
``insufficientPermissions``) are AUTH too; 5xx are SERVER and the next attempt resumes the
upload (``maybe_posted`` only when the last chunk was in flight).

**Token refresh** works as for X (see :mod:`tayang.channels.connectors.x`): with
``refresh_token``, ``client_id`` and ``client_secret``, a 401 triggers one ``POST
https://oauth2.googleapis.com/token`` (``grant_type=refresh_token``) and the request is
repeated; the new access token is exposed in ``connector.refreshed_secrets`` and the journal's
``refreshed_secrets`` (Google does not rotate refresh tokens, so only ``access_token`` is in
it unless Google sends a new refresh token). When the API base is not Google's (a test server,
a proxy), the token endpoint is looked for at ``{api_base}/token`` unless the ``token_url``
setting says otherwise.

The package: :mod:`.connector` (the contract, the video's metadata, finding an upload),
:mod:`.upload` (the resumable upload session), :mod:`.errors` (Google's answers in an admin's
words); the bearer token and its refresh are :mod:`tayang.channels.connectors.oauth`'s.

**Assumptions**: the uploads playlist of the authorized channel lists private and unlisted
uploads too; a session query answered 404 or 410 means the session is gone.
"""

from tayang.channels.connectors.youtube.connector import YouTube, tags_length, utf8_length
from tayang.channels.connectors.youtube.errors import PACIFIC, until_quota_reset

__all__ = ["PACIFIC", "YouTube", "tags_length", "until_quota_reset", "utf8_length"]
