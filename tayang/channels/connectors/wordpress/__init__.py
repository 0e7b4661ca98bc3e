"""WordPress: a post on the agency's own WordPress site, through its REST API.

Flow (https://developer.wordpress.org/rest-api/reference/), REST root ``{site}/wp-json/wp/v2``,
HTTP Basic auth with the user's name and an Application Password (WordPress 5.6+; WordPress
accepts them only over HTTPS unless the site is a local development site):

1. each photo/video: ``POST /media`` with the file as the raw body, ``Content-Type`` and
   ``Content-Disposition: attachment; filename="..."``; ``alt_text`` and ``slug`` go as query
   parameters of the same call (the REST API reads parameters from the query string too), so an
   attachment never exists without its alt text and there is no second call to resume;
2. ``POST /posts`` ``{title, content, excerpt, status, slug, featured_media, categories}``:
   content is the article's HTML, a gallery block of the photos when there are two or more (one
   photo is the featured image, which themes show above the post), a video block per video and
   a link back to the article;
3. the post's ``link`` is the URL.

Exactly once: the post's ``slug`` is derived from :attr:`Post.key`. WordPress keeps slugs of
published posts unique (a second post with the same slug would get ``-2``) and keeps a draft's
slug as given, so ``GET /posts?slug=<slug>&status=any`` (authenticated) finds a post an
interrupted attempt created — exact and documented. Attachments get slugs ``<slug>-media-<n>``
the same way, so an upload whose answer was lost is found again instead of uploaded twice;
finished uploads are reused from the journal.

Withdrawing moves the post to the trash (``DELETE /posts/{id}`` without ``force``): the site's
admin can restore it for 30 days, and its photos stay in the media library. Deleting for good
is left to a person.

Errors are WordPress's JSON ``{"code": ..., "message": ..., "data": {"status": ...}}``. Note that
WordPress answers a refused file type with ``rest_upload_sideload_error`` and status 500, so the
code is read before the status.

The package: :mod:`.connector` (the contract, media uploads, the channel's settings),
:mod:`.content` (the post's slug and HTML), :mod:`.api` (one REST call, and WordPress's errors
in an admin's words).

The upload size limit is the site's (PHP's ``upload_max_filesize``), which the REST API does not
publish; the optional ``max_upload_mb`` setting lets the admin state it so a too-large file is
refused by name before it is sent. Tags are not sent: WordPress wants term ids, and creating
terms needs rights an author account usually lacks.
"""

from tayang.channels.connectors.wordpress.connector import WordPress
from tayang.channels.connectors.wordpress.content import post_slug

__all__ = ["WordPress", "post_slug"]
