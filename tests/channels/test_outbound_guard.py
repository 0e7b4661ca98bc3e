"""Outbound requests reach public addresses only (issue 11, finding 2).

The rule (``tayang.netcheck``), the check an admin's form makes when a URL is saved
(``outbound.url_refusal``) and the transport every outbound call goes through
(``outbound.GuardedTransport``): resolve once, check every address, connect to the checked
address with the ``Host`` header, TLS SNI and certificate verification on the name.
Real local servers stand in for the internal services an attacker aims at; they must never
receive a byte unless the operator's allow-list lets them.
"""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tayang import netcheck, outbound
from tayang.channels.connectors.base import ChannelError, ErrorKind
from tayang.channels.connectors.http import send

PUBLIC = "93.184.216.34"  # a public address (example.com's); never connected to in these tests


# --- the rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
    "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.254", "0.0.0.0",
    "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1",
    "198.18.0.1",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "2001:db8::1",
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::127.0.0.1",
    "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:a9fe:a9fe::1",
])
def test_internal_and_special_addresses_are_refused(address):
    assert netcheck.refusal(address) is not None


@pytest.mark.parametrize("address", [
    "8.8.8.8", "1.1.1.1", PUBLIC, "203.0.114.1", "100.63.255.255", "100.128.0.1",
    "172.15.255.255", "172.32.0.1", "2001:4860:4860::8888", "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
])
def test_public_addresses_pass(address):
    assert netcheck.refusal(address) is None


@pytest.mark.parametrize("name", ["localhost", "LOCALHOST.", "tayang.localhost",
                                  "localhost.localdomain", "ip6-localhost"])
def test_localhost_names_are_refused_whatever_they_resolve_to(name):
    assert netcheck.is_local_name(name)
    assert outbound.url_refusal(f"http://{name}/", resolver=lambda host, port: [PUBLIC])


# --- saving a URL ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://127.0.0.1:5432", "http://127.0.0.1:6379/", "https://127.0.0.1:8000/admin/",
    "http://[::1]/", "http://[::1]:5432/", "http://localhost/", "http://localhost:6379",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://2130706433/",
    "http://0x7f.1/", "http://127.1/", "http://0/", "http://[fe80::1]/",
    "http://100.100.100.200/latest/meta-data/", "http://10.0.0.5/wp-json",
])
def test_internal_urls_are_refused_when_saved(url, settings):
    settings.TAYANG_OUTBOUND_ALLOW = []
    settings.TAYANG_CHANNEL_API_BASES = {}
    refusal = outbound.url_refusal(url)
    assert refusal is not None and "tidak boleh dihubungi Tayang" in refusal


def test_a_name_resolving_to_an_internal_address_is_refused_when_saved(settings):
    settings.TAYANG_OUTBOUND_ALLOW = []
    assert outbound.url_refusal("https://wp.dinas.test/", resolver=lambda h, p: ["10.1.2.3"])
    # Every address counts: one internal address among public ones is enough to refuse.
    assert outbound.url_refusal("https://wp.dinas.test/",
                                resolver=lambda h, p: [PUBLIC, "::1"])
    assert outbound.url_refusal("https://wp.dinas.test/", resolver=lambda h, p: [PUBLIC]) is None


