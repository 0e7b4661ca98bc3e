"""Connectors that call their platform with an OAuth 2.0 bearer token and renew it themselves.

X and YouTube hand out short-lived access tokens (two hours, one hour) with a refresh token.
When the channel holds what a refresh needs, a 401 triggers one refresh (``grant_type=
refresh_token``) and the request is repeated with the new token. The renewed credentials are
exposed twice: ``connector.refreshed_secrets`` for the caller to seal into the channel after the
call, and, when a journal is at hand, the journal entry ``refreshed_secrets`` at once, so a
worker killed right after the refresh does not lose a rotated refresh token (X rotates them:
the old one stops working; Google does not, so it sends a new one only now and then).

Each platform keeps its own token endpoint, its own words and its own error mapping
(:meth:`OAuthConnector._error`); what is shared is the order of things.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from tayang.channels.connectors.base import ChannelError, Connector, ErrorKind, Journal
from tayang.channels.connectors.http import body_of, send

if TYPE_CHECKING:
    import httpx


class OAuthConnector(Connector):
    """A :class:`Connector` whose calls carry a bearer token, refreshed once on 401."""

    platform: ClassVar[str]  # the platform's name in messages ("X", "YouTube")
    missing_token: ClassVar[str]  # what the admin reads when no access token is stored
    refresh_refused: ClassVar[str]  # ... and when the platform will not renew it
    # Whether the platform rotates refresh tokens: the current one is then always handed back
    # with the access token, so the caller seals the pair together.
    rotates_refresh_token: ClassVar[bool] = False
    # Whether the token endpoint wants the client secret too (Google), or only for a
    # confidential client (X): a refresh is tried only with what it needs.
    refresh_needs_secret: ClassVar[bool] = False

    def __init__(self, config: Mapping[str, str], secrets: Mapping[str, str], http: httpx.Client,
                 api_base: str = "") -> None:
        super().__init__(config, secrets, http, api_base)
        self._token = secrets.get("access_token", "")
        self._refresh_token = secrets.get("refresh_token", "")
        # The attempt's journal, set by publish/find/withdraw, for refreshed credentials.
        self._journal: Journal | None = None

    # The platform's error mapping, usually its module's function as a staticmethod.
    @abstractmethod
    def _error(self, response: httpx.Response, *, subject: str,
               creating: bool = False) -> ChannelError:
        """What the platform's failed answer means, for the agency's admin."""

    @abstractmethod
    def _detail(self, body: Any) -> str:
        """The platform's own words from an error body, for ``detail``."""

    @abstractmethod
    def _token_request(self) -> dict[str, Any]:
        """``url`` and the keyword arguments of the refresh call to the token endpoint."""

    def _authorized(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """The call with the bearer token, refreshed and repeated once on 401."""
        if not self._token:
            raise ChannelError(self.missing_token, kind=ErrorKind.CONFIG)
        extra = kwargs.pop("headers", {})
        response = send(self.http, method, url, platform=self.platform,
                        headers={**extra, "Authorization": f"Bearer {self._token}"}, **kwargs)
        if response.status_code == 401 and self._can_refresh():
            self._refresh()
            response = send(self.http, method, url, platform=self.platform,
                            headers={**extra, "Authorization": f"Bearer {self._token}"}, **kwargs)
        return response

    def _can_refresh(self) -> bool:
        """Whether the channel holds everything the token endpoint asks for."""
        return bool(self._refresh_token and self.config.get("client_id")
                    and (self.secrets.get("client_secret") or not self.refresh_needs_secret))

    def _refresh(self) -> None:
        request = self._token_request()
        response = send(self.http, "POST", request.pop("url"), platform=self.platform,
                        **request)
        body = body_of(response)
        if not response.is_success or not isinstance(body, dict) or not body.get("access_token"):
            if response.status_code == 429 or response.status_code >= 500:
                raise self._error(response, subject="pembaruan token")
            raise ChannelError(
                self.refresh_refused,
                kind=ErrorKind.AUTH, detail=self._detail(body) or response.text[:300],
            )
        self._token = body["access_token"]
        self.refreshed_secrets = {"access_token": self._token}
        if body.get("refresh_token"):
            self._refresh_token = body["refresh_token"]
        if body.get("refresh_token") or self.rotates_refresh_token:
            self.refreshed_secrets["refresh_token"] = self._refresh_token
        if self._journal is not None:
            self._journal.record("refreshed_secrets", dict(self.refreshed_secrets))
