"""Browser journeys (Playwright, Debian's Chromium) through the daily tools: the 审核 edits the 受理回执
template (a wrong placeholder is refused on the field), issues a 受理回执 and a 答复书 and downloads them (Word
and PDF, read here); then the 台账: search, filter, sort, the Excel export of what is shown, and the batch
assignment of a handler. Screenshots ``web-letters-*.png`` and ``web-ledger-*.png`` (see ``web.browser``)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai_web.letters.defaults import REMEDY
from web.browser import BROWSER_MARKS, login, open_browser_page, screenshot

pytestmark = BROWSER_MARKS
ADDED = "本机关已将您的申请登记在册。"


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1360, 20000, accept_downloads=True) as p:
        yield p


def download(page: Any, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def open_application(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/applications/?q={name}")
    page.click("table.list tbody tr td a.mono")
    page.wait_for_load_state("networkidle")


def test_edit_template_issue_and_download_letters(demo: Any, page: Any) -> None:
    base = demo.url
    login(page, base, "shenhe")
    # the template: a wrong placeholder is refused, then the edited text is saved
    page.goto(f"{base}/applications/")
    page.click("text=文书模板")
    screenshot(page, "web-letters-templates")
    page.click("#edit-receipt")
    body = page.input_value("#id_body")
    page.fill("#id_body", body + "\n\n{申请人姓名}")
    page.click("button[value=save]")
    assert "未知的占位符 {申请人姓名}" in page.inner_text("main")
    screenshot(page, "web-letters-template-error")
    page.fill("#id_body", body + "\n\n" + ADDED)
    page.click("button[value=save]")
    page.wait_for_url(f"{base}/letters/templates/?agency=*")
    assert "本机构修改" in page.inner_text("main")

    # a 受理回执 for an open application
    open_application(page, base, "刘建国")
    page.click("#issue-receipt")
    page.wait_for_load_state("networkidle")
    number = page.inner_text("#letters tr[data-kind=receipt] .letter-number")
    assert "依申请公开〔" in number and number.endswith("1号")
    assert page.locator("#issue-receipt").count() == 0  # issued once
    page.locator("#letters").scroll_into_view_if_needed()
    screenshot(page, "web-letters-issued")
    text = docx_text(download(page, "#letters tr[data-kind=receipt] >> text=Word"))
    assert number in text and "刘建国：" in text and ADDED in text
    assert download(page, "#letters tr[data-kind=receipt] >> text=PDF").startswith(b"%PDF")

    # the 答复书 of a decided application (部分公开): its article and the remedies
    open_application(page, base, "示例律师事务所")
    page.click("#issue-reply")
    page.wait_for_load_state("networkidle")
    reply = page.inner_text("#letters tr[data-kind=reply] .letter-number")
    assert reply.endswith("2号")  # the agency's sequence runs on
    text = docx_text(download(page, "#letters tr[data-kind=reply] >> text=Word"))
    assert "第三十七条" in text and REMEDY in text and "删除涉及个人隐私的内容后提供" in text
    screenshot(page, "web-letters-reply")


def test_ledger_search_filter_export_and_batch_assign(demo: Any, page: Any) -> None:
    base = demo.url
    login(page, base, "shenhe")
    page.goto(f"{base}/applications/")
    page.fill("#id_q", "规划")
    page.select_option("#id_status", "open")
    page.select_option("#id_sort", "received_on")
    page.click("#ledger-filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    rows = page.locator("table.list tbody tr")
    assert rows.count() >= 1
    assert "状态：办理中" in page.inner_text("#filters-applied")
    assert all(s == "办理中" for s in page.locator("table.list tbody .pill").all_inner_texts() if s != "逾期")
    screenshot(page, "web-ledger-filtered")

    workbook = load_workbook(io.BytesIO(download(page, "#export"))).active
    cells = [[c.value for c in row] for row in workbook.iter_rows()]
    assert cells[0][0] == "政府信息公开申请台账"
    assert "搜索：规划" in cells[2][1] and "状态：办理中" in cells[2][1]
    assert cells[3][1] == rows.count()

    # batch: tick every row shown and give them to another handler
    page.goto(f"{base}/applications/?status=open")
    ticked = page.locator("input[name=selected]").count()
    assert ticked >= 2
    page.check("input[data-check-all]")
    page.select_option("#batch-handler", label="张审核")
    screenshot(page, "web-ledger-batch")
    page.click("#batch-assign")
    page.wait_for_load_state("networkidle")
    assert f"已为 {ticked} 件申请指定承办人 张审核" in page.inner_text("main")
    handlers = page.locator("table.list tbody td.handler").all_inner_texts()
    assert handlers and all(h == "张审核" for h in handlers)
    screenshot(page, "web-ledger-assigned")
