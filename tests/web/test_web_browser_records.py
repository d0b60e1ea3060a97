"""Records corrected, voided and refused, in Chromium (issue 13 §3), on the demonstration data: a registrar
corrects an application's intake details with a reason; a handler's appeal dated before the application was
received is refused on its field; a handler voids a case and 表四 no longer counts it; two editors open a year
without a draft and the second one's save is refused as stale. Screenshots: ``web-records-*.png`` in the
scratch folder (``web.browser``)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from gongkai_web.agencies.models import Agency
from gongkai_web.appeals.models import Appeal
from gongkai_web.applications.models import Application
from web.browser import BROWSER_MARKS, login, open_browser_page, screenshot

pytestmark = BROWSER_MARKS

TODAY = dt.datetime(2026, 9, 28, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
SUIT = '[id="cell-appeals.suit_after_review.total"]'


@dataclass
class Demo:
    url: str
    agency: int  # 示例市自然资源和规划局
    open_app: int  # an application being handled, received some working days ago
    received: dt.date
    suit: int  # the 行政诉讼 brought after the review


@pytest.fixture
def demo(live_server: Any) -> Iterator[Demo]:
    """The demonstration data, and the ids the journeys start from (read before the browser starts)."""
    with time_machine.travel(TODAY, tick=True):
        call_command("load_demo", stdout=io.StringIO())
        agency = Agency.objects.get(code="DEMO-ZRZY")
        app = (
            Application.objects.filter(agency=agency, status="open", events__isnull=True)
            .order_by("id")
            .first()
        )
        assert app is not None and app.received_on is not None
        suit = Appeal.objects.get(kind="suit_after_review")
        yield Demo(live_server.url, agency.pk, app.pk, app.received_on, suit.pk)


@pytest.fixture
def page(demo: Demo) -> Iterator[Any]:
    with open_browser_page(1360, 15000) as p:
        yield p


def shot(page: Any, name: str) -> None:
    screenshot(page, f"web-records-{name}")


def test_correct_an_application_with_a_reason(demo: Demo, page: Any) -> None:
    login(page, demo.url, "dengji")
    page.goto(f"{demo.url}/applications/{demo.open_app}/")
    before = page.inner_text("h1")
    page.click("#app-correct")
    assert page.input_value("#id_received_on") == demo.received.isoformat()  # the stored values, to correct
    page.fill("#id_applicant_name", "刘建囯")
    page.fill("#id_phone", "13800009999")
    page.fill("#id_reason", "申请书上的姓名为“刘建囯”，登记时录错；联系电话以申请人来电为准")
    shot(page, "correct-form")
    page.click("#correct-form button[type=submit]")
    page.wait_for_url(f"{demo.url}/applications/{demo.open_app}/")
    assert "刘建囯" in page.inner_text("h1") and page.inner_text("h1") != before
    log = page.inner_text("text=操作日志 >> xpath=..")
    assert "更正申请登记信息" in log and "申请人姓名或名称：" in log and "理由：" in log
    shot(page, "corrected")
    # the audit log (审核) names the fields in Chinese, with the reason
    login(page, demo.url, "shenhe")
    page.goto(f"{demo.url}/audit/")
    first = page.inner_text("table.list tbody tr:first-child")
    assert "更正申请登记信息" in first and "联系电话" in first and "理由" in first and "phone" not in first
    shot(page, "audit")


def test_an_appeal_before_the_application_was_received_is_refused(demo: Demo, page: Any) -> None:
    login(page, demo.url, "chengban")
    page.goto(f"{demo.url}/appeals/new/{demo.open_app}/")
    early = demo.received - dt.timedelta(days=27)
    page.select_option("#id_kind", "review")
    page.fill("#id_body", "示例市人民政府")
    page.fill("#id_filed_on", early.isoformat())
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    field = page.locator("#id_filed_on").locator("xpath=ancestor::div[contains(@class,'field')]")
    text = field.inner_text()
    assert f"申请或起诉日期（{early.isoformat()}）早于收到申请之日（{demo.received.isoformat()}）" in text
    assert "复议、诉讼应在答复之后，或答复期限届满仍未答复时提出" in text
    assert "/appeals/new/" in page.url  # still the form: nothing was filed
    shot(page, "early-appeal")


def test_void_an_appeal_and_table_four_drops_it(demo: Demo, page: Any) -> None:
    login(page, demo.url, "chengban")
    workspace = f"{demo.url}/reports/{demo.agency}/{TODAY.year}/"
    page.goto(workspace)
    assert page.inner_text(SUIT).strip().endswith("1")
    page.goto(f"{demo.url}/appeals/{demo.suit}/")
    page.click("#action-void > summary")
    page.fill("#id_void-reason", "同一起诉重复登记（法院已并案）")
    shot(page, "void-form")
    page.click("#action-void button[type=submit]")
    page.wait_for_selector("#appeal-void")
    assert page.inner_text("#appeal-void") == "已作废"
    assert "同一起诉重复登记（法院已并案）" in page.inner_text("#void-note")
    assert page.locator("#action-void").count() == 0 and page.locator("#appeal-correct").count() == 0
    shot(page, "voided")
    page.goto(f"{demo.url}/appeals/")
    assert "已作废" in page.inner_text("table.list")
    page.goto(workspace)
    assert page.inner_text(SUIT).strip().endswith("0")


def test_the_second_editor_of_a_new_draft_is_told_it_is_stale(demo: Demo, page: Any) -> None:
    year = TODAY.year - 1
    workspace = f"{demo.url}/reports/{demo.agency}/{year}/"
    login(page, demo.url, "chengban")
    page.goto(workspace)
    assert "已按本年度台账数据预填" in page.inner_text("#draft-form")  # no draft saved yet
    # a second editor, in a browser of their own, opens the same year before the first saves
    browser = page.context.browser
    assert browser is not None
    other_context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    try:
        other = other_context.new_page()
        other.set_default_timeout(15000)
        login(other, demo.url, "shenhe")
        other.goto(workspace)
        page.fill("#id_other", "第一位编辑：本年度无其他需要报告的事项。")
        page.click("#save-draft")
        page.wait_for_selector("text=草稿已保存")
        other.fill("#id_other", "第二位编辑：本年度无其他需要报告的事项。")
        other.click("#save-draft")
        other.wait_for_load_state("networkidle")
        message = other.inner_text("#draft-form")
        assert "已被他人修改，请刷新页面后重新操作（本次未保存任何内容）" in message
        assert other.input_value("#id_other") == "第二位编辑：本年度无其他需要报告的事项。"
        screenshot(other, "web-records-stale-editor")
        page.reload()
        assert page.input_value("#id_other") == "第一位编辑：本年度无其他需要报告的事项。"
    finally:
        other_context.close()
