"""Which Host headers the dev server answers (a DNS rebinding defence) and whether its address is private.

A page on another site can point its own domain name at 127.0.0.1 and then read whatever a local server
answers ("DNS rebinding"); the request then carries that domain in its Host header. So the server answers
only Host headers that name it: the address it listens on, `localhost`, and, when it listens on every
interface, any IP address and this machine's name; always with its port. An IP address in Host cannot be
rebound, and a browser sends the name the user typed.
"""

from __future__ import annotations

import ipaddress
import socket

_WILDCARDS = {"", "0.0.0.0", "::"}


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])  # an IPv6 zone (`fe80::1%eth0`) is not part of it
    except ValueError:
        return None


def split_host(header: str) -> tuple[str, int | None] | None:
    """A Host header as (lower-case host without brackets, port or None); None when it is malformed."""
    text = header.strip().lower()
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return None
        host, rest = text[1:end], text[end + 1:]
        if rest and not rest.startswith(":"):
            return None
        port_text = rest[1:] if rest else None
    else:
        host, sep, port_text = text.partition(":")
        if not sep:
            port_text = None
    if port_text is not None and not (port_text.isascii() and port_text.isdigit() and len(port_text) <= 5):
        return None
    return host.rstrip("."), int(port_text) if port_text is not None else None


class HostPolicy:
    """The Host headers a server listening on (host, port) accepts."""

    def __init__(self, host: str, port: int) -> None:
        self.port = port
        self.wildcard = host in _WILDCARDS
        names = {"localhost", host.lower()}
        if self.wildcard:
            machine = socket.gethostname().lower()
            names |= {machine, machine.split(".", 1)[0], machine.split(".", 1)[0] + ".local"}
        self.names = {n for n in names if n}
        self.address = _ip(host)

    def allows(self, header: str | None) -> bool:
        """Whether a request with this Host header (None: no header, an HTTP/1.0 client) is answered."""
        if header is None:
            return True  # browsers always send Host; a client without one is not a page of another site
        parts = split_host(header)
        if parts is None:
            return False
        host, port = parts
        if (port if port is not None else 80) != self.port:
            return False
        if host in self.names:
            return True
        ip = _ip(host)
        if ip is None:
            return False
        return self.wildcard or ip == self.address


def is_private(host: str) -> bool:
    """Whether listening on `host` keeps the site on this machine (a loopback address or `localhost`)."""
    if host.lower() == "localhost":
        return True
    ip = _ip(host)
    return ip is not None and ip.is_loopback
