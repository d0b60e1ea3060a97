"""The API's docs page in Chromium with every request off this server refused: Swagger UI (django-ninja's own
static files) draws the operations from the generated schema, under the site's Content-Security-Policy, and a
signed-in user's token page makes a token. Saves ``api-docs.png`` and ``api-tokens.png``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gongkai_web.agencies.models import User
from web.browser import BROWSER_MARKS, open_browser_page, screenshot

pytestmark = BROWSER_MARKS


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1280, 60000) as page:
        yield page


def test_docs_offline_and_the_token_page(live_server: Any, chief: User, page: Any) -> None:
    base = live_server.url
    outside: list[str] = []

    def only_here(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_here)
    page.goto(f"{base}/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.goto(f"{base}/api/docs")
    page.locator(".opblock-summary-path", has_text="/api/indicators").first.wait_for()
    assert page.locator(".opblock").count() >= 7
    screenshot(page, "api-docs", full=False)
    assert outside == []
    page.goto(f"{base}/tokens/")
    page.fill("#id_name", "统计分析脚本")
    page.click("main button[type=submit]")
    token = page.inner_text("#token-text")
    assert token.startswith("gk_")
    assert "统计分析脚本" in page.inner_text("#tokens")
    screenshot(page, "api-tokens", full=False)
