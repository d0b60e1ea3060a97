"""Browser walk-through of batch intake (Playwright driving Debian's Chromium against the live server, the
embedded worker thread running): upload a zip of real fixture reports, watch the progress fill in without a
reload under a strict script Content-Security-Policy, then assign the report the matcher left. Saves
``supervision-*.png`` (see ``web.browser``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings
from intake_files import fixture, make_zip

from gongkai_web.agencies.models import Agency, User
from gongkai_web.supervision import embedded
from web.browser import BROWSER_MARKS, open_browser_page, screenshot

pytestmark = BROWSER_MARKS

CSP = "default-src 'self'; script-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1440, 60000, accept_downloads=True) as page:
        yield page


@pytest.fixture
def worker() -> Iterator[None]:
    with override_settings(GONGKAI_EMBEDDED_WORKER=True):
        try:
            yield
        finally:
            embedded.stop()


def test_upload_a_zip_watch_the_progress_and_assign(
    live_server: Any, region: dict[str, Agency], chief: User, worker: None, page: Any
) -> None:
    base = live_server.url
    zipped = make_zip(
        [
            fixture("2019-pingtan-finance-page.html"),
            fixture("2020-pingtan-finance-crawled.txt"),
            fixture("2021-pingtan-social-crawled.txt"),
            fixture("2024-pingtan-page.html"),
            fixture("2023-hongze-district.pdf"),
            ("说明.docx", b"PK\x03\x04 not a docx"),
        ]
    )
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    def strict(route: Any) -> None:
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    page.route("**/supervision/batches/*/", strict)  # the batch page (its JS) under a strict CSP
    page.goto(f"{base}/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.goto(f"{base}/supervision/")
    page.set_input_files(
        "#id_files", files=[{"name": "一月报送.zip", "mimeType": "application/zip", "buffer": zipped}]
    )
    page.fill("#id_name", "2025年1月报送")
    screenshot(page, "supervision-upload")
    page.click("main button[type=submit]")
    page.wait_for_url("**/supervision/batches/*/")
    page.evaluate("window.__notReloaded = true")
    screenshot(page, "supervision-progress", full=False)

    page.wait_for_selector("#batch-finished:not([hidden])")
    assert page.evaluate("window.__notReloaded") is True  # the figures came by polling, not a reload
    assert page.inner_text("[data-field=done]") == page.inner_text("[data-field=total]") == "6"
    assert page.inner_text("[data-field=failed]") == "1" and page.inner_text("[data-field=waiting]") == "2"
    assert "份/秒" in page.inner_text("[data-field=rate]")
    page.click("text=刷新结果列表")
    page.wait_for_selector("#batch-items")
    table = page.inner_text("#batch-items")
    assert (
        "归入平潭综合实验区财政金融局2019年度报告第1版" in table
        and "待人工归属" in table
        and "未能读取" in table
    )
    screenshot(page, "supervision-batch")

    page.click("text=去指定所属机构")
    page.wait_for_selector(".assign-item")
    screenshot(page, "supervision-assign")
    card = page.locator(".assign-item", has_text="2024-pingtan-page.html")
    assert "匹配度" in card.inner_text()
    card.locator("select").select_option(label="平潭综合实验区管理委员会")
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "归入平潭综合实验区管理委员会2024年度报告第1版" in page.inner_text(".notice")
    assert page.locator(".assign-item").count() == 1  # 洪泽区's report is not of this region: it still waits
    screenshot(page, "supervision-assigned")
    assert not violations, violations
