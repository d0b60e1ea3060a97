"""Browser walk (Playwright, Debian's Chromium): a year's section 一 drafted from the records, each of its
numbers clicked through to the records behind it. Screenshots ``report-overview-*.png`` (see ``web.browser``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from report_ledger import build_ledger

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.channels.models import Channel, Kind, Message, MonthlyPosts, Placement
from gongkai_web.disclosures.models import Disclosure
from web.browser import BROWSER_MARKS, open_browser_page, screenshot

pytestmark = BROWSER_MARKS


@pytest.fixture
def ledger(live_server: Any, agency: Agency, staff: dict[str, User]) -> dict[str, Any]:
    """The 2024 ledger, with a website and a WeChat account, made before the browser starts."""
    build_ledger(agency)
    site = Channel.objects.create(agency=agency, kind=Kind.WEBSITE, name="门户网站信息公开专栏")
    wechat = Channel.objects.create(agency=agency, kind=Kind.WECHAT, name="“测试自然资源”微信公众号")
    for d in Disclosure.objects.published().filter(agency=agency, issued_on__year=2024):
        Placement.objects.create(disclosure=d, channel=site)
    for month, posts in ((1, 31), (2, 17), (3, 22)):
        MonthlyPosts.objects.create(channel=wechat, month=dt.date(2024, month, 1), posts=posts)
    Message.objects.create(agency=agency, channel=wechat, subject="咨询登记", received_on=dt.date(2024, 4, 1),
                           replied_on=dt.date(2024, 4, 3))  # fmt: skip
    return {"url": live_server.url, "pk": agency.pk}


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1440, 20000) as page:
        yield page


def test_each_number_of_section_one_opens_its_records(ledger: dict[str, Any], page: Any) -> None:
    base = ledger["url"]
    page.goto(f"{base}/login/")
    page.fill("#id_username", Role.HANDLER)
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    work = f"{base}/reports/{ledger['pk']}/2024/"
    page.goto(work)
    text = page.input_value("#id_overview")
    assert "“测试自然资源”微信公众号全年发布信息70条。收到网上留言1条，已回复1条。" in text
    entries = int(re.search(r"全年通过主动公开目录发布政府信息(\d+)条", text)[1])  # type: ignore[index]
    assert f"通过门户网站信息公开专栏发布信息{entries}条" in text
    page.click("#overview-sources > summary")
    sources = page.inner_text("#overview-sources")
    assert f"主动公开政府信息：{entries}" in sources and "“测试自然资源”微信公众号：70" in sources
    screenshot(page, "report-overview-sources")

    page.click("#overview-sources a >> text=70")
    page.wait_for_url(re.compile(r"/fact/posts\.\d+/$"))
    assert [r.inner_text() for r in page.locator("#records tbody tr td:first-child").all()] == [
        "2024-01",
        "2024-02",
        "2024-03",
    ]
    screenshot(page, "report-overview-posts")
    page.go_back()
    page.click("#overview-sources > summary")
    page.locator("#overview-sources li", has_text="主动公开政府信息").locator("a").click()
    page.wait_for_url(re.compile(r"/fact/entries/$"))
    assert f"共 {entries} 条记录" in page.inner_text("main")
    assert page.locator("#records tbody tr").count() == min(entries, 50)
    screenshot(page, "report-overview-entries")
