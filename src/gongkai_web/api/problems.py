"""Errors of the read API as ``application/problem+json`` (RFC 9457), titled in Chinese, and the ETag that
lets a client ask again with ``If-None-Match`` and get 304 when nothing changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from ninja import Schema

PROBLEM = "application/problem+json"
TITLES = {
    400: "请求无效",
    401: "未认证：请在 Authorization 头中提供有效的接口令牌（Bearer）",
    403: "没有权限",
    404: "未找到，或您无权查看",
    405: "不支持该请求方法",
    422: "参数无效",
    429: "请求过多",
}


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[dict[str, Any]] | None = None


def problem(
    status: int, detail: str | None = None, errors: list[dict[str, Any]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": TITLES.get(status, "错误"), "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM)


#: the error responses every endpoint documents
ERRORS: dict[int, Any] = {401: Problem, 404: Problem, 422: Problem}


class ConditionalApiMiddleware:
    """An ETag on every successful GET of ``/api/`` (a hash of the body) and 304 for a matching
    ``If-None-Match``; other paths pass untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path.startswith("/api/")
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
        ):
            return response
        set_response_etag(response)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        conditional = get_conditional_response(request, etag=response.get("ETag"), response=response)
        return conditional or response
