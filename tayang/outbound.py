"""The one way Tayang talks to other servers (platforms' APIs, notification gateways).

Every outbound HTTP request — publishing to a channel, sending a Telegram or WhatsApp message —
goes through a client made here, so that what may be reached, how long a call may take and how
Tayang introduces itself are decided in one place.

**Only public addresses.** An organization's admin types the address of its WordPress or CKAN
portal; without a guard the worker would POST the channel's credentials wherever that points:
the database on ``127.0.0.1:5432``, the cloud's metadata service on ``169.254.169.254``, the
admin pages of Tayang itself. So every request goes through :class:`GuardedTransport`, which
resolves the host name once, refuses if *any* of its addresses is not public
(:mod:`tayang.netcheck`), and then connects to the very address it checked while the ``Host``
header, TLS SNI and certificate verification stay on the name: a DNS answer that changes
between the check and the connection (DNS rebinding) cannot slip through. Redirects are not
followed by default, and any that a caller follows comes back through the same transport.

Two doors are opened on purpose, both by the operator, never by an organization's admin:

* ``TAYANG_OUTBOUND_ALLOW`` — addresses (``10.20.0.0/16``, ``10.20.3.4``) and host names
  (``wp.intranet.go.id``) that may be reached although they are not public: an agency's own
  intranet WordPress or CKAN. Empty by default.
* ``TAYANG_CHANNEL_API_BASES`` — the API addresses set for channel kinds (test doubles, an API
  gateway) are trusted configuration: their origins (scheme, host, port) are reached as
  configured.

**Only bounded replies.** Whatever a server answers, trusted or not, the body the caller
reads is held to ``TAYANG_OUTBOUND_REPLY_MAX_BYTES``, decoded bytes counted
(:mod:`tayang.reply_limit`): a reply past it is :class:`ReplyTooLarge`, never allocated.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from tayang import netcheck
from tayang.reply_limit import ACCEPTED_CODINGS, bounded, reply_max_bytes
from tayang.reply_limit import ReplyTooLarge as ReplyTooLarge  # callers' one import
from tayang.reply_limit import ReplyTooSlow as ReplyTooSlow

USER_AGENT = "Tayang/0.1"

type Resolver = Callable[[str, int], list[str]]


class BlockedAddress(httpx.ConnectError):
    """The destination is not a public address and is not allowed by the operator.

    A :class:`httpx.ConnectError`: nothing was sent, so a caller that treats connection
    failures as "not posted" stays right.
    """


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` has (IPv4 and IPv6), in the resolver's order, no duplicates."""
    found: list[str] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone ("fe80::1%eth0")
        if address not in found:
            found.append(address)
    return found


# --- what the operator allows ------------------------------------------------------------------


@cache
def _parsed_allow(entries: tuple[str, ...]) -> tuple[tuple[netcheck.Network, ...],
                                                       frozenset[str]]:
    networks: list[netcheck.Network] = []
    names: set[str] = set()
    for entry in entries:
        entry = entry.strip().lower().rstrip(".")
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            names.add(entry)
    return tuple(networks), frozenset(names)


def _allow() -> tuple[tuple[netcheck.Network, ...], frozenset[str]]:
    return _parsed_allow(tuple(getattr(settings, "TAYANG_OUTBOUND_ALLOW", ()) or ()))


def _origin(scheme: str, host: str, port: int | None) -> tuple[str, str, int]:
    scheme = scheme.lower()
    return scheme, host.lower().strip("[]").rstrip("."), port or (443 if scheme == "https" else 80)


def _trusted_origins() -> frozenset[tuple[str, str, int]]:
    bases: Iterable[Any] = (getattr(settings, "TAYANG_CHANNEL_API_BASES", {}) or {}).values()
    origins = set()
    for base in bases:
        parts = urlsplit(str(base))
        if parts.scheme and parts.hostname:
            origins.add(_origin(parts.scheme, parts.hostname, parts.port))
    return frozenset(origins)


def _trusted(scheme: str, host: str, port: int | None) -> bool:
    """Reached as configured, without the address check (an operator's decision)."""
    _, names = _allow()
    return host.lower().rstrip(".") in names or _origin(scheme, host, port) in _trusted_origins()


def _address_allowed(address: str) -> bool:
    networks, _ = _allow()
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks if network.version == ip.version)


