"""Instagram professional account, through the Instagram API with Facebook Login.

Instagram never receives our bytes: it fetches every photo and video from its public URL
(``MediaFile.url``), so the files must be on the public website when we publish. Publishing
is two-step (Content Publishing guide; IG User Media, IG Container and IG User Media Publish
references), on ``graph.facebook.com``:

1. **A container.** ``POST /{ig-user-id}/media`` answers ``{"id": container-id}``:

   * one photo: ``image_url``, ``caption``, ``alt_text`` (alt text exists for images since
     March 2025; not for Reels);
   * one video: ``media_type=REELS``, ``video_url``, ``caption`` (every single feed video is a
     Reel since July 2023);
   * a carousel: first one child container per item with ``is_carousel_item=true``
     (``image_url`` + ``alt_text``, or ``media_type=VIDEO`` + ``video_url``), each child id
     journaled as soon as it is known; then ``media_type=CAROUSEL``,
     ``children=<id,id,...>``, ``caption``.

2. **Processing.** ``GET /{container-id}?fields=status_code,status`` until ``FINISHED``:
   ``IN_PROGRESS`` means wait (short sleeps, bounded by :attr:`Instagram.poll_timeout`; past
   it the attempt ends retryable and the next one resumes polling the journaled container),
   ``ERROR`` means the file was refused, ``EXPIRED`` means the container was not published
   within 24 hours and is created again, ``PUBLISHED`` means an earlier attempt published it.

3. **Publishing.** The container id is in the journal *before*
   ``POST /{ig-user-id}/media_publish`` with ``creation_id``, which answers the media id;
   ``GET /{media-id}?fields=permalink`` gives the address.

Finding an interrupted attempt: without a journaled container nothing can have been
published. With one, its ``status_code`` says whether it was: ``PUBLISHED`` → the media is
looked up among the account's recent media (``GET /{ig-user-id}/media?fields=id,caption,
permalink,timestamp``) by our caption; if it cannot be identified, :class:`CannotFind` (it *is*
posted; an admin decides) rather than a second post.

The content publishing limit (50 posts per rolling 24 hours at the time of writing; a
carousel counts once) is read from ``GET /{ig-user-id}/content_publishing_limit?fields=
quota_usage,config`` before each attempt, never assumed. When ``quota_usage`` has reached
``config.quota_total`` the attempt is refused as RATE_LIMITED, retryable, waiting until the
oldest of our recent media leaves the ``config.quota_duration`` window: the API does not say
when the window frees up, so this is the best estimate it allows (media posted by hand count
in the listing but not in the quota, which can only make the estimate early, and an early
retry just reads the quota again).

Withdrawing: for years the API could not delete media; since December 2025
``DELETE /{ig-media-id}`` deletes a post, Reel or whole carousel (not a single slide), answering
``{"success": true}``, but only on the Facebook Login path this connector uses and only with
the ``instagram_manage_contents`` permission. (We could not read Meta's reference page for it;
this follows Meta's changelog as integrators quote it.) A token without the permission is
refused; the message then says to delete the post in the Instagram app or to renew the token
with that permission, so ``can_withdraw`` stays true.

The package: :mod:`.connector` (containers, publishing, finding, withdrawing), :mod:`.quota`
(the content publishing limit), :mod:`.containers` (what a container is made of and how its
refusals read); the Graph client and the search by caption are shared with Facebook
(:mod:`tayang.channels.connectors.graph`, :mod:`tayang.channels.connectors.meta`).

Limits, from the IG User Media reference and the Content Publishing guide: caption 2,200
characters with at most 30 hashtags and 20 @-mentions; media required; a carousel holds at
most 10 items (the app allows more, the API documents 10); photos JPEG only, at most 8 MB
(the Instagram error 2207004 says "less than 8 MiB"), aspect ratio 4:5 to 1.91:1; Reels MP4
or MOV, 3 seconds to 15 minutes, at most 300 MB.
"""

from tayang.channels.connectors.instagram.connector import Instagram

__all__ = ["Instagram"]
