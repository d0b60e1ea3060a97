"""Browser walk-through of the 汇总 (Playwright driving Debian's Chromium against the live server): the
departments' 汇总 with its incompleteness said, the whole region chosen in the form, a summed cell's
drill-down, and the downloads. Saves ``summaries-*.png`` (see ``web.browser``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from gongkai_web.agencies.models import Agency, User
from web.browser import BROWSER_MARKS, open_browser_page, screenshot

pytestmark = BROWSER_MARKS


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1440, 60000, accept_downloads=True) as page:
        yield page


def test_summary_drill_down_and_downloads(
    live_server: Any, city: dict[str, Agency], chief: User, page: Any, tmp_path: Path
) -> None:
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.goto(f"{base}/supervision/")
    with page.expect_navigation():
        page.click("#link-summaries")
    page.goto(f"{base}/summaries/?year=2024")
    title = page.inner_text("#summary-title")
    assert title == "测试市2024年度政府信息公开工作年度报告汇总（市政府部门，4个单位，缺1个）"
    assert "测试市教育局" in page.inner_text("#missing-note")
    assert "测试市应急管理局的报告使用另一版格式" in page.inner_text("#template-note")
    assert page.inner_text("#count-missing") == "1"
    assert page.inner_text("td[data-path='requests.received.total']") == "252"
    screenshot(page, "summaries-departments")

    page.select_option("#scope", "region")
    with page.expect_navigation():
        page.click("#summary-form button[type=submit]")
    assert "全市，6个单位，缺2个" in page.inner_text("#summary-title")
    commercial = page.locator("td[data-path='requests.received.commercial']")
    assert "incomplete" in commercial.get_attribute("class")  # marked *: a sum over a blank
    screenshot(page, "summaries-region", full=False)

    with page.expect_navigation():
        commercial.locator("a").click()
    assert page.inner_text("#cell-label") == "一、本年新收政府信息公开申请数量·商业企业"
    assert page.inner_text("#cell-total") == "3"
    table = page.inner_text("#contributions")
    assert "某县财政局" in table and "空白" in table and "未收到报告" in table and "某县人民政府" in table
    screenshot(page, "summaries-cell")

    page.click("#back")
    page.wait_for_selector("#downloads")
    for label, suffix in (("Word", ".docx"), ("PDF", ".pdf"), ("Excel", ".xlsx")):
        with page.expect_download() as d:
            page.click(f"#downloads >> text={label}")
        assert d.value.suggested_filename == f"测试市2024年度汇总（全市）{suffix}"
        path = tmp_path / d.value.suggested_filename
        d.value.save_as(path)
        assert path.stat().st_size > 1000
    with page.expect_download() as d:
        page.click("#downloads >> text=Parquet")
    d.value.save_as(tmp_path / "data.parquet")
    rows = pq.read_table(tmp_path / "data.parquet").to_pylist()
    assert {r["agency"] for r in rows} == {
        "测试市财政局",
        "测试市科学技术局",
        "测试市应急管理局",
        "某县财政局",
    }
    # the rendered 汇总 as an office would print it
    page.goto(f"{base}/summaries/download.html?region={city['gov'].pk}&year=2024&scope=region")
    screenshot(page, "summaries-rendered")
    assert "汇总（全市，6个单位，缺2个）" in page.inner_text("h1")
