"""The chart pages in Chromium (Playwright, the live server, the page's strict Content-Security-Policy): the
charts draw with the vendored ECharts, hovering shows a tooltip, the legend toggles a series, the PNG and SVG
downloads are images with the Chinese labels, the CSV download is the table, without JavaScript the tables
stand alone, and print media hides the controls. Saves ``analysis-*.png`` (see ``web.browser``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai_web.agencies.models import Agency, User
from web.browser import BROWSER_MARKS, open_browser_page, screenshot

pytestmark = BROWSER_MARKS


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1280, 60000, accept_downloads=True) as page:
        yield page


def _login(page: Any, base: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")


def _drawn(page: Any, count: int) -> None:
    page.wait_for_function(f"window.gongkaiCharts && Object.keys(window.gongkaiCharts).length === {count}")


def _download(page: Any, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def test_agency_across_years(live_server: Any, area: dict[str, Agency], chief: User, page: Any) -> None:
    base = live_server.url
    _login(page, base)
    page.goto(f"{base}/analysis/agency/{area['city'].pk}/")
    _drawn(page, 2)
    # hover the 2024 bars: the tooltip names the outcomes in Chinese
    x, y = page.evaluate(
        "(() => { const e = window.gongkaiCharts['chart-mix']; const b = e.box.getBoundingClientRect();"
        " const p = e.chart.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, ['2024年', 50]);"
        " return [b.left + p[0], b.top + p[1]]; })()"
    )
    page.mouse.move(x, y)
    tooltip = page.locator("#chart-mix-canvas div").filter(has_text="予以公开").first
    tooltip.wait_for()
    assert "一、本年新收" in tooltip.inner_text() and "218" in tooltip.inner_text()
    screenshot(page, "analysis-agency-tooltip", full=False)
    # the legend toggles a line: 实质公开率 is shown, then hidden
    selected = "window.gongkaiCharts['chart-rates'].chart.getOption().legend[0].selected['实质公开率']"
    assert page.evaluate(selected) is True
    page.evaluate(
        "window.gongkaiCharts['chart-rates'].chart.dispatchAction({type: 'legendToggleSelect', name: '实质公开率'})"
    )
    assert page.evaluate(selected) is False
    png = _download(page, "button[data-save=png][data-for=chart-mix]")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    svg = _download(page, "button[data-save=svg][data-for=chart-rates]").decode()
    assert svg.lstrip().startswith("<svg") and "各项指标" in svg and "结转率" in svg
    data = _download(page, "a[data-download=indicators-csv]").decode("utf-8-sig")
    assert "实质公开率,51.9%,—,45.9%,-6.0个百分点" in data
    screenshot(page, "analysis-agency")
    page.emulate_media(media="print")
    assert not page.locator(".chart-tools").first.is_visible()
    screenshot(page, "analysis-agency-print")


def test_region_in_one_year(live_server: Any, area: dict[str, Agency], chief: User, page: Any) -> None:
    base = live_server.url
    _login(page, base)
    page.goto(f"{base}/analysis/?region={area['city'].pk}&year=2024&indicator=disclosure_rate")
    _drawn(page, 2)
    bars = page.evaluate("window.gongkaiCharts['chart-rank'].chart.getOption().series[0].data")
    assert bars == sorted(bars, reverse=True) and len(bars) == 2  # 社会事业局: 5 cases, not ranked
    page.select_option("#indicator", "unable_rate")
    page.wait_for_url("**indicator=unable_rate**")
    _drawn(page, 2)
    assert "无法提供率排名" in page.inner_text("main")
    screenshot(page, "analysis-region")
    xlsx = _download(page, "a[data-download=distribution-xlsx]")
    assert xlsx[:2] == b"PK"


def test_small_multiples_and_tables_without_javascript(
    live_server: Any, area: dict[str, Agency], chief: User, page: Any
) -> None:
    base = live_server.url
    _login(page, base)
    page.goto(f"{base}/analysis/multiples/?region={area['city'].pk}&indicator=applications")
    _drawn(page, 3)
    screenshot(page, "analysis-multiples")
    context = page.context.browser.new_context(
        java_script_enabled=False, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    try:
        plain = context.new_page()
        _login(plain, base)
        plain.goto(f"{base}/analysis/?region={area['city'].pk}&year=2024")
        assert not plain.locator("#chart-rank-canvas").is_visible()
        assert plain.locator("#table-ranking tbody tr").count() == 2
        assert plain.locator("#table-distribution").is_visible()
        screenshot(plain, "analysis-region-nojs")
    finally:
        context.close()
