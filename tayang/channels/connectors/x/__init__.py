"""X (Twitter): a post on the agency's account through X API v2, with up to 4 photos or 1 video.

The flow, all on ``https://api.x.com`` with an OAuth 2.0 *user-context* bearer token:

1. **Photos** go one by one to ``POST /2/media/upload`` (multipart: the file as ``media``,
   ``media_category=tweet_image``, or ``tweet_gif`` for an animated GIF); each answer's
   ``data.id`` is recorded in the journal (``media_ids``) at once, so a later attempt uploads
   only what is missing. X forgets uploaded media after ``expires_after_secs`` (a day for
   images); the journal keeps that deadline (``media_expires_at``) and media past it are
   uploaded again. Alt text, when a photo has one, goes to ``POST /2/media/metadata``
   (``{"id": …, "metadata": {"alt_text": {"text": …}}}``, at most 1,000 characters); the ids
   that got theirs are journaled (``alt_text_set``).
2. **A video** takes the chunked upload: ``POST /2/media/upload/initialize`` (JSON
   ``media_type``, ``total_bytes``, ``media_category=tweet_video``), then
   ``POST /2/media/upload/{id}/append`` (multipart ``media`` + ``segment_index``) per 4 MB
   chunk, then ``POST /2/media/upload/{id}/finalize``; while ``processing_info.state`` is
   ``pending``/``in_progress``, ``GET /2/media/upload?command=STATUS&media_id=…`` after
   ``check_after_secs``. The journal (``video_upload``) holds the media id, the chunks sent
   and whether it was finalized, so an interrupted upload continues where it stopped.
3. **The post**: ``POST /2/tweets`` with ``{"text": …, "media": {"media_ids": […]}}`` answers
   ``{"data": {"id", "text"}}``; the post lives at ``https://x.com/i/web/status/{id}``. Just
   before sending, the journal records ``tweet_sent_at`` (kept from the first attempt); after
   the answer, ``tweet_id``.

**Finding an interrupted post.** X keeps no idempotency key. :meth:`X.find` answers from the
journal when it holds ``tweet_id``; says "not posted" when ``tweet_sent_at`` is absent (the
create call never went out); otherwise it lists the account's posts since that moment
(``GET /2/users/me`` once, then ``GET /2/users/{id}/tweets?start_time=…&max_results=20``) and
compares texts. When the app's access level does not allow reading the timeline (a 403 such
as ``client-not-enrolled`` on X's lowest tier), it raises ``CannotFind`` so an admin checks.
X rewrites every link to a t.co link, appends one for attached media and
HTML-escapes ``&``, ``<`` and ``>``, so both sides are compared with URLs removed, entities
unescaped and whitespace collapsed.

**Duplicates.** X refuses a text identical to a recent post of the account with 403 "You are
not allowed to create a Tweet with duplicate content." When an earlier attempt of *this*
publication may have posted, that refusal means it did: the post is looked up and returned,
or, if X's listing does not show it yet, the attempt ends as retryable and ``maybe_posted`` so
the next one looks again. With no earlier attempt, the same text was posted by someone else
(or by hand): that is REJECTED, and the admin is asked to vary the text.

**Errors.** X answers with RFC 7807 problem details (``{"title", "detail", "type",
"status"}``) or ``{"errors": [{"message"…}]}``; both are kept in ``detail``. 429 waits until
``x-rate-limit-reset`` (epoch seconds), or until the 24-hour reset when
``x-user-limit-24hour-remaining``/``x-app-limit-24hour-remaining`` is 0; 401 is an expired
token (AUTH); 402 means the developer account's credits or plan ran out (CONFIG); other 403s
are missing permissions (AUTH); 5xx are retryable (``maybe_posted`` on the create call).

**Token refresh (decision).** X's OAuth 2.0 access tokens last two hours. When the channel also
holds a ``refresh_token`` and ``client_id`` (and ``client_secret`` for a confidential client,
sent as HTTP Basic auth), a 401 triggers one ``POST /2/oauth2/token``
(``grant_type=refresh_token``) and the request is repeated with the new token. X *rotates*
refresh tokens: the old one stops working. So the new pair is exposed twice:
``connector.refreshed_secrets`` (``{"access_token", "refresh_token"}``, for the caller to seal
into the channel's secrets after the call) and, when a journal is at hand, the journal entry
``refreshed_secrets`` with the same content, so a worker killed right after the refresh does
not lose the only valid refresh token. The caller should move it into the sealed secrets and
blank the journal entry.

The package: :mod:`.connector` (the contract, finding an interrupted post, the calls),
:mod:`.media` (photo and chunked video uploads), :mod:`.errors` (X's answers in an admin's
words); the bearer token and its refresh are :mod:`tayang.channels.connectors.oauth`'s.

**Assumptions** where the documentation is thin: the one-shot ``POST /2/media/upload`` accepts
``media_category`` and ``media_type`` as multipart fields and answers ``{"data": {"id",
"media_key", "expires_after_secs"…}}``; a deleted post answers ``{"data": {"deleted": true}}``,
an unknown one 404 or ``{"errors": [{"type": …/resource-not-found}]}``.
"""

from tayang.channels.connectors.x.connector import X, comparable

__all__ = ["X", "comparable"]