def _checked_addresses(host: str, port: int, resolver: Resolver) -> list[str]:
    """The addresses to connect to; :class:`BlockedAddress` if any of them is not public."""
    if netcheck.is_local_name(host):
        raise BlockedAddress(f"{host}: nama lokal")
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    try:
        addresses = [str(literal)] if literal else resolver(host, port)
    except OSError as error:
        raise httpx.ConnectError(f"{host}: nama tidak dapat di-resolve ({error})") from error
    if not addresses:
        raise httpx.ConnectError(f"{host}: tidak ada alamat")
    for address in addresses:
        if not _address_allowed(address) and (reason := netcheck.refusal(address)):
            raise BlockedAddress(f"{host}: {reason}")
    return addresses


# --- the check an admin's form makes when a URL is saved ---------------------------------------


def url_refusal(url: str, resolver: Resolver | None = None) -> str | None:
    """Why Tayang will not send to ``url``, in Bahasa Indonesia; ``None`` when it may.

    The same rule the transport applies at send time. A name that does not resolve now is
    accepted (a new site may not be in DNS yet); the transport checks again at every send.
    """
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        return "Masukkan alamat lengkap yang diawali https:// atau http://."
    try:
        port = parts.port
    except ValueError:
        return "Nomor port pada alamat tidak sah."
    if _trusted(parts.scheme, host, port):
        return None
    try:
        _checked_addresses(host, port or (443 if parts.scheme == "https" else 80),
                           resolver or resolve)
    except BlockedAddress:
        return (
            "Alamat ini mengarah ke jaringan internal, ke server Tayang sendiri, atau ke "
            "alamat khusus (loopback, jaringan privat, link-local, metadata cloud), yang tidak "
            "boleh dihubungi Tayang. Gunakan alamat publik situs tersebut. Bila situs memang "
            "hanya ada di intranet instansi, minta pengelola server Tayang memasukkannya ke "
            "TAYANG_OUTBOUND_ALLOW."
        )
    except httpx.ConnectError:
        return None  # not in DNS now: checked again when anything is sent
    return None


# --- the transport ----------------------------------------------------------------------------


class GuardedTransport(httpx.BaseTransport):
    """An HTTP transport that connects only to checked, public addresses and reads bounded
    replies (see the module). ``reply_max_bytes``: the ceiling, by default the setting's."""

    def __init__(self, *, resolver: Resolver | None = None, reply_max_bytes: int | None = None,
                 **transport_options: Any) -> None:
        self._resolver = resolver
        self._reply_max_bytes = reply_max_bytes
        self._options = transport_options
        # One connection pool per host name: a connection made (and verified) for one name
        # is never reused for another name that happens to share its address.
        self._pools: dict[str, httpx.HTTPTransport] = {}

    def _pool(self, host: str) -> httpx.HTTPTransport:
        if host not in self._pools:
            self._pools[host] = httpx.HTTPTransport(**self._options)
        return self._pools[host]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # Only codings the bounded reader inflates with a cap (never brotli or zstd).
        request.headers["Accept-Encoding"] = ACCEPTED_CODINGS
        limit = reply_max_bytes() if self._reply_max_bytes is None else self._reply_max_bytes
        return bounded(self._send(request), request, limit)

    def _send(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        host = url.raw_host.decode("ascii")  # IDNA-encoded: what DNS and TLS SNI take
        if _trusted(url.scheme, host, url.port):
            return self._pool(host).handle_request(request)
        port = url.port or (443 if url.scheme == "https" else 80)
        addresses = _checked_addresses(host, port, self._resolver or resolve)
        last_error: httpx.ConnectError | None = None
        for address in addresses:
            pinned = httpx.Request(
                request.method, url.copy_with(host=address), headers=request.headers,
                stream=request.stream,
                # TLS speaks to and verifies the name, whatever address carries it.
                extensions={**request.extensions, "sni_hostname": host},
            )
            try:
                return self._pool(host).handle_request(pinned)
            except httpx.ConnectError as error:  # nothing was sent: try the next address
                last_error = error
        if last_error is None:
            raise AssertionError
        raise last_error

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()


def client(timeout: float | None = None, *, connect: float = 10.0,
           transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An HTTP client for outbound calls; use it as a context manager.

    Proxy variables of the environment are ignored (``trust_env=False``): a proxy would
    resolve names itself, past the address check.
    """
    total = settings.TAYANG_CHANNEL_TIMEOUT if timeout is None else timeout
    return httpx.Client(
        timeout=httpx.Timeout(total, connect=connect),
        headers={"User-Agent": USER_AGENT},
        transport=transport or GuardedTransport(),
        follow_redirects=False,
        trust_env=False,
    )
