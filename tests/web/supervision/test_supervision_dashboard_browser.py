"""Browser walk-through of the compliance dashboard (Playwright driving Debian's Chromium against the live
server): a region whose reports came in by batch intake — real fixture reports plus reports generated from
the fixtures for a dozen more departments — then open the dashboard for 2020, filter it, export it, drill
from an agency to its report and from a finding to the cell beside the official layout and the source line,
and correct a publication date. Saves ``supervision-dashboard-*.png`` (see ``web.browser``)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from intake_files import fixture

import gongkai
from gongkai_web.agencies.models import Agency, User
from gongkai_web.supervision import embedded
from gongkai_web.supervision.models import BatchItem, ItemStatus
from gongkai_web.supervision.services.assignment import assign_item
from gongkai_web.supervision.services.intake import create_batch
from report_corpus import base_reports, vary
from web.browser import BROWSER_MARKS, open_browser_page, screenshot
from web.factories import AgencyFactory

pytestmark = BROWSER_MARKS
MORE = ["教育局", "卫生健康局", "自然资源局", "交通运输局", "市场监督管理局", "生态环境局", "文化旅游局",
        "农业农村局", "住房和城乡建设局", "商务局", "司法局", "统计局"]  # fmt: skip


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1440, 60000, accept_downloads=True) as page:
        yield page


@pytest.fixture
def collected(region: dict[str, Agency], chief: User) -> None:
    """2020 reports of the region: the real ones, the 管委会's assigned by hand, a generated one for the
    社会事业局 with 三（一）'s total broken, and generated ones (some broken, some not sent) for twelve more."""
    base = next(b for b in base_reports() if b["year"] == 2020 and b["agency"] == "平潭综合实验区")
    files = [
        fixture("2020-pingtan-finance-crawled.txt"),
        fixture("2020-pingtan-finance-page.html"),
        fixture("2020-pingtan-crawled.txt"),
    ]
    broken = vary(base, 1, "平潭综合实验区社会事业局")
    broken.requests.granted.total = (broken.requests.granted.total or 0) + 3
    files.append(("2020-社会事业局.txt", gongkai.render_report(broken, "txt")))
    for i, name in enumerate(MORE, 3):
        AgencyFactory(name=f"平潭综合实验区{name}", code=f"PT{i:02d}", parent=region["city"])
        if i % 4 == 0:
            continue  # not sent
        report = vary(base, i, f"平潭综合实验区{name}")
        if i % 3 == 0:
            report.requests.total_handled.total = (report.requests.total_handled.total or 0) + i
        files.append(
            (
                f"2020-{name}.{'html' if i % 2 else 'txt'}",
                gongkai.render_report(report, "html" if i % 2 else "txt"),
            )
        )
    batch = create_batch(chief, files=files)
    embedded.drain()
    waiting = BatchItem.objects.get(batch=batch, status=ItemStatus.NEEDS_ASSIGNMENT)
    assign_item(chief, waiting, region["city"], None)


def test_dashboard_filter_export_drill_and_correct_a_date(
    live_server: Any, collected: None, page: Any
) -> None:
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.goto(f"{base}/supervision/")
    page.click("#link-dashboard")
    page.select_option("#year", "2020")
    page.click("#apply-filters")
    page.wait_for_selector("#dashboard")
    assert page.inner_text("#count-total") == "15"
    assert page.inner_text("#count-missing") == "3"  # three of the twelve sent nothing
    rows = page.locator("#dashboard tbody tr")
    assert rows.count() == 15
    screenshot(page, "supervision-dashboard")

    # filter: only reports with errors, most errors first
    page.check("input[name=errors]")
    page.select_option("#sort", "errors")
    page.select_option("select[name=dir]", "desc")
    page.click("#apply-filters")
    page.wait_for_load_state("load")
    shown = page.locator("#dashboard tbody tr")
    codes = [shown.nth(i).get_attribute("data-code") for i in range(shown.count())]
    assert "PT02" in codes and "PT00" in codes and "PT01" not in codes
    errors = [int(shown.nth(i).locator("td.num").nth(1).inner_text()) for i in range(shown.count())]
    assert errors == sorted(errors, reverse=True) and all(errors)
    screenshot(page, "supervision-dashboard-filtered")

    # export what is shown, with the filters stated in the file
    with page.expect_download() as info:
        page.click("#dashboard-export")
    sheet = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[2][:2] == ("筛选：检查问题", "仅有错误的")
    header = next(i for i, r in enumerate(values) if r[0] == "机构名称")
    assert sorted(r[1] for r in values[header + 1 :]) == sorted(codes)

    # drill: the agency → its report → a finding at its cell, beside the source line
    page.locator("#dashboard tr[data-code=PT02] a").first.click()
    page.wait_for_selector("#findings")
    screenshot(page, "supervision-dashboard-report")
    page.locator("#findings li", has_text="T302").locator("a").click()
    page.wait_for_selector("#rendering")
    flagged = page.locator("#rendering td.flag")
    assert flagged.count() >= 2  # the total and the cells it should be the sum of, marked in the layout
    assert page.locator("#rendering [id='cell-requests.granted.total']").evaluate(
        "e => e.classList.contains('flag')"
    )
    source = page.inner_text("#source")
    assert "2020-社会事业局.txt" in source and "行" in source
    assert "予以公开" in page.inner_text("#source pre.lines .hit")
    screenshot(page, "supervision-dashboard-finding")

    # correct the publication date (the generated report prints none): 10 days late for a department
    page.click("text=平潭综合实验区社会事业局 2020")
    page.wait_for_selector("#publication-form")
    page.fill("#id_published_on", "2021-02-10")
    page.fill("#id_reason", "栏目页面显示发布日期 2021-02-10")
    with page.expect_navigation():
        page.click("#publication-form button[type=submit]")
    assert "2021-02-10" in page.inner_text("#published-on") and "人工更正" in page.inner_text("#published-on")
    assert "逾期 10 天" in page.inner_text("#roster-verdict")
    assert page.input_value("#id_published_on") == "2021-02-10"  # the form shows the date in force
    screenshot(page, "supervision-dashboard-corrected")
    page.goto(f"{base}/supervision/dashboard/?year=2020&late=1")
    late = page.locator("#dashboard tbody tr")
    assert [late.nth(i).get_attribute("data-code") for i in range(late.count())] == ["PT02"]
