"""Browser walk-through of a supervisor's register and roster (Playwright driving Debian's Chromium against the
live server): import 青山市's register from an .xlsx (preview, confirm), then the 2024 roster with a late and
an on-time report. Screenshots ``web-register-*.png`` (see ``web.browser``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai_web.agencies.models import Role
from web.browser import BROWSER_MARKS, open_browser_page, screenshot
from web.factories import AgencyFactory, UserFactory
from web.register_data import CITY, ROWS, published_report, xlsx_bytes

pytestmark = BROWSER_MARKS


@pytest.fixture
def qingshan(live_server: Any, tmp_path: Path) -> tuple[Any, Path]:
    """Before the browser starts (no ORM calls while its event loop runs): the city's government and its
    supervisor, set up by the system administrator; one department already registered, under the city (the
    file moves it to its county), with its 2024 report published 3 days late; the city's own on time."""
    city = AgencyFactory(name="青山市人民政府", code=CITY, kind="government")
    finance = AgencyFactory(name="东湖县财政局", code=ROWS[6][2], parent=city)
    UserFactory(username="qs-jiandu", full_name="林监督", agency=city, role=Role.SUPERVISOR)
    published_report(finance, 2024, dt.date(2025, 2, 3))
    published_report(city, 2024, dt.date(2025, 3, 20))
    path = tmp_path / "青山市机构登记簿.xlsx"
    path.write_bytes(xlsx_bytes())
    return live_server, path


@pytest.fixture
def browser_page() -> Iterator[Any]:
    with open_browser_page(1360, 15000) as page:
        yield page


def test_import_the_register_and_view_the_roster(qingshan: tuple[Any, Path], browser_page: Any) -> None:
    (server, xlsx), page = qingshan, browser_page
    base = server.url
    page.goto(f"{base}/login/")
    page.fill("#id_username", "qs-jiandu")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/applications/queue/")

    page.click("nav.nav >> text=报送名单")
    page.click("#link-register")
    assert page.locator("#register tbody tr").count() == 2
    page.set_input_files("#id_file", str(xlsx))
    screenshot(page, "web-register-upload")
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "新增 10 个机构，更新 2 个，未变 0 个" in page.inner_text("main")
    updates = [r.split("\t") for r in page.locator("#updates tbody").inner_text().splitlines()]
    assert updates == [
        ["2", "青山市人民政府", CITY, "简称、网站、年报栏目网址"],
        ["8", "东湖县财政局", ROWS[6][2], "简称、上级机构代码"],
    ]
    screenshot(page, "web-register-preview")
    page.click("#confirm-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已导入：新增 10 个机构，更新 2 个，未变 0 个" in page.inner_text("main")
    assert page.locator("#register tbody tr").count() == len(ROWS)
    screenshot(page, "web-register-list")

    page.click("nav.nav >> text=报送名单")
    page.select_option("#year", "2024")
    page.wait_for_url("**year=2024**")
    assert page.inner_text("#count-total") == "10"  # townships are not expected by default
    assert page.inner_text("#count-late") == "1" and page.inner_text("#count-on_time") == "1"
    late = page.locator(f"#roster tr[data-code='{ROWS[6][2]}']").inner_text()
    assert "2025-01-31" in late and "逾期" in late and "2025-02-03" in late
    screenshot(page, "web-register-roster")
    with page.expect_download() as download:
        page.click("#roster-export")
    assert download.value.suggested_filename.endswith("-2024-年报报送名单.xlsx")

    # 东湖县 expects its townships too, by 28 February: the county's rule, not 西岭县's
    page.click("#link-deadlines")
    page.select_option("#id_region", label="东湖县人民政府")
    page.select_option("#id_kind", label="乡镇（街道）")
    page.fill("#id_month", "2")
    page.fill("#id_day", "28")
    page.click("#rule-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已保存期限规则" in page.inner_text("main")
    screenshot(page, "web-register-deadlines")
    page.click("text=报送名单 >> nth=-1")
    page.select_option("#year", "2024")
    page.wait_for_url("**year=2024**")
    assert page.inner_text("#count-total") == "11"
    township = page.locator(f"#roster tr[data-code='{ROWS[8][2]}']").inner_text()
    assert "2025-02-28" in township and "东湖县人民政府" in township
