"""Browser journey (Playwright, Debian's Chromium) through the review of a catalogue entry: a 承办 drafts a
policy document, the 保密审查 officer records the 保密审查 and 合法性审查, the 审核 publishes it, and its 政策解读
is written and published; the public then reads the two pages, each linking to the other, and the
agency's 公开指南. Screenshots ``web-disclosure-*.png``, ``web-interpretation-public.png``, ``web-guide.png``
(see ``web.browser``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from web.a11y import problems
from web.browser import BROWSER_MARKS, login, open_browser_page, screenshot

pytestmark = BROWSER_MARKS
TITLE = "示例市城镇老旧小区改造实施意见"


def accessible(page: Any) -> None:
    assert problems(page.content()) == [], page.url


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1280, 15000) as p:
        yield p


def step(page: Any, name: str, fields: dict[str, str] | None = None, shot: str = "") -> None:
    page.click(f"#action-{name} > summary")
    for field, value in (fields or {}).items():
        page.fill(f"#id_{name}-{field}", value)
    if shot:
        screenshot(page, f"web-disclosure-{shot}")
    page.click(f"#action-{name} button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_draft_review_publish_with_interpretation(demo: Any, page: Any) -> None:
    base = demo.url
    # 承办 drafts a policy document
    login(page, base, "chengban")
    page.goto(f"{base}/disclosures/new/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_category", label="规划计划")
    page.fill("#id_issued_on", timezone.localdate().isoformat())
    page.fill("#id_document_number", "示自然资规〔2026〕2号")
    page.check("#id_is_normative")
    page.check("#id_is_policy")
    page.select_option("#id_attribute", "proactive")
    page.fill("#id_summary", "明确老旧小区改造的范围、内容和资金来源。")
    screenshot(page, "web-disclosure-draft")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/disclosures/item/\d+/$"))
    item_url = page.url
    assert page.inner_text("#item-status") == "草稿"
    assert page.locator("#action-clear").count() == 0  # the drafter cannot review
    step(page, "submit_review")
    assert page.inner_text("#item-status") == "待审查"

    # 保密审查: the officer finds it on the review list and records both checks
    login(page, base, "baomi")
    page.goto(f"{base}/disclosures/work/")
    assert TITLE in page.inner_text("main")
    screenshot(page, "web-disclosure-work")
    page.click(f"text={TITLE}")
    assert page.locator("#action-publish").count() == 0  # a reviewer does not publish
    step(
        page,
        "clear",
        {
            "confidentiality": "经审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私",
            "legality": "属于《政府信息公开条例》第二十条规定的主动公开内容，公开属性认定正确",
        },
        shot="review",
    )
    assert page.inner_text("#item-status") == "审查通过，待发布"

    # 审核 publishes: the 索引号 is given now
    login(page, base, "shenhe")
    page.goto(item_url)
    step(page, "publish")
    assert page.locator("#item-status").count() == 0
    index_number = page.inner_text("dd.mono")
    assert index_number.startswith("DEMO-ZRZY/")
    record = page.inner_text("#record")
    assert "保密审查意见：经审查" in record and "周保密" in record and "张审核" in record
    assert "政策解读逾期未发布" not in page.inner_text("main")
    screenshot(page, "web-disclosure-published")

    # the interpretation, drafted by the 承办 and published by the 审核
    login(page, base, "chengban")
    page.goto(item_url)
    page.click("#interpretations a.btn")
    page.select_option("#id_form", "qa")
    page.fill(
        "#id_body",
        "问：哪些小区纳入改造？\n答：2000年底前建成的城镇老旧小区。\n问：资金从哪里来？\n答：财政补助、居民出资和社会资本共同承担。",
    )
    page.fill("#id_interpreter", "市自然资源和规划局")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/interpretations/\d+/$"))
    interpretation_url = page.url
    login(page, base, "shenhe")
    page.goto(interpretation_url)
    page.click("#publish-interpretation")
    page.wait_for_load_state("networkidle")

    # the public reads the document, then its interpretation, and goes back
    page.click("form[action='/logout/'] button")
    page.goto(item_url)
    assert index_number in page.inner_text("main")
    assert "保密审查" not in page.inner_text("main")  # the review record is for staff
    screenshot(page, "web-disclosure-public")
    page.click("#interpretations a")
    page.wait_for_url(interpretation_url)
    assert "问：资金从哪里来？" in page.inner_text("main")
    screenshot(page, "web-interpretation-public")
    page.click("#document-link")
    page.wait_for_url(item_url)

    # the public guide of the agency, from the public menu
    page.click("nav >> text=公开指南")
    page.click("text=示例市自然资源和规划局")
    main = page.inner_text("main")
    assert "示例市自然资源和规划局政府信息公开指南" in main and "规划计划" in main and "人民路100号" in main
    assert "本指南编制于" in main or "本指南最近修订于" in main
    screenshot(page, "web-guide")


def test_public_pages_read_without_javascript(demo: Any) -> None:
    """The catalogue, a document with its interpretation, and the guide, in a browser with JavaScript off:
    everything is there and passes the structural accessibility checks; so do the staff review pages."""
    base = demo.url
    with open_browser_page(1280, 15000, java_script_enabled=False) as page:
        page.goto(f"{base}/disclosures/")
        accessible(page)
        page.fill("#id_q", "出让管理办法")
        page.click("form.filters button[type=submit]")
        page.click("table.list >> text=政策解读")
        accessible(page)
        assert "问：为什么制定本办法？" in page.inner_text("main")
        page.click("#document-link")
        accessible(page)
        assert "示政规〔2024〕1号" in page.inner_text("main")
        page.goto(f"{base}/guide/")
        accessible(page)
        page.click("text=示例市人民政府")
        accessible(page)
        assert "政府信息公开指南" in page.inner_text("h1")
        login(page, base, "baomi")
        page.goto(f"{base}/disclosures/work/")
        accessible(page)
        page.click("text=示例市2025年度地质灾害防治方案")
        accessible(page)  # the review form, folded in <details>, opens without JavaScript
        page.click("#action-clear > summary")
        assert page.locator("#id_clear-confidentiality").is_visible()
