"""The client's IP address, as the sign-in lockout and the rate limits count it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """``REMOTE_ADDR``; behind a reverse proxy, the header named by ``GONGKAI_CLIENT_IP_HEADER`` (e.g.
    ``HTTP_X_REAL_IP``, which the proxy must overwrite) — its first address. ``None`` when there is none
    (a request made in code, e.g. a test's ``force_login``)."""
    header = getattr(settings, "GONGKAI_CLIENT_IP_HEADER", "")
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            return str(forwarded).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR") or "") or None
