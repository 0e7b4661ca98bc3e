"""Telegram connector against a fake Bot API."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import httpx
import pytest

from tayang.channels.connectors.base import CannotFind, ChannelError, Delivered, ErrorKind
from tayang.channels.connectors.telegram import Telegram, utf16_length
from tayang.channels.limits import problems
from tests.channels.fakes.server import Part
from tests.channels.fakes.telegram import CHANNEL, PRIVATE, TOKEN, FakeTelegram
from tests.channels.journal import DictJournal
from tests.channels.posts import jpeg, post, video


@pytest.fixture
def api():
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
def http():
    with httpx.Client(timeout=1) as client:
        yield client


def connector(api, http, chat_id="@dinsosdiy", token=TOKEN):
    return Telegram({"chat_id": chat_id}, {"bot_token": token}, http, api_base=api.url)


# -- happy paths -------------------------------------------------------------------------------
def test_text_only_uses_send_message_with_link_preview(api, http):
    journal = DictJournal()
    item = post()
    delivered = connector(api, http).publish(item, journal)

    [call] = api.api("sendMessage")
    assert call.path == f"/bot{TOKEN}/sendMessage"
    assert call.json == {"chat_id": "@dinsosdiy", "text": item.text,
                         "link_preview_options": {"url": item.link}}
    assert "parse_mode" not in call.json  # plain text: what we count is what Telegram counts
    [message] = api.messages.values()
    assert delivered == Delivered(str(message["message_id"]),
                                  f"https://t.me/dinsosdiy/{message['message_id']}")
    assert journal["telegram_messages"] == {"ids": [message["message_id"]], "url": delivered.url}


def test_one_photo_uses_send_photo_multipart(api, http, tmp_path):
    photo = jpeg(tmp_path)
    item = post(photo)
    delivered = connector(api, http).publish(item, DictJournal())

    [call] = api.api("sendPhoto")
    parts = call.parts()
    assert parts["chat_id"] == "@dinsosdiy"
    assert parts["caption"] == item.text
    assert isinstance(parts["photo"], Part)
    assert parts["photo"].filename == "foto.jpg"
    assert parts["photo"].content_type == "image/jpeg"
    assert parts["photo"].data == Path(photo.path).read_bytes()
    assert delivered.external_id == str(next(iter(api.messages)))


def test_one_video_uses_send_video(api, http, tmp_path):
    clip = video(tmp_path, seconds=12.4)
    connector(api, http).publish(post(clip), DictJournal())
    [call] = api.api("sendVideo")
    parts = call.parts()
    assert isinstance(parts["video"], Part) and parts["video"].filename == "video.mp4"
    assert parts["supports_streaming"] == "true"
    assert (parts["width"], parts["height"], parts["duration"]) == ("1280", "720", "12")


def test_album_uses_send_media_group_with_attach_names(api, http, tmp_path):
    photos = [jpeg(tmp_path, f"foto{i}.jpg") for i in range(3)]
    clip = video(tmp_path)
    item = post(*photos, clip)
    journal = DictJournal()
    delivered = connector(api, http).publish(item, journal)

    [call] = api.api("sendMediaGroup")
    parts = call.parts()
    media = json.loads(parts["media"])
    assert [m["type"] for m in media] == ["photo", "photo", "photo", "video"]
    assert [m["media"] for m in media] == [f"attach://file{i}" for i in range(4)]
    assert media[0]["caption"] == item.text
    assert all("caption" not in m for m in media[1:])
    assert [parts[f"file{i}"].filename for i in range(4)] == [
        "foto0.jpg", "foto1.jpg", "foto2.jpg", "video.mp4"]
    ids = sorted(api.messages)
    assert len(ids) == 4
    assert delivered.external_id == ",".join(map(str, ids))
    assert delivered.url == f"https://t.me/dinsosdiy/{ids[0]}"
    assert journal["telegram_messages"]["ids"] == ids


def test_private_channel_link_uses_internal_id(api, http):
    delivered = connector(api, http, chat_id=str(PRIVATE["id"])).publish(post(), DictJournal())
    assert delivered.url == f"https://t.me/c/9876543210/{delivered.external_id}"


def test_numeric_id_of_public_channel_links_by_username(api, http):
    delivered = connector(api, http, chat_id=str(CHANNEL["id"])).publish(post(), DictJournal())
    assert delivered.url == f"https://t.me/dinsosdiy/{delivered.external_id}"


# -- errors ------------------------------------------------------------------------------------
def test_rate_limit_takes_retry_after_from_parameters(api, http):
    api.fail("POST", "sendMessage$", 429, {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 5",
        "parameters": {"retry_after": 5}})
    journal = DictJournal()
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), journal)
    error = caught.value
    assert (error.kind, error.retryable, error.retry_after) == (ErrorKind.RATE_LIMITED, True, 5)
    assert "setelah 5 detik" in error.message
    assert "Too Many Requests" in error.detail
    assert not error.maybe_posted
    # Telegram said no: nothing was posted, so find() may say so without asking anyone.
    assert connector(api, http).find(post(), journal) is None


def test_invalid_token_is_auth(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, token="123456:salah").publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.AUTH and not caught.value.retryable
    assert "token bot" in caught.value.message and "@BotFather" in caught.value.message
    assert caught.value.detail == "401 Unauthorized"


def test_unknown_chat_is_config(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, chat_id="@tidakada").publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.CONFIG
    assert "@tidakada" in caught.value.message


def test_bot_not_member_is_auth_with_admin_advice(api, http):
    api.fail("POST", "sendMessage$", 403, {
        "ok": False, "error_code": 403,
        "description": "Forbidden: bot is not a member of the channel chat"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.AUTH
    assert "admin kanal" in caught.value.message


def test_photo_rejected_names_the_file(api, http, tmp_path):
    tall = jpeg(tmp_path, "panjang.jpg", size=(40, 1000))  # ratio 25 > 20
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(tall), DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED and not caught.value.retryable
    assert "panjang.jpg" in caught.value.message
    assert "PHOTO_INVALID_DIMENSIONS" in caught.value.detail
    assert api.messages == {}


def test_server_error_is_retryable_and_maybe_posted(api, http):
    api.fail("POST", "sendMessage$", 502, {
        "ok": False, "error_code": 502, "description": "Bad Gateway"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.SERVER
    assert caught.value.retryable and caught.value.maybe_posted


def test_html_gateway_error_is_server(api, http):
    api.fail("POST", "sendMessage$", 504, b"<html>504 Gateway Time-out</html>",
             headers={"Content-Type": "text/html"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.SERVER and caught.value.retryable


# -- exactly once ------------------------------------------------------------------------------
def test_interrupted_send_cannot_be_found_without_ids(api, http):
    api.hang("POST", "sendMessage$")  # Telegram posts, the answer never comes
    journal = DictJournal()
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), journal)
    assert caught.value.kind == ErrorKind.NETWORK and caught.value.maybe_posted
    assert len(api.messages) == 1
    with pytest.raises(CannotFind):
        connector(api, http).find(post(), journal)


def test_find_returns_ids_from_the_journal_and_publish_does_not_resend(api, http, tmp_path):
    journal = DictJournal()
    first = connector(api, http).publish(post(jpeg(tmp_path, "a.jpg"), jpeg(tmp_path, "b.jpg")),
                                         journal)
    # The worker died after recording the ids but before the delivery saved the result.
    found = connector(api, http).find(post(), journal)
    assert found == first
    again = connector(api, http).publish(post(), journal)
    assert again == first
    assert len(api.api("sendMediaGroup")) == 1
    assert len(api.messages) == 2


def test_find_before_any_send_is_none(api, http):
    assert connector(api, http).find(post(), DictJournal()) is None


# -- withdraw ----------------------------------------------------------------------------------
def test_withdraw_single_message(api, http):
    journal = DictJournal()
    delivered = connector(api, http).publish(post(), journal)
    connector(api, http).withdraw(delivered, journal)
    [call] = api.api("deleteMessage")
    assert call.json == {"chat_id": "@dinsosdiy", "message_id": int(delivered.external_id)}
    assert api.messages == {}


def test_withdraw_album_uses_delete_messages(api, http, tmp_path):
    journal = DictJournal()
    delivered = connector(api, http).publish(
        post(jpeg(tmp_path, "a.jpg"), jpeg(tmp_path, "b.jpg")), journal)
    connector(api, http).withdraw(delivered, journal)
    [call] = api.api("deleteMessages")
    assert call.json["message_ids"] == [int(i) for i in delivered.external_id.split(",")]
    assert api.messages == {}


def test_withdraw_too_old_mentions_48_hours(api, http):
    api.fail("POST", "deleteMessage$", 400, {
        "ok": False, "error_code": 400, "description": "Bad Request: message can't be deleted"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).withdraw(Delivered("101"), DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED
    assert "48 jam" in caught.value.message


def test_withdraw_gone_message_is_not_found(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http).withdraw(Delivered("999"), DictJournal())
    assert caught.value.kind == ErrorKind.NOT_FOUND


# -- check -------------------------------------------------------------------------------------
def test_check_names_bot_and_channel(api, http):
    assert connector(api, http).check() == (
        'Bot @tayang_dinsos_bot terhubung ke "Dinas Sosial DIY" sebagai admin.')
    [member] = api.api("getChatMember")
    assert member.json == {"chat_id": "@dinsosdiy", "user_id": 123456}


def test_check_bot_not_admin(api, http):
    api.member_status = {"status": "left"}
    with pytest.raises(ChannelError) as caught:
        connector(api, http).check()
    assert caught.value.kind == ErrorKind.AUTH
    assert "belum menjadi admin" in caught.value.message


def test_check_bad_token(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, token="1:x").check()
    assert caught.value.kind == ErrorKind.AUTH


# -- limits ------------------------------------------------------------------------------------
def test_counting_is_utf16():
    assert utf16_length("Bantuan 🎉") == 10  # the emoji is a surrogate pair


def test_text_over_4096_utf16_units():
    text = "🎉" * 2049  # 2.049 characters, 4.098 UTF-16 units
    assert problems(Telegram, post(text=text)) == [
        "Telegram: keterangan 4.098 karakter (emoji dihitung 2), paling banyak 4.096. "
        "Persingkat teksnya atau tulis varian khusus kanal ini."]


def test_caption_with_media_over_1024(tmp_path):
    assert problems(Telegram, post(jpeg(tmp_path), text="a" * 1000 + "🎉" * 13)) == [
        "Telegram: keterangan 1.026 karakter (emoji dihitung 2), paling banyak 1.024 bila ada "
        "foto atau video. Persingkat teksnya atau tulis varian khusus kanal ini."]
    assert problems(Telegram, post(jpeg(tmp_path), text="a" * 1024)) == []


def test_too_many_files_and_wrong_types(tmp_path):
    photos = [jpeg(tmp_path, f"f{i}.jpg", size=(60, 40)) for i in range(11)]
    gif = dataclasses.replace(photos[0], filename="animasi.gif", content_type="image/gif")
    mov = dataclasses.replace(video(tmp_path), filename="klip.mov",
                              content_type="video/quicktime")
    assert problems(Telegram, post(*photos[1:], gif, mov, text="x")) == [
        "Telegram: 12 berkas foto/video, paling banyak 10.",
        "Telegram: foto animasi.gif: jenis image/gif tidak diterima (JPEG, PNG, WEBP).",
        "Telegram: video klip.mov: jenis video/quicktime tidak diterima (MP4).",
    ]


def test_photo_sizes_and_dimensions(tmp_path):
    big = dataclasses.replace(jpeg(tmp_path), size=11 * 1024 * 1024, width=8000, height=3000)
    assert problems(Telegram, post(big, text="x")) == [
        "Telegram: foto foto.jpg: 11,0 MB, paling besar 10,0 MB.",
        "Telegram: foto foto.jpg: lebar + tinggi 11.000 px, paling banyak 10.000 px. "
        "Perkecil fotonya.",
    ]
    huge = dataclasses.replace(video(tmp_path), size=51 * 1024 * 1024)
    assert problems(Telegram, post(huge, text="x")) == [
        "Telegram: video video.mp4: 51,0 MB, paling besar 50,0 MB."]


def test_empty_text_without_media():
    assert problems(Telegram, post(text="  ")) == [
        "Telegram: pesan tanpa foto atau video wajib berisi teks."]


def test_rate_limit_without_parameters_reads_the_description(api, http):
    api.fail("POST", "sendMessage$", 429, {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.retry_after == 7
