"""The address a request comes from, for throttling sign-ins and listing sessions.

Behind a reverse proxy (``TAYANG_BEHIND_HTTPS_PROXY=1``) every request arrives from the
proxy, so the client's address is the last entry of ``X-Forwarded-For``: the one the proxy
itself appended (earlier entries are whatever the client claimed). IPv6 clients are grouped
by their /64 network, which one household or phone usually holds whole.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "TAYANG_BEHIND_HTTPS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            address = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "tidak-diketahui"


def address_group(address: str) -> str:
    """The unit counted for throttling: the address, or its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
