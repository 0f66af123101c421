"""Where notifications may go: never into the platform's own network, unless configured (local development, tests).

A subscription's `callbackUrl` must be `https` (plain `http` only with `NOTIFICATIES_CALLBACK_ALLOW_HTTP`), carry no
credentials in the URL (they belong in `auth`), and its host must resolve to globally routable addresses only:
loopback, private, link-local (the cloud metadata service, 169.254.169.254, among them), shared, multicast and reserved
addresses are refused, IPv4-mapped IPv6 too — except those in `NOTIFICATIES_CALLBACK_ALLOW_NETWORKS`. It is checked
when the subscription is made and again at every delivery, after resolving the name, and the delivery then connects to
the address it checked (a name can point elsewhere between the check and the connection otherwise).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]


class CallbackRefused(Exception):
    """The callback URL may not be used (the reason is in words, for the caller)."""


@dataclass(frozen=True)
class CallbackPolicy:
    allow_http: bool = False
    allow_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def from_settings(cls, allow_http: bool, allow_networks: list[str]) -> CallbackPolicy:
        return cls(allow_http, tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks))

    def check_shape(self, url: str) -> tuple[str, int]:
        """The host and port of an acceptable URL (CallbackRefused otherwise)."""
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or (parts.scheme == "http" and not self.allow_http):
            raise CallbackRefused("must be an https URL")
        if parts.username is not None or parts.password is not None:
            raise CallbackRefused("must not carry credentials; send them in `auth`")
        if not parts.hostname:
            raise CallbackRefused("has no host")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise CallbackRefused("has an invalid port") from None
        return parts.hostname, port

    def address_allowed(self, address: IPAddress) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in network for network in self.allow_networks):
            return True
        return address.is_global and not address.is_multicast

    async def resolve(self, url: str, resolver: Resolver | None = None) -> tuple[str, int, list[str]]:
        """Host, port and the addresses it resolves to now, every one of them allowed (CallbackRefused otherwise)."""
        host, port = self.check_shape(url)
        try:
            addresses = [str(ipaddress.ip_address(host))]  # an address needs no name service
        except ValueError:
            addresses = None
        try:
            addresses = addresses or await (resolver or system_resolver)(host, port)
        except OSError as exc:
            raise CallbackRefused(f"its host {host!r} cannot be resolved ({exc.strerror or exc})") from None
        if not addresses:
            raise CallbackRefused(f"its host {host!r} resolves to no address")
        for text in addresses:
            if not self.address_allowed(ipaddress.ip_address(text.split("%", 1)[0])):
                raise CallbackRefused(
                    f"its host {host!r} points into a private, loopback or link-local network ({text}); "
                    "deliveries go to public addresses only"
                )
        return host, port, addresses


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def pinned_url(url: str, address: str) -> str:
    """`url` with its host replaced by the checked `address` (the Host header and TLS name stay the original)."""
    parts = urlsplit(url)
    literal = f"[{address}]" if ":" in address else address
    netloc = literal + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()
