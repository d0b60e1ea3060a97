"""Browser walk-through of the watch (Playwright driving Debian's Chromium against the live server, the
embedded worker running): start a crawl of a recorded region, let the queue fetch and file it, change a
published report, run the watch, and read the watch page with its filters. Saves ``watch-*.png``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

from gongkai_web.agencies.models import Agency, User
from gongkai_web.supervision import embedded
from gongkai_web.watch.services.watching import run_watch
from recorded_sites import Published, Site, put_article
from web.browser import BROWSER_MARKS, open_browser_page, screenshot
from web.watch.conftest import CITY, FINANCE

pytestmark = BROWSER_MARKS


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1440, 60000) as page:
        yield page


@pytest.fixture
def worker() -> Iterator[None]:
    with override_settings(GONGKAI_EMBEDDED_WORKER=True):
        try:
            yield
        finally:
            embedded.stop()


def _off_the_loop(fn: Callable[[], object]) -> None:
    """Run ``fn`` (database work) in a thread of its own: Playwright's event loop runs in the test's."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:
            failure.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def test_crawl_a_region_and_read_the_watch_page(
    live_server: Any, region: dict[str, Agency], chief: User, sites: dict[str, Site], worker: None, page: Any
) -> None:
    base = live_server.url

    def password() -> None:
        chief.set_password("pw-123456")
        chief.save()

    _off_the_loop(password)
    page.goto(f"{base}/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.goto(f"{base}/watch/")
    assert page.locator("#pages").inner_text().count("尚未监测任何网页") == 1
    page.fill("#id_year", "2024")
    page.click("text=查找并抓取本辖区的年度报告")
    page.wait_for_url(f"{base}/supervision/batches/*/")
    page.wait_for_selector("#batch-finished:not([hidden])", timeout=240000)
    # the city changes its published report; the watch finds it and files the new version
    trs = sites[CITY]
    article = next(p for p in trs.routes if "/t2025" in p)
    put_article(trs, article, Published(CITY, where="page", index=7, published="2025-03-20"), "/x/")
    # and the finance bureau's attachment disappears
    finance = sites[FINANCE]
    finance.remove(next(p for p in finance.routes if p.endswith(".docx")))
    _off_the_loop(run_watch)
    deadline = time.monotonic() + 240
    while True:  # the embedded worker files the changed report: reload until the page shows it
        page.goto(f"{base}/watch/")
        findings = page.locator("#findings").inner_text() if page.locator("#findings").count() else ""
        if "发布后被修改" in findings:
            break
        assert time.monotonic() < deadline, "the changed report was not filed"
        time.sleep(1)
    for kind in ("发布后被修改", "页面与附件不一致", "逾期发布", "无法访问"):
        assert kind in findings, kind
    screenshot(page, "watch-page")
    page.select_option("#id_kind", "changed")
    page.click("text=筛选")
    filtered = page.locator("#findings").inner_text()
    assert "发布后被修改" in filtered and "逾期发布" not in filtered
    page.click("text=各版本及差异")
    page.wait_for_url(f"{base}/supervision/reports/*/")
    assert "第2版与第1版的不同" in page.content()
    screenshot(page, "watch-changed-report", full=False)
