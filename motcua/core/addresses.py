"""The client's address, as the reverse proxy in front of MotCua saw it.

Behind nginx every request arrives from the proxy's address, so limits keyed on REMOTE_ADDR put
every citizen in one bucket. X-Forwarded-For, though, is written by whoever sends the request:
only hops listed in MOTCUA_TRUSTED_PROXIES are believed. The header is read right to left (each
proxy appends the address it received from), stopping at the first address that is not a
trusted proxy: that is the client. Anything left of it could have been made up by the client.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str:
    """The address of the person (or program) making the request; '' when unknown."""
    if request is None:
        return ""
    peer = _parse(str(request.META.get("REMOTE_ADDR", "")))
    if peer is None:
        return ""
    trusted = _networks(tuple(settings.MOTCUA_TRUSTED_PROXIES))

    def is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in trusted)

    if not is_trusted(peer):
        return str(peer)
    client = peer
    hops = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:  # garbage in the chain: trust nothing further left
            break
        client = address
        if not is_trusted(address):
            break
    return str(client)
