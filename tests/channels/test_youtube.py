"""The YouTube connector against a fake Data API v3: resumable upload, resuming, errors, limits."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from tayang.channels import limits
from tayang.channels.connectors.base import ChannelError, Delivered, ErrorKind, MediaFile
from tayang.channels.connectors.youtube import PACIFIC, YouTube, until_quota_reset
from tests.channels.fakes.youtube import GRANULE, FakeYouTube, google_error
from tests.channels.journal import DictJournal
from tests.channels.posts import jpeg, post, video

BACKEND_ERROR = google_error(503, "backendError", "Backend Error").body
SIZE = 2 * GRANULE + 175_712  # three chunks of 256 KiB: full, full, partial


@pytest.fixture
def api():
    with FakeYouTube() as fake:
        yield fake


def connector(api: FakeYouTube, http: httpx.Client, *, chunked: bool = False,
              refresh: bool = False, **config: str) -> YouTube:
    secrets = {"access_token": api.token}
    if refresh:
        secrets |= {"refresh_token": api.refresh_token, "client_secret": api.client_secret}
        config.setdefault("client_id", api.client_id)
    youtube = YouTube(config, secrets, http, api.url)
    if chunked:
        youtube.chunk_size = GRANULE
    return youtube


def big_video(directory: Path, size: int = SIZE) -> MediaFile:
    clip = video(directory, "liputan.mp4", seconds=95)
    Path(clip.path).write_bytes(bytes(range(256)) * (size // 256) + b"\x01" * (size % 256))
    return dataclasses.replace(clip, size=size)


class WatchfulJournal(DictJournal):
    """Notes how many bytes had been sent when the session URL was recorded."""

    def __init__(self, api: FakeYouTube) -> None:
        super().__init__()
        self.api = api
        self.puts_before_url: int | None = None

    def record(self, key, value):
        if key == "upload_url" and value:
            self.puts_before_url = len(self.api.calls("PUT", r"/upload/"))
        super().record(key, value)


# -- the happy paths ------------------------------------------------------------------------------
def test_upload_follows_the_resumable_protocol(api, http, tmp_path):
    clip = video(tmp_path)
    item = post(clip)
    journal = WatchfulJournal(api)

    delivered = connector(api, http).publish(item, journal)

    (start,) = api.calls("POST", r"^/upload/youtube/v3/videos$")
    assert start.query == {"uploadType": "resumable", "part": "snippet,status"}
    assert start.headers["authorization"] == f"Bearer {api.token}"
    assert start.headers["x-upload-content-length"] == str(clip.size)
    assert start.headers["x-upload-content-type"] == "video/mp4"
    assert start.headers["content-type"].startswith("application/json")
    assert start.json == {
        "snippet": {"title": item.title, "description": item.text, "categoryId": "25",
                    "tags": ["bantuan sosial"]},
        "status": {"privacyStatus": "public", "selfDeclaredMadeForKids": False},
    }
    (put,) = api.calls("PUT", r"^/upload/youtube/v3/videos$")
    assert put.query["upload_id"] in api.sessions
    assert put.headers["content-range"] == f"bytes 0-{clip.size - 1}/{clip.size}"
    assert put.body == Path(clip.path).read_bytes()
    (video_id,) = api.videos
    assert delivered == Delivered(video_id, f"https://www.youtube.com/watch?v={video_id}")
    assert journal.puts_before_url == 0  # the session URL was saved before any byte went out
    assert journal["upload_url"].startswith(f"{api.url}/upload/youtube/v3/videos?")
    assert journal["video_id"] == video_id and journal["final_sent"] is True


def test_privacy_and_category_come_from_the_settings(api, http, tmp_path):
    youtube = connector(api, http, privacy_status="unlisted", category_id="29")
    youtube.publish(post(video(tmp_path)), DictJournal())
    (start,) = api.calls("POST", r"^/upload/")
    assert start.json["status"]["privacyStatus"] == "unlisted"
    assert start.json["snippet"]["categoryId"] == "29"


def test_an_unknown_privacy_setting_is_a_settings_problem(api, http, tmp_path):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, privacy_status="rahasia").publish(post(video(tmp_path)),
                                                                DictJournal())
    assert caught.value.kind == ErrorKind.CONFIG
    assert "public, unlisted, atau private" in caught.value.message
    assert api.requests == []


def test_a_large_video_goes_in_256_kib_chunks(api, http, tmp_path):
    clip = big_video(tmp_path)
    journal = DictJournal()
    connector(api, http, chunked=True).publish(post(clip), journal)
    assert [r.headers["content-range"] for r in api.data_puts()] == [
        f"bytes 0-262143/{SIZE}", f"bytes 262144-524287/{SIZE}", f"bytes 524288-{SIZE - 1}/{SIZE}",
    ]
    (video_id,) = api.videos
    assert api.video_bytes[video_id] == Path(clip.path).read_bytes()
    assert journal["uploaded_bytes"] == 2 * GRANULE


def test_photos_are_not_uploaded(api, http, tmp_path):
    connector(api, http).publish(post(jpeg(tmp_path), video(tmp_path)), DictJournal())
    assert [r.method for r in api.requests] == ["POST", "PUT"]
    assert len(api.videos) == 1


def test_a_post_without_video_is_refused(api, http, tmp_path):
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(jpeg(tmp_path)), DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED
    assert "hanya menerima video" in caught.value.message
    assert api.requests == []


# -- resuming and finding -------------------------------------------------------------------------
def test_a_503_after_a_stored_chunk_resumes_from_the_session_in_the_journal(api, http, tmp_path):
    clip = big_video(tmp_path)
    api.fail_nth("PUT", r"/upload/", 2, 503, BACKEND_ERROR,
                 after_handler=True)  # the second chunk is stored, the answer is an error
    journal = DictJournal()
    with pytest.raises(ChannelError) as caught:
        connector(api, http, chunked=True).publish(post(clip), journal)
    error = caught.value
    assert error.kind == ErrorKind.SERVER and error.retryable and not error.maybe_posted
    assert api.videos == {}

    delivered = connector(api, http, chunked=True).publish(post(clip), journal)

    query = api.calls("PUT", r"/upload/")[2]
    assert query.headers["content-range"] == f"bytes */{SIZE}"
    assert query.body == b""
    assert [r.headers["content-range"] for r in api.data_puts()] == [
        f"bytes 0-262143/{SIZE}", f"bytes 262144-524287/{SIZE}", f"bytes 524288-{SIZE - 1}/{SIZE}",
    ]
    assert len(api.calls("POST", r"^/upload/")) == 1  # the same session, no second upload
    (video_id,) = api.videos
    assert delivered.external_id == video_id
    assert api.video_bytes[video_id] == Path(clip.path).read_bytes()


def test_a_timeout_on_an_early_chunk_resumes_without_resending_it(api, http, tmp_path):
    clip = big_video(tmp_path)
    api.hang("PUT", r"/upload/")  # the first chunk arrives, its answer never does
    journal = DictJournal()
    with httpx.Client(timeout=0.5) as impatient, pytest.raises(ChannelError) as caught:
        connector(api, impatient, chunked=True).publish(post(clip), journal)
    assert caught.value.kind == ErrorKind.NETWORK
    assert not caught.value.maybe_posted  # an early chunk cannot make a video

    connector(api, http, chunked=True).publish(post(clip), journal)
    assert [r.headers["content-range"] for r in api.data_puts()] == [
        f"bytes 0-262143/{SIZE}", f"bytes 262144-524287/{SIZE}", f"bytes 524288-{SIZE - 1}/{SIZE}",
    ]
    assert len(api.videos) == 1


def test_an_interrupted_last_chunk_is_found_through_the_session(api, http, tmp_path):
    clip = video(tmp_path)
    api.hang("PUT", r"/upload/")  # YouTube completes the video, the answer never arrives
    journal = DictJournal()
    with httpx.Client(timeout=0.5) as impatient, pytest.raises(ChannelError) as caught:
        connector(api, impatient).publish(post(clip), journal)
    assert caught.value.kind == ErrorKind.NETWORK and caught.value.maybe_posted
    (video_id,) = api.videos

    youtube = connector(api, http)
    found = youtube.find(post(clip), journal)

    assert found == Delivered(video_id, f"https://www.youtube.com/watch?v={video_id}")
    assert api.calls("PUT", r"/upload/")[-1].headers["content-range"] == f"bytes */{clip.size}"
    assert youtube.publish(post(clip), journal) == found
    assert len(api.videos) == 1
    assert len(api.calls("POST", r"^/upload/")) == 1


def test_find_looks_in_the_uploads_when_the_session_has_expired(api, http, tmp_path):
    clip = video(tmp_path)
    api.hang("PUT", r"/upload/")
    journal = DictJournal()
    with httpx.Client(timeout=0.5) as impatient, pytest.raises(ChannelError):
        connector(api, impatient).publish(post(clip), journal)
    api.expire_sessions()

    found = connector(api, http).find(post(clip), journal)

    (video_id,) = api.videos
    assert found is not None and found.external_id == video_id
    (listing,) = api.calls("GET", r"/playlistItems$")
    assert listing.query["playlistId"] == "UU" + api.channel["id"][2:]


def test_find_says_not_posted_while_bytes_are_missing(api, http, tmp_path):
    clip = big_video(tmp_path)
    api.fail_nth("PUT", r"/upload/", 2, 503, BACKEND_ERROR)
    journal = DictJournal()
    with pytest.raises(ChannelError):
        connector(api, http, chunked=True).publish(post(clip), journal)
    assert connector(api, http).find(post(clip), journal) is None
    api.expire_sessions()
    assert connector(api, http).find(post(clip), journal) is None  # the last chunk never left


def test_find_asks_nothing_before_an_upload_began(api, http, tmp_path):
    assert connector(api, http).find(post(video(tmp_path)), DictJournal()) is None
    assert api.requests == []


def test_an_expired_session_is_replaced_by_a_new_upload(api, http, tmp_path):
    clip = big_video(tmp_path)
    api.fail_nth("PUT", r"/upload/", 2, 503, BACKEND_ERROR)
    journal = DictJournal()
    with pytest.raises(ChannelError):
        connector(api, http, chunked=True).publish(post(clip), journal)
    api.expire_sessions()

    delivered = connector(api, http, chunked=True).publish(post(clip), journal)

    assert len(api.calls("POST", r"^/upload/")) == 2
    assert list(api.videos) == [delivered.external_id]


# -- errors ---------------------------------------------------------------------------------------
def test_quota_exceeded_waits_for_the_pacific_midnight_reset(api, http, tmp_path):
    api.fail("POST", r"^/upload/", 403, google_error(
        403, "quotaExceeded", "The request cannot be completed because you have exceeded your "
        "<a href=\"/youtube/v3/getting-started#quota\">quota</a>.", "youtube.quota").body)
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(video(tmp_path)), DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.RATE_LIMITED and error.retryable
    assert abs(error.retry_after - until_quota_reset()) < 5
    assert "Kuota harian YouTube Data API" in error.message
    assert "quotaExceeded" in error.detail


def test_the_quota_resets_at_midnight_in_california():
    evening = datetime(2026, 11, 24, 23, 0, tzinfo=PACIFIC)
    assert until_quota_reset(evening) == 3600


def test_a_rate_limit_in_a_403_is_still_a_rate_limit(api, http, tmp_path):
    api.fail("POST", r"^/upload/", 403, google_error(
        403, "userRateLimitExceeded", "User Rate Limit Exceeded", "usageLimits").body,
        headers={"Retry-After": "30"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(video(tmp_path)), DictJournal())
    assert caught.value.kind == ErrorKind.RATE_LIMITED
    assert caught.value.retry_after == 30


def test_the_daily_upload_cap_waits_a_day(api, http, tmp_path):
    api.fail("POST", r"^/upload/", 400, google_error(
        400, "uploadLimitExceeded", "The user has exceeded the number of videos they may "
        "upload.").body)
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(video(tmp_path)), DictJournal())
    assert caught.value.kind == ErrorKind.RATE_LIMITED
    assert caught.value.retry_after == 24 * 3600


def test_an_expired_token_without_refresh_asks_to_reconnect(api, http, tmp_path):
    youtube = connector(api, http)
    api.expire_token()
    with pytest.raises(ChannelError) as caught:
        youtube.publish(post(video(tmp_path)), DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.AUTH and not error.retryable
    assert error.message.startswith("YouTube menolak token akses: token kedaluwarsa")
    assert error.detail == "Invalid Credentials (authError)"


def test_an_expired_token_is_refreshed(api, http, tmp_path):
    youtube = connector(api, http, refresh=True)
    api.expire_token()
    journal = DictJournal()

    youtube.publish(post(video(tmp_path)), journal)

    (token_call,) = api.calls("POST", r"^/token$")
    assert token_call.form == {"grant_type": "refresh_token", "refresh_token": api.refresh_token,
                               "client_id": api.client_id, "client_secret": api.client_secret}
    assert youtube.refreshed_secrets == {"access_token": api.token}
    assert journal["refreshed_secrets"] == {"access_token": api.token}
    assert len(api.videos) == 1


def test_a_refresh_token_without_the_client_secret_is_not_tried(api, http, tmp_path):
    # Google's token endpoint wants the client secret (X's does not): without it the admin is
    # asked to reconnect and no refresh call goes out (oauth.OAuthConnector decides for both).
    youtube = YouTube({"client_id": api.client_id},
                      {"access_token": api.token, "refresh_token": api.refresh_token}, http,
                      api.url)
    api.expire_token()
    with pytest.raises(ChannelError) as caught:
        youtube.publish(post(video(tmp_path)), DictJournal())
    assert caught.value.kind == ErrorKind.AUTH
    assert caught.value.message.startswith("YouTube menolak token akses: token kedaluwarsa")
    assert api.calls("POST", r"^/token$") == []
    assert youtube.refreshed_secrets == {}


def test_a_revoked_refresh_token_is_an_auth_error(api, http, tmp_path):
    api.refresh_token = "1//dicabut"
    youtube = YouTube({"client_id": api.client_id},
                      {"access_token": "ya29.lama", "refresh_token": "1//lama",
                       "client_secret": api.client_secret}, http, api.url)
    with pytest.raises(ChannelError) as caught:
        youtube.publish(post(video(tmp_path)), DictJournal())
    assert caught.value.kind == ErrorKind.AUTH
    assert "token penyegar kedaluwarsa" in caught.value.message
    assert "Token has been expired or revoked." in caught.value.detail


def test_an_invalid_title_is_rejected(api, http, tmp_path):
    item = dataclasses.replace(post(video(tmp_path)), title="Bantuan <tahap 4>")
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED
    assert "judul video ditolak" in caught.value.message
    assert "invalidTitle" in caught.value.detail


def test_an_unknown_category_is_a_settings_problem(api, http, tmp_path):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, category_id="99").publish(post(video(tmp_path)), DictJournal())
    assert caught.value.kind == ErrorKind.CONFIG
    assert "kategori" in caught.value.message


def test_a_server_error_when_starting_posted_nothing(api, http, tmp_path):
    api.fail("POST", r"^/upload/", 500, google_error(500, "backendError", "Backend Error").body)
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(video(tmp_path)), DictJournal())
    assert caught.value.kind == ErrorKind.SERVER
    assert caught.value.retryable and not caught.value.maybe_posted


def test_a_server_error_on_the_last_chunk_may_have_posted(api, http, tmp_path):
    api.fail("PUT", r"/upload/", 503, google_error(503, "backendError", "Backend Error").body)
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(video(tmp_path)), DictJournal())
    assert caught.value.retryable and caught.value.maybe_posted


# -- withdraw and check ---------------------------------------------------------------------------
def test_withdraw_deletes_the_video(api, http, tmp_path):
    youtube = connector(api, http)
    delivered = youtube.publish(post(video(tmp_path)), DictJournal())
    youtube.withdraw(delivered, DictJournal())
    assert api.videos == {}
    (delete,) = api.calls("DELETE", r"/youtube/v3/videos$")
    assert delete.query == {"id": delivered.external_id}

    with pytest.raises(ChannelError) as caught:
        youtube.withdraw(delivered, DictJournal())
    assert caught.value.kind == ErrorKind.NOT_FOUND
    assert "videoNotFound" in caught.value.detail


def test_check_names_the_channel(api, http):
    assert connector(api, http).check() == "Kanal YouTube Dinas Sosial DIY"
    (request,) = api.calls("GET", r"/channels$")
    assert request.query == {"part": "snippet", "mine": "true"}


# -- limits ---------------------------------------------------------------------------------------
def test_a_video_is_required_and_one_is_enough(tmp_path):
    assert limits.problems(YouTube, post(jpeg(tmp_path))) == ["YouTube: wajib ada video."]
    two = post(video(tmp_path, "a.mp4"), video(tmp_path, "b.mp4"))
    assert limits.problems(YouTube, two) == ["YouTube: 2 video, paling banyak 1."]
    assert limits.problems(YouTube, post(jpeg(tmp_path), jpeg(tmp_path, "b.jpg"),
                                         video(tmp_path))) == []  # photos are left out


def test_title_rules(tmp_path):
    long_title = dataclasses.replace(post(video(tmp_path)), title="J" * 101)
    assert limits.problems(YouTube, long_title) == [
        "YouTube: judul 101 karakter, paling banyak 100. Persingkat judulnya."
    ]
    angled = dataclasses.replace(post(video(tmp_path)), title="Rapat <terbatas>")
    assert limits.problems(YouTube, angled) == [
        "YouTube: judul tidak boleh memuat tanda < atau >."
    ]
    untitled = dataclasses.replace(post(video(tmp_path)), title=" ")
    assert limits.problems(YouTube, untitled) == ["YouTube: judul video wajib diisi."]


def test_description_is_counted_in_utf8_bytes(tmp_path):
    accented = post(video(tmp_path), text="é" * 2501)  # 2,501 characters, 5,002 bytes
    assert limits.problems(YouTube, accented) == [
        "YouTube: keterangan 5.002 byte, paling banyak 5.000. Persingkat teksnya atau tulis "
        "varian khusus kanal ini."
    ]
    assert limits.problems(YouTube, post(video(tmp_path), text="e" * 5000)) == []
    assert limits.problems(YouTube, post(video(tmp_path), text="nilai > 5")) == [
        "YouTube: keterangan tidak boleh memuat tanda < atau >."
    ]


def test_tags_are_limited_to_500_characters_as_youtube_counts(tmp_path):
    tags = tuple(f"bansos tahap {n:02d}" for n in range(31))  # 31 × (15 + 2 quotes) + 30 commas
    item = dataclasses.replace(post(video(tmp_path)), tags=tags)
    assert limits.problems(YouTube, item) == [
        "YouTube: tag 557 karakter, paling banyak 500 (tag berspasi dihitung dengan tanda "
        "kutipnya)."
    ]


def test_video_type_size_and_duration(tmp_path):
    clip = video(tmp_path)
    odd = dataclasses.replace(clip, content_type="application/pdf", filename="surat.pdf")
    long_clip = dataclasses.replace(clip, duration=13 * 3600.0)
    assert limits.problems(YouTube, post(odd)) == [
        "YouTube: video surat.pdf: jenis application/pdf tidak diterima (3GPP, MP2T, MP4, MPEG, "
        "QUICKTIME, WEBM, X-FLV, X-MATROSKA, X-MS-WMV, X-MSVIDEO)."
    ]
    assert limits.problems(YouTube, post(long_clip)) == [
        "YouTube: video video.mp4: durasi 13 jam 0 menit, paling lama 12 jam 0 menit."
    ]
