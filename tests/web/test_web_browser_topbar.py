"""The staff top bar at the widths offices' screens have (1,280 – 1,440 px): every item of the longest menus
(a 监督 officer's, the system administrator's) shows whole, inside the bar and the window, none over another.
Saves ``web-topbar-1280.png`` (see ``web.browser``)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from web.browser import BROWSER_MARKS, login, open_browser_page, screenshot

pytestmark = BROWSER_MARKS

# Each item of the bar: its box, the bar's, the window's width, and whether its text is cut.
MEASURE = """() => {
  const bar = document.querySelector('header.topbar');
  const items = [...bar.querySelectorAll('.brand, .nav a, .who a, .who span, .who button')];
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    window: document.documentElement.clientWidth,
    bar: box(bar),
    overflowing: bar.scrollWidth > bar.clientWidth || document.documentElement.scrollWidth > window.innerWidth,
    items: items.map((el) => ({
      text: el.textContent.trim(), box: box(el), cut: el.scrollWidth > el.clientWidth + 1,
    })),
  };
}"""


@pytest.fixture
def demo(live_server: Any) -> Iterator[Any]:
    with time_machine.travel(dt.datetime(2026, 9, 28, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        call_command("load_demo", stdout=io.StringIO())
        yield live_server


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_staff_bar_shows_every_item_whole(demo: Any, width: int) -> None:
    with open_browser_page(width, 15000) as page:
        for username, menu in (("jiandu", "年报监督"), ("admin", "系统管理")):
            login(page, demo.url, username)
            found = page.evaluate(MEASURE)
            texts = [i["text"] for i in found["items"]]
            assert menu in texts and "操作日志" in texts and "退出" in texts, texts
            assert not found["overflowing"], (username, width)
            left, top, right, bottom = found["bar"]
            for item in found["items"]:
                x0, y0, x1, y1 = item["box"]
                assert not item["cut"], (username, width, item)
                assert left <= x0 and x1 <= min(right, found["window"]), (username, width, item)
                assert top <= y0 and y1 <= bottom, (username, width, item)
            for i, a in enumerate(found["items"]):
                for b in found["items"][i + 1 :]:
                    if not ({a["text"], b["text"]} & {""}):
                        assert not _overlap(a["box"], b["box"]), (username, width, a, b)
            if width == 1280 and username == "jiandu":
                screenshot(page, "web-topbar-1280", full=False)
