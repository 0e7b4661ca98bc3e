"""Facebook Page, through the Pages API of Meta's Graph API.

Flow (Pages API "Posts" guide and the Page Feed / Page Photos / Page Videos references):

* **Text or link only**: ``POST /{page-id}/feed`` with ``message`` and ``link``.
* **Photos**: each photo is uploaded first as an *unpublished* photo, ``POST
  /{page-id}/photos`` (multipart ``source``, ``published=false``, alt text in
  ``alt_text_custom``), which answers ``{"id": photo-id}``; then one ``POST /{page-id}/feed``
  with ``message`` and ``attached_media[i]={"media_fbid": photo-id}`` makes the post. Each
  photo id is written to the journal the moment it is known, so an attempt cut short after
  three uploads uploads only the rest next time. An upload that timed out may leave an
  unpublished photo behind; it is never shown, so it costs nothing.
* **One video**: ``POST /{page-id}/videos`` (multipart ``source``, ``title``,
  ``description``) on ``graph-video.facebook.com``, the host the Video API documents for
  uploads; it publishes at once and answers ``{"id": video-id}``.

Every create answers the new id; ``GET /{id}?fields=permalink_url`` gives the address, and
``https://www.facebook.com/{id}`` stands in when that read fails (the post exists; failing the
delivery for a URL would only make the next attempt look for it).

Finding an interrupted attempt: Graph keeps no idempotency key, so :meth:`FacebookPage.find`
trusts the post or video id in the journal first. Without one, if the journal shows the create
call was sent (``create_sent``, recorded just before it), it lists the Page's recent posts
(``GET /{page-id}/feed?fields=id,message,created_time,permalink_url``) and matches our text
(whitespace aside) among those created since this publication's first attempt began.
:meth:`FacebookPage.publish` does the same before sending a create again, so even a caller
that skips ``find()`` cannot post twice. A post found that way
for a video is the feed post (``{page}_{post}``), not the video id; both delete the same way.

Withdrawing is ``DELETE /{id}``, which answers ``{"success": true}``.

Limits (each documented value, or our choice where Meta documents none):

* message: 63,206 characters (Facebook's post length limit);
* photos: JPEG, PNG or GIF, smaller than 4 MB each (Graph API Photo reference: "Images
  should be smaller than 4MB"; PNG above 1 MB may look pixelated);
* at most 10 photos per post: Meta documents no maximum for ``attached_media``; 10 is the
  number the composer and the other Meta surfaces use and that posts reliably, so we stop
  there rather than find the real ceiling in production;
* one video per post, not mixed with photos (a feed post takes either photos or a video);
  MP4 or MOV, at most 240 minutes (Facebook's documented maximum length) and, because we send
  it in one non-resumable request, at most 1 GB (the Video API points larger files to its
  resumable upload protocol, which this connector does not use).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from tayang.channels.connectors.base import (
    ChannelError,
    ConfigField,
    Delivered,
    Journal,
    Limits,
    MediaFile,
    Post,
)
from tayang.channels.connectors.graph import Graph
from tayang.channels.connectors.meta import GraphConnector, matching, parse_time

MB = 1024 * 1024
PLATFORM = "Facebook"
RENEW = "Buat token Halaman baru lalu simpan di pengaturan kanal."
RECENT_POSTS = 50


class FacebookPage(GraphConnector):
    kind = "facebook"
    label = "Facebook Page"
    description = "Memposting ke Halaman Facebook instansi: teks, tautan, foto, atau satu video."
    config_fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField(
            "page_id", "ID Halaman Facebook",
            help="Angka ID Halaman, terlihat di Pengaturan Halaman > Transparansi Halaman.",
        ),
        ConfigField(
            "page_access_token", "Token akses Halaman", secret=True,
            help="Token Halaman berjangka panjang dengan izin pages_manage_posts dan "
                 "pages_read_engagement.",
        ),
    )
    limits = Limits(
        caption_max=63_206,
        max_photos=10,
        max_videos=1,
        mixed_media=False,
        photo_types=frozenset({"image/jpeg", "image/png", "image/gif"}),
        photo_max_bytes=4 * MB,
        video_types=frozenset({"video/mp4", "video/quicktime"}),
        video_max_bytes=1024 * MB,
        video_max_seconds=240 * 60,
        notes=(
            "Satu tayangan berisi foto (paling banyak 10) atau satu video, tidak keduanya.",
            "Foto PNG di atas 1 MB dapat tampak pecah; gunakan JPEG.",
        ),
    )
    can_withdraw = True
    default_api_base = "https://graph.facebook.com/v23.0"

    platform = PLATFORM
    renew = RENEW
    account_field = "page_id"
    token_field = "page_access_token"
    incomplete = "Kanal Facebook belum lengkap: isi ID Halaman dan token akses Halaman."
    page_id = GraphConnector.account_id

    @property
    def video_base(self) -> str:
        # The Video API documents graph-video.facebook.com for uploads; any other base (a
        # fake in tests, a proxy) is used as it is.
        return self.api_base.replace("://graph.facebook.com", "://graph-video.facebook.com", 1)

    # -- publishing -------------------------------------------------------------------------
    def publish(self, post: Post, journal: Journal) -> Delivered:
        graph = self.graph
        if not journal.get("started_at"):
            journal.record("started_at", datetime.now(UTC).isoformat())
        if post_id := journal.get("post_id") or journal.get("video_id"):
            return self._delivered(graph, post_id)
        # A create sent before without an answer may have posted: look before sending again.
        if journal.get("create_sent") and (found := self.find(post, journal)):
            return found
        if post.videos:
            return self._publish_video(graph, post, journal)
        data: dict[str, Any] = {"message": post.text}
        if post.photos:
            for index, photo_id in enumerate(self._upload_photos(graph, post, journal)):
                data[f"attached_media[{index}]"] = {"media_fbid": photo_id}
        elif post.link:
            data["link"] = post.link
        journal.record("create_sent", True)
        created = graph.post(f"{self.page_id}/feed", data, subject="tayangan ini")
        post_id = str(created["id"])
        journal.record("post_id", post_id)
        return self._delivered(graph, post_id)

    def _upload_photos(self, graph: Graph, post: Post, journal: Journal) -> list[str]:
        ids = list(journal.get("photo_ids") or [])
        for photo in post.photos[len(ids):]:
            data = {"published": False}
            if photo.alt.strip():
                data["alt_text_custom"] = photo.alt.strip()
            with photo.open() as handle:
                created = graph.post(
                    f"{self.page_id}/photos", data,
                    files={"source": (photo.filename, handle, photo.content_type)},
                    subject=f"foto {photo.filename}",
                )
            ids.append(str(created["id"]))
            journal.record("photo_ids", ids)
        return ids

    def _publish_video(self, graph: Graph, post: Post, journal: Journal) -> Delivered:
        video: MediaFile = post.videos[0]
        data = {"title": post.title, "description": post.text}
        journal.record("create_sent", True)
        with video.open() as handle:
            created = graph.post(
                f"{self.page_id}/videos", data,
                files={"source": (video.filename, handle, video.content_type)},
                subject=f"video {video.filename}", base=self.video_base,
            )
        video_id = str(created["id"])
        journal.record("video_id", video_id)
        return self._delivered(graph, video_id)

    def _delivered(self, graph: Graph, object_id: str) -> Delivered:
        try:
            found = graph.get(object_id, fields="permalink_url")
            url = _absolute(str(found.get("permalink_url") or ""))
        except ChannelError:
            url = ""
        return Delivered(object_id, url or f"https://www.facebook.com/{object_id}")

    # -- finding ----------------------------------------------------------------------------
    def find(self, post: Post, journal: Journal) -> Delivered | None:
        graph = self.graph
        if object_id := journal.get("post_id") or journal.get("video_id"):
            # Facebook answered the create with this id: it was posted. Even if someone has
            # deleted it since, posting it again is not ours to decide.
            return self._delivered(graph, object_id)
        if not journal.get("create_sent"):
            return None  # only the feed or video create posts; it was never sent
        started = parse_time(journal.get("started_at")) or datetime.now(UTC)
        feed = graph.get(f"{self.page_id}/feed", fields="id,message,created_time,permalink_url",
                         limit=RECENT_POSTS)
        item = matching(feed.get("data", []), post.text, text_field="message",
                        time_field="created_time", since=started)
        if item is None:
            return None
        post_id = str(item["id"])
        journal.record("post_id", post_id)
        return Delivered(post_id, _absolute(str(item.get("permalink_url") or ""))
                         or f"https://www.facebook.com/{post_id}")

    # -- withdrawing ------------------------------------------------------------------------
    def withdraw(self, delivered: Delivered, journal: Journal) -> None:
        self.graph.delete(delivered.external_id, subject="tayangan ini")

    # -- checks -----------------------------------------------------------------------------
    @classmethod
    def problems(cls, post: Post) -> list[str]:
        if not post.text.strip() and not post.media and not post.link:
            return ["tayangan kosong: isi teks, tautan, atau media."]
        return []

    def check(self) -> str:
        page = self.graph.get(self.page_id, fields="name,id", subject="Halaman ini")
        return f"Halaman Facebook “{page.get('name', '')}” (ID {page.get('id', self.page_id)})"


def _absolute(url: str) -> str:
    # Video permalinks come back relative ("/page/videos/123/").
    return f"https://www.facebook.com{url}" if url.startswith("/") else url
