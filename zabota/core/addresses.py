"""The client's address: the one helper every login counter and audit entry reads it through.

A header naming the client is believed only when the direct peer (REMOTE_ADDR) is one of the
proxies in ZABOTA_TRUSTED_PROXIES; anyone else could write any address into it and so escape the
lockout or frame a colleague in the journal.
"""

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse(text: str) -> Address | None:
    text = text.strip()
    # "[2001:db8::1]:443" and "203.0.113.5:443": some proxies keep the client's port.
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, proxies: Iterable[Network]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def forwarded_client(
    *, peer: str, forwarded_for: str, real_ip: str, proxies: Iterable[Network]
) -> str | None:
    """The client's address, given the direct peer and the headers a proxy may set.

    X-Forwarded-For is read right to left: each hop was appended by the proxy after it, so the
    first address that is not a trusted proxy is the client; whatever lies left of it was written
    by the client and proves nothing. X-Real-IP (nginx's single address) counts only when no
    X-Forwarded-For came: a proxy that appends X-Forwarded-For may pass a forged X-Real-IP on.
    """
    proxies = tuple(proxies)
    client = _parse(peer)
    if client is None or not _trusted(client, proxies):
        return str(client) if client else None
    hops = [part for part in forwarded_for.split(",") if part.strip()]
    if not hops and real_ip.strip():
        hops = [real_ip]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # Garbage where a trusted proxy should have written an address: stop at the last
            # hop that can be vouched for.
            break
        client = address
        if not _trusted(address, proxies):
            break
    return str(client)


def client_ip(request: HttpRequest) -> str | None:
    return forwarded_client(
        peer=request.META.get("REMOTE_ADDR", ""),
        forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
        real_ip=request.META.get("HTTP_X_REAL_IP", ""),
        proxies=settings.ZABOTA_TRUSTED_PROXIES,
    )


def peer_is_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the direct peer is one of ZABOTA_TRUSTED_PROXIES: only then may a header it sets
    (the client's address, the request's id) be believed."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    return peer is not None and _trusted(peer, settings.ZABOTA_TRUSTED_PROXIES)
