"""No connector puts a platform's own words into the message staff read (issue 11, finding 2).

A hostile or broken server answers every request with an error whose every usual field
(Graph's ``error.message``, Telegram's ``description``, WordPress's ``message``, CKAN's
validation texts, Google's ``errors[].reason``, X's ``detail``…) carries a marker. Whatever
the status, the connector's :class:`ChannelError` message must not contain it; ``detail``
(logs and the Django admin) may.
"""

from __future__ import annotations

import pytest

from tayang.channels.connectors.base import ChannelError, Connector
from tayang.channels.registry import CONNECTORS, connector_class
from tests.channels.fakes.server import Answer, FakeApi, Request
from tests.channels.journal import DictJournal
from tests.channels.posts import jpeg, post

MARKER = "HUBUNGI-0812-PALSU"
CONFIG = {"page_id": "1", "ig_user_id": "1", "chat_id": "@dinas", "site_url": "",
          "username": "humas", "owner_org": "dinas", "api_base": ""}
SECRETS = {"page_access_token": "t", "access_token": "t", "bot_token": "1:t",
           "application_password": "p", "api_token": "t"}


def _hostile_body(status: int) -> dict:
    return {
        "error": {"message": MARKER, "type": MARKER, "code": 100, "error_subcode": 2207001,
                  "error_user_msg": MARKER, "__type": "Validation Error", "name": [MARKER],
                  "errors": [{"reason": MARKER, "message": MARKER}]},
        "ok": False, "error_code": status, "description": MARKER,
        "code": "rest_" + MARKER, "message": MARKER, "data": {"params": {"x": MARKER}},
        "title": MARKER, "detail": MARKER, "errors": [{"message": MARKER, "detail": MARKER}],
        "success": False,
    }


class Hostile(FakeApi):
    def __init__(self, status: int) -> None:
        super().__init__()
        for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
            self.route(method, r".*", lambda request, s=status: self._answer(request, s))

    def _answer(self, request: Request, status: int) -> Answer:
        return Answer(status, _hostile_body(status))


KINDS = [kind for kind in CONNECTORS
         if issubclass(connector_class(kind), Connector) and connector_class(kind).automatic
         and kind != "noticeboard"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 422, 429, 500])
@pytest.mark.parametrize("kind", KINDS)
def test_a_platforms_words_never_reach_the_message(kind, status, tmp_path, http):
    api = Hostile(status).start()
    try:
        cls = connector_class(kind)
        config = {**CONFIG, "site_url": api.url, "api_base": api.url}
        connector = cls(config, SECRETS, http, api_base=api.url)
        if hasattr(connector, "poll_timeout"):
            connector.poll_timeout = 0.1
        with pytest.raises(ChannelError) as caught:
            connector.publish(post(jpeg(tmp_path)), DictJournal())
        assert MARKER not in caught.value.message, caught.value.message
    finally:
        api.stop()
