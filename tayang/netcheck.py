"""Which network addresses are public: the rule behind every outbound request.

Plain Python (no Django). An address is refused when it is anything but a globally routed
unicast address: loopback, the private ranges (RFC 1918, ``fc00::/7``), link-local (the cloud
metadata address ``169.254.169.254`` among them, ``fe80::/10``), carrier-grade NAT
(``100.64.0.0/10``), unspecified, multicast, reserved, documentation and benchmarking ranges,
and every IPv6 form that carries one of those IPv4 addresses inside it (IPv4-mapped
``::ffff:127.0.0.1``, IPv4-compatible, NAT64 ``64:ff9b::``, 6to4 ``2002::``, Teredo).
Python's own ``is_global`` is applied as well, so a range it learns about later is refused too.
"""

from __future__ import annotations

import ipaddress

type Address = ipaddress.IPv4Address | ipaddress.IPv6Address
type Network = ipaddress.IPv4Network | ipaddress.IPv6Network

LOCAL_NAMES = frozenset({
    "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback",
    "localhost6", "localhost6.localdomain6",
})

# (network, what it is, for the refusal) — checked in order, the first match names it.
_V4: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "alamat tak tertentu"),
    ("127.0.0.0/8", "loopback"),
    ("10.0.0.0/8", "jaringan privat"),
    ("172.16.0.0/12", "jaringan privat"),
    ("192.168.0.0/16", "jaringan privat"),
    ("100.64.0.0/10", "jaringan CGNAT"),
    ("169.254.0.0/16", "link-local / metadata cloud"),
    ("192.0.0.0/24", "alamat khusus IETF"),
    ("192.0.2.0/24", "alamat dokumentasi"),
    ("198.51.100.0/24", "alamat dokumentasi"),
    ("203.0.113.0/24", "alamat dokumentasi"),
    ("192.88.99.0/24", "relai 6to4"),
    ("198.18.0.0/15", "jaringan uji"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "alamat cadangan"),
)
_V6: tuple[tuple[str, str], ...] = (
    ("::/128", "alamat tak tertentu"),
    ("::1/128", "loopback"),
    ("fc00::/7", "jaringan privat (ULA)"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local"),
    ("ff00::/8", "multicast"),
    ("100::/64", "alamat buangan"),
    ("2001:db8::/32", "alamat dokumentasi"),
    ("2001::/23", "alamat khusus IETF"),
    ("64:ff9b:1::/48", "NAT64 lokal"),
)
_NETWORKS: tuple[tuple[Network, str], ...] = tuple(
    (ipaddress.ip_network(net), why) for net, why in (*_V4, *_V6)
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_V4_COMPATIBLE = ipaddress.ip_network("::/96")


def is_local_name(host: str) -> bool:
    """``localhost`` and its relatives, whatever a resolver would make of them."""
    name = host.strip().lower().rstrip(".")
    return name in LOCAL_NAMES or name.endswith(".localhost")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client's address; the server's is checked as 2001::/23
    if ip in _NAT64 or (ip in _V4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(address: str | Address) -> str | None:
    """What kind of non-public address this is, or ``None`` when it is public."""
    ip = ipaddress.ip_address(str(address).strip("[]")) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None and (why := refusal(inner)):
            return f"{why} (di dalam alamat IPv6)"
    for network, why in _NETWORKS:
        if ip.version == network.version and ip in network:
            return why
    if ip.is_multicast:
        return "multicast"
    if not ip.is_global:
        return "bukan alamat publik"
    return None


def is_public(address: str | Address) -> bool:
    return refusal(address) is None
