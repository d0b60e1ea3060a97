"""Issue 13 §1: what is locked is what was checked — check and lock act on one saved state; the checker
refuses placeholders and empty sections; prose, 表四 and the Excel export as an office expects."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from report_ledger import NARRATIVE

from gongkai import read_bytes
from gongkai.layout import placeholders
from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.disclosures.models import AnnualFigure
from gongkai_web.reports import services as svc
from gongkai_web.reports.layout import appeal_table
from gongkai_web.reports.models import ReportVersion
from gongkai_web.reports.tables import compute_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("january")]


def _form(page: str) -> dict[str, str]:
    """What the browser submits from the workspace's narrative form: the three text boxes as shown, the
    draft's version and the hash of the report whose findings the page shows."""
    out = {}
    for key in svc.SECTIONS:
        m = re.search(rf'<textarea name="{key}"[^>]*>\n?(.*?)</textarea>', page, re.S)
        assert m is not None, key
        out[key] = (
            m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        )
    checked = re.search(r'name="checked" value="([0-9a-f]*)"', page)
    version = re.search(r'name="version" value="(\d+)"', page)
    out["checked"] = checked.group(1) if checked else ""
    out["version"] = version.group(1) if version else ""
    return out


def test_prefilled_unsaved_text_check_then_lock_sees_one_text(
    client: Client, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    """The issue's case: the workspace opens with the narrative pre-filled but not saved. 锁定 right away is
    refused (nothing saved); 保存并检查 saves it, and lock and check then see the same text: here the
    placeholders, so the lock is refused with the checker's reason. Once written, the locked version is
    exactly the report whose findings the page showed (same hash)."""
    client.force_login(staff[Role.APPROVER])
    url = reverse("reports:workspace", args=[agency.pk, 2024])
    lock = reverse("reports:lock", args=[agency.pk, 2024])
    form = _form(client.get(url).content.decode())
    assert "（待填写）" in form["overview"] and form["checked"] == ""
    response = client.post(lock, form)
    page = response.content.decode()
    assert response.status_code == 409 and "请先点“保存并检查”" in page
    assert ReportVersion.objects.count() == 0 and svc.get_draft(agency, 2024) is None
    assert _form(page)["overview"] == form["overview"]  # the text stays on the page
    # 检查 saves first, then checks the saved text
    page = client.post(url, {**form, "action": "check"}, follow=True).content.decode()
    assert "已保存并检查：发现 2 个错误" in page and "F110" in page
    assert svc.get_draft(agency, 2024).overview == form["overview"].strip()  # type: ignore[union-attr]
    form = _form(page)
    assert form["checked"] == svc.content_hash(svc.saved_report(agency, 2024))
    page = client.post(lock, form, follow=True).content.decode()
    assert "检查发现 2 个错误，改正后才能锁定" in page and "未填写的占位文字" in page
    assert ReportVersion.objects.count() == 0
    # written, checked, locked: the version holds what was checked
    page = client.post(url, {**form, **NARRATIVE, "action": "check"}, follow=True).content.decode()
    assert "已保存并检查：未发现错误" in page
    form = _form(page)
    response = client.post(lock, form)
    assert response.status_code == 302
    v = ReportVersion.objects.get()
    assert v.content_hash == form["checked"]
    assert v.data["sections"] == NARRATIVE


def test_lock_refuses_unsaved_edits_and_a_report_changed_since_the_check(
    agency: Agency, staff: dict[str, User], ledger: dict[str, Any]
) -> None:
    approver = staff[Role.APPROVER]
    svc.save_draft(staff[Role.HANDLER], agency, 2024, NARRATIVE)
    checked = svc.content_hash(svc.saved_report(agency, 2024))
    typed = {**NARRATIVE, "other": "无。"}
    with pytest.raises(svc.ReportError, match="未保存的修改"):
        svc.lock_report(approver, agency, 2024, checked=checked, sections=typed)
    # the ledger changes after the check: b9 (carried forward) is answered on 2024-12-31
    b9 = ledger["b9"]
    b9.decided_on = dt.date(2024, 12, 31)
    b9.save()
    with pytest.raises(svc.ReportError, match="检查之后报告内容有变化"):
        svc.lock_report(approver, agency, 2024, checked=checked, sections=dict(NARRATIVE))
    assert ReportVersion.objects.count() == 0
    svc.save_draft(
        staff[Role.HANDLER],
        agency,
        2024,
        {**NARRATIVE, "overview": NARRATIVE["overview"].replace("2件", "1件").replace("12件", "13件")},
    )
    rechecked = svc.content_hash(svc.saved_report(agency, 2024))
    v = svc.lock_report(approver, agency, 2024, checked=rechecked)
    assert v.content_hash == rechecked


def test_no_draft_no_lock(agency: Agency, staff: dict[str, User], ledger: Any) -> None:
    with pytest.raises(svc.ReportError, match="正文尚未保存"):
        svc.lock_report(staff[Role.APPROVER], agency, 2024)


def test_empty_section_and_placeholder_are_errors_wu_in_five_a_warning(
    agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    approver = staff[Role.APPROVER]
    svc.save_draft(staff[Role.HANDLER], agency, 2024, {**NARRATIVE, "problems": ""})
    with pytest.raises(svc.ReportError, match="五、存在的主要问题及改进情况”没有内容"):
        svc.lock_report(approver, agency, 2024)
    svc.save_draft(
        staff[Role.HANDLER],
        agency,
        2024,
        {**NARRATIVE, "problems": "（上年度报告未提出问题，或尚无上年度报告。）"},
    )
    with pytest.raises(svc.ReportError, match="未填写的占位文字"):
        svc.lock_report(approver, agency, 2024)
    svc.save_draft(staff[Role.HANDLER], agency, 2024, {**NARRATIVE, "problems": "无。"})
    findings = svc.findings_for(svc.saved_report(agency, 2024), None)
    assert [(f.code, str(f.severity)) for f in findings if f.code in ("F109", "F110", "N511")] == [
        ("N511", "warning")
    ]
    assert svc.lock_report(approver, agency, 2024).number == 1  # a warning does not block


def test_appeals_table_in_the_official_15_column_layout(
    client: Client, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    table = appeal_table(compute_report(agency, 2024))
    assert [[(h.label, h.colspan, h.rowspan) for h in row] for row in table.header[:2]] == [
        [("行政复议", 5, 2), ("行政诉讼", 10, 1)],
        [("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
    ]
    assert [h.label for h in table.header[2]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    assert len(table.rows) == 1
    assert [c.path for c in table.rows[0].cells][:6] == [
        "appeals.review.upheld",
        "appeals.review.corrected",
        "appeals.review.other",
        "appeals.review.pending",
        "appeals.review.total",
        "appeals.suit_direct.upheld",
    ]
    assert [c.value for c in table.rows[0].cells] == [1, 1, 0, 1, 3, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1]
    client.force_login(staff[Role.HANDLER])
    page = client.get(reverse("reports:workspace", args=[agency.pk, 2024])).content.decode()
    appeals = page[page.index('id="table-appeals"') :]
    appeals = appeals[: appeals.index("</table>")]
    assert appeals.count("<tr>") == 4 and appeals.count('<td class="num') == 15
    assert '<th colspan="5" rowspan="2">行政复议</th><th colspan="10">行政诉讼</th>' in appeals


def test_a_blank_table_two_figure_links_to_where_it_is_entered(
    client: Client, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    AnnualFigure.objects.filter(agency=agency, year=2024, key="penalty.decisions").delete()
    client.force_login(staff[Role.HANDLER])
    page = client.get(reverse("reports:workspace", args=[agency.pk, 2024])).content.decode()
    entry = f"/disclosures/table-two/?agency={agency.pk}&amp;year=2024#figure-penalty.decisions"
    t205 = page[page.index('<span class="code">T205</span>') :]
    assert entry in t205[: t205.index("</li>")] and "到“表二数据”填写" in t205
    target = client.get(f"/disclosures/table-two/?agency={agency.pk}&year=2024").content.decode()
    assert 'id="figure-penalty.decisions"' in target


def test_excel_beside_word_pdf_html_and_every_export_names_the_report(
    client: Client, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    svc.save_draft(staff[Role.HANDLER], agency, 2024, NARRATIVE)
    v = svc.publish_version(staff[Role.APPROVER], svc.lock_report(staff[Role.APPROVER], agency, 2024))
    client.force_login(staff[Role.HANDLER])
    page = client.get(reverse("reports:version", args=[agency.pk, 2024, v.number])).content.decode()
    for fmt, label in (("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel"), ("html", "网页")):
        assert f'id="dl-{fmt}"' in page and f">{label}</a>" in page
    public = client.get(reverse("reports:public_report", args=[agency.code, 2024])).content.decode()
    assert "download.xlsx" in public
    for fmt in ("docx", "pdf", "xlsx", "html"):
        response = client.get(reverse("reports:version_file", args=[agency.pk, 2024, v.number, fmt]))
        back = read_bytes(response.content, name=f"report.{fmt}").report
        assert (back.title, back.agency, back.year) == (v.data["title"], agency.name, 2024), fmt
        if fmt != "pdf":  # the PDF reader re-flows lines; its title, agency and year are what counts here
            assert back.sections.problems == NARRATIVE["problems"], fmt
    xlsx = client.get(reverse("reports:public_file", args=[agency.code, 2024, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert read_bytes(xlsx.content, name="r.xlsx").report.year == 2024


def test_every_placeholder_the_prefill_writes_is_the_catalog_s_and_is_caught(
    agency: Agency, staff: dict[str, User]
) -> None:
    """A year with nothing in the ledger and no report the year before: whatever bracketed text the draft
    opens with is a numbered sub-heading or one of the catalog's placeholders, and rule F110 finds it."""
    report = compute_report(agency, 2024)
    text = svc.prefill(svc.year_facts(agency, 2024, report, None))
    marks = set(placeholders())
    for key, value in text.items():
        brackets = set(re.findall(r"（[^（）]*）", value))
        headings = {b for b in brackets if re.fullmatch(r"（[一二三四五六七八九十]+）", b)}
        assert brackets - headings <= marks, key
    found = svc.findings_for(compute_report(agency, 2024, text), None)
    assert {f.paths[0] for f in found if f.code == "F110"} == {"sections.overview", "sections.problems"}
