"""The supervising office's January in the browser (Playwright driving Debian's Chromium against the live
server, the embedded worker thread running): import the register, upload a zip of real fixture reports, watch
the progress, assign the report the matcher left, open problems from 社会事业局's 2021 report, issue a 整改通知
(Word read back, PDF by LibreOffice), then 社会事业局's own account reads it and sends the corrected report,
and the supervisor confirms and closes the problem. Screenshots ``rectification-*.png`` (see ``web.browser``)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from django.test import override_settings
from rectify_data import SOCIAL_2021, corrected_social, fixture

from gongkai_web.agencies.models import Role
from gongkai_web.supervision import embedded
from web.browser import BROWSER_MARKS, open_browser_page, screenshot
from web.factories import AgencyFactory, UserFactory
from web.register_data import HEADER

pytestmark = BROWSER_MARKS

CITY, FINANCE, SOCIAL = "PT00", "PT01", "PT02"
REGISTER = [
    ["平潭综合实验区管理委员会", "平潭实验区管委会", CITY, "", "人民政府", "https://www.pingtan.gov.cn", ""],
    ["平潭综合实验区财政金融局", "财政金融局", FINANCE, CITY, "政府部门", "", ""],
    ["平潭综合实验区社会事业局", "社会事业局", SOCIAL, CITY, "政府部门", "", ""],
]


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [HEADER, *REGISTER]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("2019-pingtan-finance-page.html", SOCIAL_2021, "2024-pingtan-page.html"):
            zf.writestr(*fixture(name))
    return out.getvalue()


@pytest.fixture
def pingtan(live_server: Any, tmp_path: Path) -> tuple[str, dict[str, Path]]:
    """Before the browser starts (no ORM calls while its event loop runs): the committee and its supervisor,
    社会事业局 under it with its own account (the register file adds 财政金融局); the files to upload."""
    city = AgencyFactory(name="平潭综合实验区管理委员会", code=CITY, kind="government")
    social = AgencyFactory(name="平潭综合实验区社会事业局", code=SOCIAL, parent=city)
    UserFactory(username="chief", full_name="林监督", agency=city, role=Role.SUPERVISOR)
    UserFactory(username="social", full_name="陈承办", agency=social, role=Role.HANDLER)
    files = {"register": tmp_path / "平潭登记簿.xlsx", "zip": tmp_path / "一月报送.zip"}
    files["register"].write_bytes(_xlsx())
    files["zip"].write_bytes(_zip())
    files["corrected"] = tmp_path / "社会事业局2021年度报告（整改后）.docx"
    files["corrected"].write_bytes(corrected_social())
    return live_server.url, files


@pytest.fixture
def worker() -> Iterator[None]:
    with override_settings(GONGKAI_EMBEDDED_WORKER=True):
        try:
            yield
        finally:
            embedded.stop()


@pytest.fixture
def page() -> Iterator[Any]:
    with open_browser_page(1440, 90000, accept_downloads=True) as page:
        yield page


def _login(page: Any, base: str, username: str) -> None:
    if page.locator("form[action='/logout/'] button").count():
        page.click("form[action='/logout/'] button")
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/applications/queue/")


def test_a_supervisors_january_from_register_to_closed_problem(
    pingtan: tuple[str, dict[str, Path]], worker: None, page: Any
) -> None:
    base, files = pingtan
    _login(page, base, "chief")

    # the register
    page.click("nav.nav >> text=报送名单")
    page.click("#link-register")
    page.set_input_files("#id_file", str(files["register"]))
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "rectification-register-preview")
    page.click("#confirm-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已导入：新增 1 个机构，更新 2 个" in page.inner_text("main")
    screenshot(page, "rectification-register")

    # the zip of reports, its progress, the report the matcher left
    page.click("nav.nav >> text=年报监督")
    page.set_input_files("#id_files", str(files["zip"]))
    page.fill("#id_name", "2022年1月报送")
    page.click("main button[type=submit]")
    page.wait_for_url("**/supervision/batches/*/")
    screenshot(page, "rectification-progress", full=False)
    page.wait_for_selector("#batch-finished:not([hidden])")
    assert page.inner_text("[data-field=done]") == page.inner_text("[data-field=total]") == "3"
    assert page.inner_text("[data-field=waiting]") == "1"
    page.click("text=刷新结果列表")
    page.wait_for_selector("#batch-items")
    screenshot(page, "rectification-batch")
    page.click("text=去指定所属机构")
    card = page.locator(".assign-item", has_text="2024-pingtan-page.html")
    card.locator("select").select_option(label="平潭综合实验区管理委员会")
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    assert "归入平潭综合实验区管理委员会2024年度报告第1版" in page.inner_text(".notice")

    # problems from 社会事业局's 2021 report
    page.click("nav.nav >> text=整改")
    page.click(".tabs >> text=收集的报告")
    assert page.locator("main table tbody tr").count() == 3
    page.click("text=平潭综合实验区社会事业局")
    findings = page.locator("#open-problems input[name=keys]")
    assert findings.count() == 5
    assert "行政事业性收费·本年收费金额（单位：万元）" in page.inner_text("#open-problems")
    screenshot(page, "rectification-findings")
    page.click("#open-problems button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已登记 5 条整改问题" in page.inner_text(".notice")

    # the notice
    page.click("nav.nav >> text=整改")
    assert page.inner_text("#count-open") == "5"
    for box in page.locator("#problem-list input[name=problem]").all():
        box.check()
    screenshot(page, "rectification-problems")
    page.click("text=就所选问题起草通知")
    page.wait_for_selector("#compose")
    assert page.input_value("#id_due_workdays") == "10"
    page.click("#compose button[type=submit]")
    page.wait_for_selector("#notice-preview")
    preview = page.inner_text("#notice-preview")
    assert preview.startswith("关于2021年度政府信息公开工作年度报告整改的通知")
    assert "平潭综合实验区社会事业局：" in preview and "{文号}" not in preview
    screenshot(page, "rectification-notice-draft")
    page.click("#issue button[type=submit]")
    page.wait_for_selector("#download-docx")
    number = "平潭实验区管委会整改〔"  # the short name the register gave
    assert number in page.inner_text(".notice") and page.inner_text("#notice-status") == "已签发"
    assert page.locator("#download-pdf").count() == 1
    screenshot(page, "rectification-notice-issued")
    with page.expect_download() as download:
        page.click("#download-docx")
    word = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert word.paragraphs[0].text.startswith(number) and len(word.tables[0].rows) == 6

    # 社会事业局's own account: its notice and problems, then its corrected report
    _login(page, base, "social")
    page.click("nav.nav >> text=整改")
    assert page.inner_text("#count-notified") == "5"
    assert page.locator("#problem-list input[name=problem]").count() == 0  # nothing to select for a notice
    page.click(".tabs >> text=整改通知")
    assert number in page.inner_text("#notice-list")
    page.click(".tabs >> text=整改问题")
    page.click("#problem-list tbody tr >> nth=0 >> a")
    assert page.locator("form.transition").count() == 0  # the supervisor decides
    page.click("main .page-head a >> text=平潭综合实验区社会事业局2021年度报告")
    page.set_input_files("#id_file", str(files["corrected"]))
    screenshot(page, "rectification-agency-upload")
    page.click("#correction-upload button[type=submit]")
    page.wait_for_selector("#diff")
    message = page.inner_text(".notice")
    assert "归入平潭综合实验区社会事业局2021年度报告第2版" in message and "5 个问题未再发现" in message
    assert page.locator("#versions tbody tr").count() == 2
    assert "行政事业性收费·本年收费金额" in page.inner_text("#diff")
    screenshot(page, "rectification-agency-corrected")

    # the supervisor confirms and closes
    _login(page, base, "chief")
    page.click("nav.nav >> text=整改")
    page.click("#problem-list tbody tr >> nth=0 >> a")
    assert "复查第2版时未再发现该问题" in page.inner_text("#proposed")
    page.click("#do-confirm button[type=submit]")
    page.wait_for_selector("#do-close")
    assert page.inner_text("#problem-status") == "已整改"
    page.click("#do-close button[type=submit]")
    page.wait_for_selector("#problem-log")
    assert page.inner_text("#problem-status") == "已关闭"
    log = page.inner_text("#problem-log")
    for step in (
        "登记整改问题",
        "通知整改",
        "复查未再发现问题，建议确认已整改",
        "确认已整改",
        "关闭整改问题",
    ):
        assert step in log
    screenshot(page, "rectification-closed")
    page.click("nav.nav >> text=整改")
    assert page.inner_text("#count-closed") == "1" and page.inner_text("#count-notified") == "4"
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    assert download.value.suggested_filename == "rectification-problems.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet["B4"].value == 5
