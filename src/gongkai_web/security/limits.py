"""Limits on the anonymous application form (``/apply/``), checked before the request body is read:

- size: a post larger than ``GONGKAI_APPLY_MAX_REQUEST_BYTES`` (by its ``Content-Length``) is refused with
  HTTP 413, so a huge body is never spooled to disk;
- rate: at most ``GONGKAI_APPLY_RATE_PER_IP`` posts from one address and ``GONGKAI_APPLY_RATE_GLOBAL`` posts
  in all per window of ``GONGKAI_APPLY_RATE_WINDOW`` seconds (a fixed window counted in Django's cache), else
  HTTP 429 with ``Retry-After``.

Both answers are Chinese pages that say what to do instead (apply in person or by post). The same counting
limits comments on consultations (``scope="comment"``, checked by their view)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gongkai_web.security.client import client_ip


def _count(key: str, window: int) -> int:
    """Add one to ``key`` in the current window and return the new count."""
    if cache.add(key, 1, timeout=window + 5):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return 1


#: What is limited, and the settings holding its limits per address and in all.
SCOPES = {
    "apply": ("GONGKAI_APPLY_RATE_PER_IP", "GONGKAI_APPLY_RATE_GLOBAL"),  # the online application
    "comment": ("GONGKAI_COMMENT_RATE_PER_IP", "GONGKAI_COMMENT_RATE_GLOBAL"),  # comments on consultations
}


def over_rate(ip: str, now: float | None = None, *, scope: str = "apply") -> int:
    """Count one post from ``ip`` in ``scope``; return the seconds until the window ends if a limit is
    exceeded, else 0."""
    per_ip, in_all = (int(getattr(settings, name)) for name in SCOPES[scope])
    window = int(settings.GONGKAI_APPLY_RATE_WINDOW)
    now = time.time() if now is None else now
    index = int(now // window)
    retry = max(1, int((index + 1) * window - now))
    if _count(f"gongkai:{scope}:global:{index}", window) > in_all:
        return retry
    if _count(f"gongkai:{scope}:ip:{ip}:{index}", window) > per_ip:
        return retry
    return 0


class PublicApplicationLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path == reverse("applications:apply"):
            refused = self.refuse(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse | None:
        limit = int(settings.GONGKAI_APPLY_MAX_REQUEST_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            response = render(
                request,
                "applications/too_large.html",
                {
                    "limit_mb": limit // (1024 * 1024),
                    "upload_mb": settings.GONGKAI_UPLOAD_MAX_BYTES // (1024 * 1024),
                },
                status=413,
            )
            response["Connection"] = "close"  # the unread body is not drained
            return response
        retry = over_rate(client_ip(request) or "unknown")
        if retry:
            response = render(
                request, "applications/too_many.html", {"minutes": (retry + 59) // 60}, status=429
            )
            response["Retry-After"] = str(retry)
            return response
        return None
