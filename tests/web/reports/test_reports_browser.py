"""Browser walk-through of the annual report (Playwright driving Debian's Chromium against the live server):
open the workspace → edit the pre-filled draft → 保存并检查 (placeholders and a wrong number caught) → write
it → check → drill-down → lock (unsaved text refused, then the checked report locked) → publish → download
Word, PDF and Excel (the Excel file read back names the title, agency and year) → correction with its diff →
the public page → the supervisor's deadline dashboard. Saves ``report-*.png`` (see ``web.browser``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_ledger import build_ledger

from gongkai import read_bytes
from gongkai.layout import placeholders
from gongkai_web.agencies.models import Agency, Role, User
from web.browser import BROWSER_MARKS, IMAGES, open_browser_page, screenshot
from web.factories import AgencyFactory, UserFactory

pytestmark = BROWSER_MARKS


@pytest.fixture
def city(live_server: Any, agency: Agency, staff: dict[str, User]) -> dict[str, Any]:
    """The ledger, a city government above the agency with two more departments, and its supervisor —
    all created before the browser starts (no ORM calls while Playwright's event loop runs)."""
    build_ledger(agency)
    gov = AgencyFactory(name="测试市人民政府", code="GOV", kind="government")
    agency.parent = gov
    agency.save()
    AgencyFactory(name="测试市教育局", code="JY", parent=gov)
    AgencyFactory(name="测试市卫生健康委员会", code="WJ", parent=gov)
    UserFactory(username="city", agency=gov, role=Role.SUPERVISOR)
    return {"url": live_server.url, "pk": agency.pk, "code": agency.code}


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1440, 20000, accept_downloads=True) as page:
        yield page


def shot(page: Any, name: str, full: bool = True) -> None:
    screenshot(page, f"report-{name}", full)


def screenshot_path(name: str) -> Path:
    IMAGES.mkdir(parents=True, exist_ok=True)
    return IMAGES / f"{name}.png"


def login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_draft_check_lock_publish_download(city: dict[str, Any], page: Any, tmp_path: Path) -> None:
    base, pk, code = city["url"], city["pk"], city["code"]
    work = f"{base}/reports/{pk}/2024/"

    # Handler: the pre-filled draft, edited with a wrong number, saved and checked
    login(page, base, "handler")
    page.goto(work)
    assert page.inner_text("#cell-requests\\.received\\.total") == "11"
    assert page.inner_text("#cell-requests\\.carried_forward\\.total") == "2"
    assert "正文尚未保存" in page.inner_text("#findings-card")
    prefilled = page.input_value("#id_overview")
    assert "新收政府信息公开申请11件" in prefilled and "其中予以公开3件、部分公开2件" in prefilled
    page.fill("#id_overview", prefilled.replace("新收政府信息公开申请11件", "新收政府信息公开申请12件"))
    page.click("#run-check")
    page.wait_for_load_state("networkidle")
    assert "已保存并检查：发现 2 个错误" in page.inner_text("main")
    findings = page.inner_text("#findings")
    assert "N501" in findings and "F110" in findings and "（待填写）" in findings
    shot(page, "check")
    # written: every placeholder replaced, the number put right, checked again
    text = {"overview": prefilled}
    for key in ("problems",):
        text[key] = page.input_value(f"#id_{key}")
    for key, value in text.items():
        for n, mark in enumerate(placeholders()):
            value = value.replace(mark, f"本年度第{n + 1}项工作按计划完成。")
        page.fill(f"#id_{key}", value)
    page.click("#run-check")
    page.wait_for_load_state("networkidle")
    assert "已保存并检查：未发现错误，可以锁定" in page.inner_text("main")
    assert page.locator("#findings li.error").count() == 0
    assert page.locator("#findings li.warning").count() == 0
    shot(page, "draft")
    page.locator("#table-appeals").screenshot(path=str(screenshot_path("report-appeals")))
    assert page.locator("#table-appeals td.num").count() == 15

    # Drill-down: the records behind 四、结转下年度继续办理
    page.click("#cell-requests\\.carried_forward\\.total a")
    page.wait_for_selector("#records")
    assert page.locator("#records tbody tr").count() == 2 and "B09" in page.inner_text("#records")
    shot(page, "drilldown", full=False)

    # Approver: text typed and not saved is never locked; the saved, checked report is
    login(page, base, "approver")
    page.goto(work)
    page.fill("#id_other", page.input_value("#id_other") + "\n还没保存的一句话。")
    page.click("#lock-button")
    page.wait_for_load_state("networkidle")
    assert "正文有未保存的修改" in page.inner_text("main")
    assert "还没保存的一句话" in page.input_value("#id_other")  # kept on the page, not dropped
    shot(page, "lock-refused", full=False)
    page.goto(work)
    assert "还没保存的一句话" not in page.input_value("#id_other")
    page.click("#lock-button")
    page.wait_for_url("**/v1/")
    page.click("#publish")
    page.wait_for_load_state("networkidle")
    assert "已发布" in page.inner_text("h1")
    shot(page, "version")
    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF"), ("xlsx", b"PK")):
        with page.expect_download() as info:
            page.click(f"#dl-{fmt}")
        target = tmp_path / f"report.{fmt}"
        info.value.save_as(target)
        assert target.read_bytes().startswith(magic) and target.stat().st_size > 5000
    back = read_bytes((tmp_path / "report.xlsx").read_bytes(), name="report.xlsx").report
    assert (back.title, back.agency, back.year) == (
        "测试市自然资源局2024年政府信息公开工作年度报告",
        "测试市自然资源局",
        2024,
    )
    assert back.requests.received.total == 11

    # A correction: new wording, locked as version 2 with its diff
    page.goto(work)
    page.fill("#id_other", page.input_value("#id_other") + "\n本年度无其他需要报告的事项。")
    page.click("#save-draft")
    page.wait_for_load_state("networkidle")
    page.fill("#id_note", "补充第六部分")
    page.click("#lock-button")
    page.wait_for_url("**/v2/")
    assert "本年度无其他需要报告的事项" in page.inner_text("#diff .add")
    shot(page, "diff", full=False)
    page.click("#publish")
    page.wait_for_load_state("networkidle")

    # The public page (the official layout) and its JSON
    page.goto(f"{base}/reports/public/{code}/2024/")
    assert "三、收到和处理政府信息公开申请情况" in page.inner_text("body")
    assert "第2版" in page.inner_text(".gk-bar")
    shot(page, "public", full=False)
    response = page.request.get(f"{base}/reports/public/{code}/2024.json")
    assert response.json()["version"] == 2

    # The city's supervisor: every department's state against the deadline
    login(page, base, "city")
    page.goto(f"{base}/reports/?year=2024")
    table = page.inner_text("#deadlines")
    assert "测试市自然资源局" in table and "已发布" in table and "测试市教育局" in table
    shot(page, "dashboard")