def test_a_name_not_in_dns_yet_is_accepted_and_checked_at_send_time(settings):
    def nowhere(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    assert outbound.url_refusal("https://situs-baru.dinas.test/", resolver=nowhere) is None


def test_the_allow_list_opens_the_agencys_own_intranet_only(settings):
    settings.TAYANG_OUTBOUND_ALLOW = ["10.20.0.0/16", "wp.intranet.go.id"]
    assert outbound.url_refusal("http://10.20.3.4/") is None
    assert outbound.url_refusal("http://10.21.0.1/") is not None
    assert outbound.url_refusal("http://wp.intranet.go.id/",
                                resolver=lambda h, p: ["192.168.7.7"]) is None
    assert outbound.url_refusal("http://169.254.169.254/") is not None


def test_configured_api_bases_are_trusted(settings):
    settings.TAYANG_OUTBOUND_ALLOW = []
    settings.TAYANG_CHANNEL_API_BASES = {"facebook": "http://127.0.0.1:9001/v23.0"}
    assert outbound.url_refusal("http://127.0.0.1:9001/v23.0/me") is None
    assert outbound.url_refusal("http://127.0.0.1:9002/") is not None  # another port is not


# --- sending -----------------------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers 200 and remembers each request's Host header (and SNI, under TLS)."""

    seen: list[str]
    redirect_to: str = ""

    def do_GET(self) -> None:
        self.seen.append(self.headers.get("Host", ""))
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


class Server:
    def __init__(self, *, tls: ssl.SSLContext | None = None, family: int = socket.AF_INET,
                 redirect_to: str = "") -> None:
        host = "::1" if family == socket.AF_INET6 else "127.0.0.1"
        handler = type("Handler", (_Recorder,), {"seen": [], "redirect_to": redirect_to})
        server_class = type("S", (http.server.ThreadingHTTPServer,), {"address_family": family})
        self.httpd = server_class((host, 0), handler)
        self.seen: list[str] = handler.seen
        self.sni: list[str | None] = []
        if tls is not None:
            def remember(sock: ssl.SSLSocket, name: str | None, context: ssl.SSLContext) -> None:
                self.sni.append(name)
            tls.sni_callback = remember
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.stop()


@pytest.fixture
def guarded(settings):
    settings.TAYANG_OUTBOUND_ALLOW = []
    settings.TAYANG_CHANNEL_API_BASES = {}
    return settings


def test_loopback_is_never_reached(guarded, server):
    for url in (f"http://127.0.0.1:{server.port}/admin/", f"http://localhost:{server.port}/",
                f"http://[::ffff:127.0.0.1]:{server.port}/", f"http://127.1:{server.port}/"):
        with outbound.client(2) as http, pytest.raises(outbound.BlockedAddress):
            http.post(url, json={"token": "rahasia"})
    assert server.seen == []


def test_ipv6_loopback_is_never_reached(guarded):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        v6 = Server(family=socket.AF_INET6)
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    try:
        with outbound.client(2) as http, pytest.raises(outbound.BlockedAddress):
            http.get(f"http://[::1]:{v6.port}/")
        assert v6.seen == []
    finally:
        v6.stop()


def test_a_name_that_resolves_to_loopback_at_send_time_is_refused(guarded, server):
    """DNS rebinding: public when the admin saved it, loopback when the worker sends."""
    answers = iter([[PUBLIC], ["127.0.0.1"]])

    def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    url = f"http://wp.dinas.test:{server.port}/wp-json/wp/v2/posts"
    assert outbound.url_refusal(url, resolver=rebinding) is None  # saved: it looked public
    transport = outbound.GuardedTransport(resolver=rebinding)
    with outbound.client(2, transport=transport) as http, \
            pytest.raises(outbound.BlockedAddress):
        http.post(url, json={"title": "x"})
    assert server.seen == []


def test_the_checked_address_is_the_one_connected_to(guarded, server):
    """Resolved once: a second, different answer cannot redirect the connection."""
    guarded.TAYANG_OUTBOUND_ALLOW = ["127.0.0.1"]  # the local server stands for the intranet
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"] if len(calls) == 1 else ["169.254.169.254"]

    transport = outbound.GuardedTransport(resolver=resolver)
    with outbound.client(2, transport=transport) as http:
        response = http.get(f"http://wp.intranet.test:{server.port}/")
    assert response.status_code == 200
    assert calls == ["wp.intranet.test"]  # one lookup per request, its answer used
    assert server.seen == [f"wp.intranet.test:{server.port}"]  # the Host header kept the name


def test_redirects_are_not_followed_and_rechecked_when_they_are(guarded):
    guarded.TAYANG_OUTBOUND_ALLOW = ["127.0.0.1"]
    target = Server()
    hop = Server(redirect_to=f"http://localhost:{target.port}/")
    try:
        with outbound.client(2) as http:
            assert http.get(f"http://127.0.0.1:{hop.port}/").status_code == 302
            with pytest.raises(outbound.BlockedAddress):
                http.get(f"http://127.0.0.1:{hop.port}/", follow_redirects=True)
        assert target.seen == []
    finally:
        hop.stop()
        target.stop()


def _certificate(tmp: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / f"{name}.pem", tmp / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _tls_server(cert: Path, key: Path) -> Server:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return Server(tls=context)


def test_tls_speaks_to_and_verifies_the_name_not_the_address(guarded, tmp_path):
    guarded.TAYANG_OUTBOUND_ALLOW = ["127.0.0.1"]
    cert, key = _certificate(tmp_path, "wp.dinas.test")
    server = _tls_server(cert, key)
    trust = ssl.create_default_context(cafile=str(cert))
    try:
        transport = outbound.GuardedTransport(resolver=lambda h, p: ["127.0.0.1"], verify=trust)
        with outbound.client(2, transport=transport) as http:
            assert http.get(f"https://wp.dinas.test:{server.port}/").status_code == 200
        assert server.sni == ["wp.dinas.test"]
        assert server.seen == [f"wp.dinas.test:{server.port}"]
        # A certificate for another name is refused: verification is on the name.
        transport = outbound.GuardedTransport(resolver=lambda h, p: ["127.0.0.1"], verify=trust)
        with outbound.client(2, transport=transport) as http, pytest.raises(httpx.ConnectError):
            http.get(f"https://portal.dinas.test:{server.port}/")
    finally:
        server.stop()


# --- what the admin reads ----------------------------------------------------------------------


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_an_open_port_reads_the_same_as_a_closed_one(guarded):
    """No port scanning through error messages: one message for any connection failure."""
    guarded.TAYANG_OUTBOUND_ALLOW = ["127.0.0.1"]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def not_http() -> None:  # a database-like service: accepts, says something else, closes
        connection, _ = listener.accept()
        connection.sendall(b"\x00\x00\x00\x08\x04\xd2\x16\x2f")
        connection.close()

    threading.Thread(target=not_http, daemon=True).start()
    messages = set()
    for port in (listener.getsockname()[1], _closed_port()):
        with outbound.client(2) as http, pytest.raises(ChannelError) as caught:
            send(http, "GET", f"http://127.0.0.1:{port}/", platform="WordPress")
        assert caught.value.kind == ErrorKind.NETWORK
        messages.add(caught.value.message)
    listener.close()
    assert len(messages) == 1


def test_a_blocked_address_is_a_clear_refusal_not_a_network_retry(guarded, server):
    with outbound.client(2) as http, pytest.raises(ChannelError) as caught:
        send(http, "POST", f"http://127.0.0.1:{server.port}/", platform="WordPress")
    assert caught.value.kind == ErrorKind.BLOCKED and not caught.value.retryable
    assert "jaringan internal" in caught.value.message
    assert server.seen == []


def test_ip_literals_are_checked_without_dns(guarded):
    def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError("an address needs no lookup")

    for literal in ("169.254.169.254", "[::1]", "[fd00::1]"):
        assert outbound.url_refusal(f"http://{literal}/", resolver=no_dns)
    assert ipaddress.ip_address("169.254.169.254").is_link_local
