"""A guard for the tests that fetch: any connection to an address other than loopback fails the test (the
recorded sites are served on 127.0.0.1; nothing reaches the real internet)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest


class RealInternet(AssertionError):
    pass


def _loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host.startswith("/"):  # a Unix socket (PostgreSQL, Redis)
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@pytest.fixture
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Refuse every non-loopback connection and name lookup; yields the refused addresses."""
    refused: list[Any] = []
    connect, lookup = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
            refused.append(address)
            raise RealInternet(f"a test tried to reach {address}")
        return connect(self, address)

    def guarded_lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and not _loopback((name,)) and name != "localhost":
            refused.append(name)
            raise RealInternet(f"a test tried to look up {name}")
        return lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_lookup)
    yield refused
