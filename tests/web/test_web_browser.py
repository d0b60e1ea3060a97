"""Browser walk-through (Playwright driving Debian's Chromium) against the live server: the public form →
registration → correction → extension → decision → appeal, and the work queue. Saves the screenshots in
``web-*.png`` (see ``web.browser``). Skips, with the reason, when Chromium or Playwright is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from gongkai.clock import default_calendar
from web.browser import BROWSER_MARKS, login, open_browser_page, screenshot

pytestmark = BROWSER_MARKS


@pytest.fixture
def browser_page() -> Iterator[Any]:
    with open_browser_page(1360, 15000) as page:
        yield page


def shot(page: Any, name: str, full: bool = True) -> None:
    screenshot(page, f"web-{name}", full)


def act(
    page: Any, key: str, fields: dict[str, str] | None = None, select: dict[str, str] | None = None
) -> None:
    page.click(f"#action-{key} > summary")
    for name, value in (fields or {}).items():
        page.fill(f"#id_{key}-{name}", value)
    for name, value in (select or {}).items():
        page.select_option(f"#id_{key}-{name}", value)
    page.click(f"#action-{key} button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_public_form_to_appeal(demo: Any, browser_page: Any) -> None:
    page, base = browser_page, demo.url
    today = timezone.localdate()
    iso = today.isoformat()

    # Public: the catalogue, then the online application form
    page.goto(f"{base}/disclosures/")
    assert page.locator("table.list tbody tr").count() >= 10
    shot(page, "catalogue")
    page.goto(f"{base}/apply/")
    page.select_option("#id_agency", label="示例市自然资源和规划局")
    page.check("input[name=applicant_type][value=natural_person]")
    page.fill("#id_applicant_name", "黄明")
    page.fill("#id_id_type", "居民身份证")
    page.fill("#id_phone", "13900000000")
    page.fill("#id_address", "示例市解放路8号")
    page.fill("#id_content", "申请公开解放路8号所在地块的规划条件和建设工程规划许可证。")
    shot(page, "apply")
    page.click("#apply-form button[type=submit]")
    code = page.inner_text("#tracking-code").strip()
    assert len(code) == 10
    shot(page, "apply-done", full=False)

    # Registrar confirms the online application (Art. 31 (三): the day both sides confirm)
    login(page, base, "dengji")
    page.goto(f"{base}/applications/?q={code}")
    page.click(f"text={code}")
    act(page, "register", {"received_on": iso}, {"receipt_basis": "online"})
    assert page.inner_text("#app-status") == "办理中"
    detail_url = page.url

    # Handler: a one-time correction notice, then the corrected application arrives (the clock restarts)
    login(page, base, "chengban")
    page.goto(detail_url)
    end = (today + dt.timedelta(days=15)).isoformat()
    act(page, "request_correction", {"date": iso, "period_end": end, "note": "请提供地块的宗地编号"})
    assert page.inner_text("#app-status") == "待补正"
    act(page, "receive_correction", {"date": iso})
    assert page.inner_text("#app-status") == "办理中"
    restarted_due = page.inner_text("#due-date")
    assert restarted_due == default_calendar().add_workdays(today, 20).isoformat()

    # Approver: the single extension, then the decision coded to a 表三 row
    login(page, base, "shenhe")
    page.goto(detail_url)
    act(page, "extend", {"date": iso, "reason": "需调取多年度档案核查"})
    assert page.inner_text("#due-date") == default_calendar().add_workdays(today, 40).isoformat()
    assert "延长" in page.inner_text("#clock-steps")
    page.click("#action-decide > summary")
    shot(page, "application")
    page.select_option("#id_decide-outcome", "partially_granted")
    page.fill("#id_decide-summary", "删除涉及第三方个人信息的内容后提供")
    page.click("#action-decide button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#app-status") == "已答复"
    assert "部分公开" in page.inner_text("#outcome")

    # The applicant applies for administrative review
    page.click("text=登记复议或诉讼")
    page.select_option("#id_kind", "review")
    page.fill("#id_body", "示例市人民政府")
    page.fill("#id_case_number", "示政复〔2026〕31号")
    page.fill("#id_filed_on", iso)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "行政复议" in page.inner_text("h1") and "尚未审结" in page.inner_text("#appeal-outcome")
    shot(page, "appeal")

    # The work queue, the list, 表二 and the audit log
    page.goto(f"{base}/applications/queue/")
    assert page.locator("#queue-soon table tbody tr").count() >= 1
    page.locator("details.explain").first.evaluate("d => d.open = true")
    shot(page, "queue")
    page.goto(f"{base}/applications/")
    shot(page, "list")
    page.goto(f"{base}/disclosures/table-two/?year={today.year - 1}")
    shot(page, "table-two")
    page.goto(f"{base}/audit/")
    assert page.locator("table.list tbody tr").count() > 5
    shot(page, "audit")
    page.goto(f"{base}/track/?code={code}")
    assert "已答复" in page.content()
