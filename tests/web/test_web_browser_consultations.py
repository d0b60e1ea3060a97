"""Browser journey (Playwright, Debian's Chromium) of a consultation (意见征集) from opening to feedback: a
承办 drafts the call, the 审核 publishes it, a member of the public comments, the 承办 reviews and assesses the
comment, the period ends, the 审核 publishes the 意见采纳情况 and links the decision, and the public reads it
all. Screenshots ``web-consultation-*.png`` (see ``web.browser``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone

from gongkai_web.consultations.models import Consultation
from web.a11y import contrast_problems, problems
from web.browser import BROWSER_MARKS, login, open_browser_page, screenshot

pytestmark = BROWSER_MARKS
TITLE = "关于《示例市养犬管理办法（征求意见稿）》公开征求意见的公告"


def outside_the_browser_loop(fn: Callable[[], Any]) -> Any:
    """Run an ORM call on another thread (Playwright's sync API keeps an event loop on this one), closing the
    database connection that thread opened."""

    def run() -> Any:
        try:
            return fn()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1280, 15000) as p:
        yield p


def test_a_consultation_from_opening_to_feedback(demo: Any, page: Any) -> None:
    base = demo.url
    today = timezone.localdate()
    login(page, base, "chengban")
    page.goto(f"{base}/consultations/work/")
    page.click("#new-consultation")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "为规范养犬行为，保障公民健康和人身安全，起草了本办法。")
    page.fill("#id_draft", "第一条 为了规范养犬行为，根据有关法律法规，结合本市实际，制定本办法。")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_closes_on", (today + dt.timedelta(days=5)).isoformat())
    page.click("#save-consultation")
    assert "意见征集的征集期不少于 7 日（现为 6 日）" in page.inner_text("main")
    page.fill("#id_closes_on", (today + dt.timedelta(days=6)).isoformat())
    screenshot(page, "web-consultation-draft")
    page.click("#save-consultation")
    page.wait_for_url(re.compile(r"/consultations/\d+/manage/$"))
    manage_url = page.url
    assert page.inner_text("#phase") == "草稿"
    assert page.locator("#open-consultation").count() == 0  # the drafter does not publish

    login(page, base, "shenhe")
    page.goto(manage_url)
    page.click("#open-consultation")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#phase") == "征集中"

    # the public comments; the comment waits for review
    page.click("form[action='/logout/'] button")
    page.goto(f"{base}/consultations/")
    page.click(f"text={TITLE}")
    detail_url = page.url
    page.fill("#id_body", "建议明确犬只免疫登记的办理地点和时限。")
    page.fill("#id_name", "李市民")
    page.fill("#id_contact", "13900000000")
    page.click("#submit-comment")
    page.wait_for_load_state("networkidle")
    main = page.inner_text("main")
    assert "您的意见已提交，经审核后公开" in main and "公众意见（0）" in main
    accessible(page)
    screenshot(page, "web-consultation-public-open")

    # the 承办 shows it and records that it was partly adopted
    login(page, base, "chengban")
    page.goto(manage_url)
    row = page.locator("article.comment-row").first
    pk = (row.get_attribute("id") or "").removeprefix("comment-")
    assert "李市民" in row.inner_text() and "待审核" in row.inner_text()
    page.check(f"input[name='m{pk}-show'][value='1']")
    page.click(f"#comment-{pk} form[action$='/moderate/'] button")
    page.wait_for_load_state("networkidle")
    page.select_option(f"#id_a{pk}-adoption", "partly")
    page.fill(f"#id_a{pk}-note", "办理地点已写入，时限由实施细则规定")
    page.click(f"#comment-{pk} form[action$='/assess/'] button")
    page.wait_for_load_state("networkidle")
    assert "已公开" in page.inner_text(f"#comment-{pk}") and "部分采纳" in page.inner_text(f"#comment-{pk}")
    screenshot(page, "web-consultation-manage")

    # the period ends; the 审核 publishes the feedback (prefilled with the counts), then links the decision
    pk_call = int(manage_url.rstrip("/").split("/")[-2])
    outside_the_browser_loop(
        lambda: Consultation.objects.filter(pk=pk_call).update(
            opens_on=today - dt.timedelta(days=10), closes_on=today - dt.timedelta(days=1)
        )
    )
    login(page, base, "shenhe")
    page.goto(manage_url)
    assert page.inner_text("#phase") == "已截止，待反馈"
    assert page.locator("#record-decision").count() == 0  # no decision before the feedback
    feedback = page.input_value("#id_feedback")
    assert "共收到意见 1 条，采纳（含部分采纳）1 条，未采纳 0 条。" in feedback
    page.fill("#id_feedback", feedback + "\n采纳的意见已在修改稿中体现。")
    page.click("#publish-feedback")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#phase") == "已反馈"
    decision = page.locator("#id_decision option").nth(1)
    decision_title = decision.inner_text()
    page.select_option("#id_decision", decision.get_attribute("value"))
    page.click("#record-decision")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#phase") == "已决策"
    screenshot(page, "web-consultation-decided")

    page.click("form[action='/logout/'] button")
    page.goto(detail_url)
    main = page.inner_text("main")
    assert "采纳的意见已在修改稿中体现" in main and "建议明确犬只免疫登记" in main and "部分采纳" in main
    assert "李市民" not in main and "13900000000" not in main
    assert page.locator("#decision a").inner_text() in decision_title
    accessible(page)
    screenshot(page, "web-consultation-public-feedback")
    page.click("#decision a")  # the decision links back to its consultation
    page.wait_for_load_state("networkidle")
    assert TITLE in page.inner_text("#consultations")


def accessible(page: Any) -> None:
    assert problems(page.content()) == [], page.url
    assert contrast_problems(page) == [], page.url


def test_the_contrast_check_finds_low_contrast(page: Any) -> None:
    page.set_content(
        '<html lang="zh"><body><p style="color:#777">浅灰字</p><p style="color:#222">深色字</p>'
        '<div style="background:linear-gradient(90deg,#0f2a6b,#1d4ed8)"><a style="color:#fff">白字</a>'
        '<span style="color:#60a5fa">浅蓝字</span></div><h1 style="color:#888;font-size:24px">大字</h1></body></html>'
    )
    assert contrast_problems(page) == ["p “浅灰字” 4.48:1 < 4.5:1", "span “浅蓝字” 2.64:1 < 4.5:1"]


PUBLIC_PAGES = ["/disclosures/", "/consultations/", "/guide/", "/apply/", "/track/", "/reports/public/"]


def test_public_pages_are_accessible_and_usable_by_keyboard(demo: Any, page: Any) -> None:
    base = demo.url
    for path in PUBLIC_PAGES:
        page.goto(f"{base}{path}")
        accessible(page)
    page.goto(f"{base}/guide/")
    page.click("main a >> nth=0")  # an agency's guide
    accessible(page)
    screenshot(page, "web-public-guide")
    # the catalogue searched with the keyboard only: Tab to the search field, type, Enter
    page.goto(f"{base}/disclosures/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.name") == "q":
            break
    else:
        raise AssertionError("the search field cannot be reached with Tab")
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.boxShadow]; })()"
    )
    assert ring != ["none", "none"], "the focused field shows no focus ring"
    page.keyboard.type("不动产")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=" in page.url and "不动产" in page.inner_text("main table")
