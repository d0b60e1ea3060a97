"""Browser walk-through (Playwright driving Debian's Chromium) against the live server: the public form →
registration → correction → extension → decision → appeal, and the work queue. Saves the screenshots in
``web-*.png`` (see ``web.browser``). Skips, with the reason, when Chromium or Playwright is missing."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from web.browser import BROWSER_MARKS, login, open_browser_page, screenshot

pytestmark = BROWSER_MARKS


# The walk-through's day: Monday 28 September 2026, after 中秋节 (25–27 September) and before 国庆节 (1–7 October,
# with Saturday 10 October a make-up working day; 国办发明电〔2025〕7号). Time runs on from there (tick) so that the
# server's sessions and the browser's waits behave as on any day.
TODAY = dt.date(2026, 9, 28)
# Counted by hand from TODAY: 9/29 = 1, 9/30 = 2, 10/1–10/7 off, 10/8 = 3, 10/9 = 4, 10/10 (Sat) = 5,
# 10/12–10/16 = 6–10, 10/19–10/23 = 11–15, 10/26–10/30 = 16–20.
DUE = "2026-10-30"
# and with the one extension of 20 working days: 11/2–11/6 = 21–25, …, 11/23–11/27 = 36–40.
DUE_EXTENDED = "2026-11-27"


@pytest.fixture
def demo(live_server: Any) -> Iterator[Any]:
    """The demonstration agency, loaded before the browser starts (no ORM calls while its event loop runs)."""
    shanghai = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(dt.datetime(2026, 9, 28, 9, 30, tzinfo=shanghai), tick=True):
        call_command("load_demo", stdout=io.StringIO())
        yield live_server


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
    assert today == TODAY
    iso = today.isoformat()

    # Public: the catalogue, then the online application form
    page.goto(f"{base}/disclosures/")
    assert page.locator("table.list tbody tr").count() == 15  # load_demo's 15 entries, all issued by TODAY
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
    assert restarted_due == DUE

    # Approver: the single extension, then the decision coded to a 表三 row
    login(page, base, "shenhe")
    page.goto(detail_url)
    act(page, "extend", {"date": iso, "reason": "需调取多年度档案核查"})
    assert page.inner_text("#due-date") == DUE_EXTENDED
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
    # load_demo's applications, received a number of working days before TODAY. Overdue: 陈晓梅, whose clock
    # restarted on 8/28 with the correction: 20th working day 9/24 (9/20 a make-up day), one day late today.
    # Due soon: 刘建国, received 9/1: 9/2–9/4 = 1–3, 9/7–11 = 4–8, 9/14–18 = 9–13, 9/20 = 14, 9/21–24 = 15–18,
    # 9/28 = 19, due 9/29 (1 left); 恒达, received 9/3: … 9/30 = 19, then 国庆节, due 10/8 (3 left).
    rows = {key: page.locator(f"#queue-{key} table tbody tr") for key in ("overdue", "soon")}
    assert rows["overdue"].count() == 1 and "陈晓梅" in rows["overdue"].inner_text()
    assert "2026-09-24" in rows["overdue"].inner_text() and "逾期1个工作日" in rows["overdue"].inner_text()
    soon = [" ".join(t.split()) for t in rows["soon"].all_inner_texts()]
    assert len(soon) == 2
    assert "刘建国" in soon[0] and "2026-09-29 期限如何计算 1 李承办" in soon[0]
    assert "示例市恒达建设有限公司" in soon[1] and "2026-10-08 期限如何计算 3 李承办" in soon[1]
    page.locator("details.explain").first.evaluate("d => d.open = true")
    shot(page, "queue")
    page.goto(f"{base}/applications/")
    listed = page.locator("table.list tbody tr")
    assert listed.count() == 14  # load_demo's 12 applications and its online one, and 黄明's
    first = " ".join(listed.first.inner_text().split())
    assert first.startswith(f"{code} 黄明") and first.endswith(
        f"{iso} {DUE_EXTENDED} — （二）部分公开（区分处理的，只计这一情形，不计其他情形） 已答复"
    )
    shot(page, "list")
    page.goto(f"{base}/disclosures/table-two/?year={today.year - 1}")
    # 2025, 市自然资源和规划局: the figures load_demo enters for last year, and its catalogue's one
    # 行政规范性文件 of 2025 (示自然资规〔2025〕2号, in force)
    figures = page.locator("#figures tbody tr td.num").all_inner_texts()
    assert figures == ["1286", "94", "7", "35.62"]
    documents = [
        " ".join(t.split()) for t in page.locator("table.list").first.locator("tbody tr").all_inner_texts()
    ]
    assert documents == ["规章 0 0 0", "行政规范性文件 1 0 1"]
    shot(page, "table-two")
    page.goto(f"{base}/audit/")
    assert page.locator("table.list tbody tr").count() > 5
    shot(page, "audit")
    page.goto(f"{base}/track/?code={code}")
    assert "已答复" in page.content()
