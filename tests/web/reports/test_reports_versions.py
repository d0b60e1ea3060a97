"""Drafting, locking, correcting, publishing and importing; the pages, drill-down privacy and deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from report_ledger import NARRATIVE

from gongkai.model import report_from_dict
from gongkai.readers import read_bytes
from gongkai.renderers import render_report
from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from gongkai_web.reports import services as svc
from gongkai_web.reports.models import ImmutableVersionError, ReportVersion
from gongkai_web.reports.tables import compute_report
from strategies import fixture_path
from web.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def locked(agency: Agency, staff: dict[str, User]) -> ReportVersion:
    svc.save_draft(staff[Role.HANDLER], agency, 2024, NARRATIVE)
    return svc.lock_report(staff[Role.APPROVER], agency, 2024)


def test_lock_freezes_the_report_and_a_correction_shows_the_diff(
    january: None, agency: Agency, staff: dict[str, User], ledger: dict[str, Any]
) -> None:
    v1 = locked(agency, staff)
    assert v1.number == 1 and len(v1.content_hash) == 64
    assert bytes(v1.pdf).startswith(b"%PDF") and bytes(v1.docx).startswith(b"PK")
    assert "申请11件" in bytes(v1.html).decode()
    frozen = dict(v1.data)
    assert v1.content_hash == svc.content_hash(report_from_dict(frozen))
    # the ledger changes after the lock: b9 (carried forward) is answered as if on 2024-12-31
    b9 = ledger["b9"]
    b9.decided_on = dt.date(2024, 12, 31)
    b9.save()
    v1.refresh_from_db()
    assert v1.data == frozen and v1.data["requests"]["carried_forward"]["total"] == 2
    assert compute_report(agency, 2024).requests.carried_forward.total == 1
    # the same content cannot be locked twice; a correction needs a reason
    with pytest.raises(svc.ReportError, match="更正说明"):
        svc.lock_report(staff[Role.APPROVER], agency, 2024)
    svc.save_draft(
        staff[Role.HANDLER],
        agency,
        2024,
        {**NARRATIVE, "overview": NARRATIVE["overview"].replace("2件", "1件").replace("12件", "13件")},
    )
    v2 = svc.lock_report(staff[Role.APPROVER], agency, 2024, note="B09 答复日期更正")
    assert v2.number == 2 and v2.content_hash != v1.content_hash
    cells, texts = svc.diff_reports(svc.version_report(v1), svc.version_report(v2))
    changed = {c.path: (c.old, c.new) for c in cells}
    assert changed == {
        "requests.granted.natural_person": (2, 3),
        "requests.granted.total": (3, 4),
        "requests.total_handled.natural_person": (7, 8),
        "requests.total_handled.total": (12, 13),
        "requests.carried_forward.natural_person": (1, 0),
        "requests.carried_forward.total": (2, 1),
    }
    assert [t.key for t in texts] == ["overview"]
    assert ("-", NARRATIVE["overview"]) in texts[0].lines
    with pytest.raises(svc.ReportError, match="相同"):
        svc.lock_report(staff[Role.APPROVER], agency, 2024, note="again")


def test_a_locked_version_cannot_be_saved(
    january: None, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    v = locked(agency, staff)
    v.data = {}
    with pytest.raises(ImmutableVersionError):
        v.save()


def test_only_approvers_lock_and_publish(
    january: None, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    svc.save_draft(staff[Role.HANDLER], agency, 2024, NARRATIVE)
    with pytest.raises(PermissionDenied):
        svc.lock_report(staff[Role.HANDLER], agency, 2024)
    with pytest.raises(PermissionDenied):
        svc.save_draft(staff[Role.REGISTRAR], agency, 2024, NARRATIVE)
    v = svc.lock_report(staff[Role.APPROVER], agency, 2024)
    with pytest.raises(PermissionDenied):
        svc.publish_version(staff[Role.SUPERVISOR], v)
    v = svc.publish_version(staff[Role.APPROVER], v)
    assert v.published_at is not None
    with pytest.raises(svc.ReportError, match="已发布"):
        svc.publish_version(staff[Role.APPROVER], v)
    actions = list(AuditEntry.objects.filter(action__startswith="report_").values_list("action", flat=True))
    assert sorted(actions) == ["report_draft", "report_lock", "report_publish"]


def test_prefill_states_the_year_s_facts(january: None, agency: Agency, ledger: Any) -> None:
    report = compute_report(agency, 2024)
    facts = svc.year_facts(agency, 2024, report, None)
    text = svc.prefill(facts)
    assert "新收政府信息公开申请11件，上年结转3件" in text["overview"]
    assert "办结申请12件" in text["overview"] and "结转下年度继续办理2件" in text["overview"]
    assert "发布政府信息4条" in text["overview"]  # d1 d4 d5 d8 (issued in 2024)
    assert "1笔，共计1200元" in text["other"]
    # prose as an officer writes it: results by category, no official notes in brackets
    assert (
        "办结申请12件，其中予以公开3件、部分公开2件、不予公开1件、无法提供1件、不予处理1件、其他处理4件；"
        in text["overview"]
    )
    assert "区分处理" not in text["overview"]
    # the narrative rules agree with the pre-filled numbers; what is left to write is an error until written
    report = compute_report(agency, 2024, text)
    found = [(f.code, f.paths) for f in svc.findings_for(report, None) if f.severity != "info"]
    assert found == [("F110", ("sections.overview",)), ("F110", ("sections.problems",))]


def test_pages_and_save_then_check(
    client: Client, january: None, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    client.force_login(staff[Role.HANDLER])
    url = reverse("reports:workspace", args=[agency.pk, 2024])
    page = client.get(url).content.decode()
    assert 'id="cell-requests.received.total"' in page and "新收政府信息公开申请11件" in page
    assert "正文尚未保存" in page
    response = client.post(url, {**NARRATIVE, "version": "0"})
    assert response.status_code == 302
    bad = {**NARRATIVE, "overview": "本年度新收政府信息公开申请99件。", "version": "1", "action": "check"}
    response = client.post(url, bad, follow=True)
    page = response.content.decode()
    assert "已保存并检查" in page and "N501" in page and "申请99件" in page
    assert svc.get_draft(agency, 2024).overview == bad["overview"]  # type: ignore[union-attr]
    assert client.post(reverse("reports:lock", args=[agency.pk, 2024])).status_code == 403


def test_drill_down_hides_personal_data_from_supervisors(
    client: Client, january: None, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    url = reverse("reports:cell", args=[agency.pk, 2024, "requests.partially_granted.natural_person"])
    client.force_login(staff[Role.HANDLER])
    page = client.get(url).content.decode()
    assert "张三" in page and "110101198001010011" in page and "13911112222" in page and "和平路" in page
    viewed = AuditEntry.objects.get(action="view_personal", actor=staff[Role.HANDLER])
    assert "requests.partially_granted.natural_person" in viewed.after["viewed"]
    boss = UserFactory(
        username="city", agency=AgencyFactory(name="测试市人民政府", code="GOV"), role=Role.SUPERVISOR
    )
    agency.parent = boss.agency
    agency.save()
    client.force_login(boss)
    page = client.get(url).content.decode()
    assert "B03" in page and "张**" in page
    assert (
        "张三" not in page
        and "110101198001010011" not in page
        and "13911112222" not in page
        and "和平路" not in page
    )
    assert (
        client.get(reverse("reports:cell", args=[agency.pk, 2024, "requests.bogus.total"])).status_code == 404
    )


def test_publish_then_public_page_and_json(
    client: Client, january: None, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    public = reverse("reports:public_report", args=[agency.code, 2024])
    assert client.get(public).status_code == 404
    v = svc.publish_version(staff[Role.APPROVER], locked(agency, staff))
    page = client.get(public).content.decode()
    assert "二、主动公开政府信息情况" in page and "SHA-256" in page
    data = client.get(reverse("reports:public_json", args=[agency.code, 2024])).json()
    assert data["content_hash"] == v.content_hash and data["report"]["requests"]["received"]["total"] == 11
    pdf = client.get(reverse("reports:public_file", args=[agency.code, 2024, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert agency.name in client.get(reverse("reports:public_index")).content.decode()


def test_import_a_published_report(
    client: Client, january: None, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    r2023 = compute_report(
        agency,
        2023,
        {"overview": "2023年总体情况。", "problems": "上年度问题：目录更新不及时。", "other": "无。"},
    )
    html = render_report(r2023, "html")
    url = reverse("reports:import", args=[agency.pk, 2023])
    client.force_login(staff[Role.APPROVER])
    bad = client.post(url, {"file": SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)})
    assert bad.status_code == 400 and "PNG" in bad.content.decode()
    wrong_year = client.post(
        reverse("reports:import", args=[agency.pk, 2022]), {"file": SimpleUploadedFile("r.html", html)}
    )
    assert wrong_year.status_code == 400 and "2023年度" in wrong_year.content.decode()
    assert ReportVersion.objects.count() == 0
    ok = client.post(url, {"file": SimpleUploadedFile("2023.html", html)})
    assert ok.status_code == 302
    v = ReportVersion.objects.get()
    assert v.origin == "import" and v.source_name == "2023.html"
    assert v.locked_at is None and v.published_at is None  # a draft until checked and locked
    assert v.data["requests"]["carried_forward"] == r2023.requests.carried_forward.model_dump()
    # last year's report now comes from the import: its §五 pre-fills this year's
    previous, source = svc.previous_report(agency, 2024)
    assert "第1版" in source and previous.sections.problems == "上年度问题：目录更新不及时。"
    page = client.get(reverse("reports:workspace", args=[agency.pk, 2024])).content.decode()
    assert "针对上年度报告提出的问题：上年度问题：目录更新不及时。" in page
    assert client.post(url, {"file": SimpleUploadedFile("x.html", b"")}).status_code == 400


def test_deadline_dashboard(client: Client, agency: Agency, staff: dict[str, User]) -> None:
    city = AgencyFactory(name="测试市人民政府", code="GOV", kind="government")
    agency.parent = city
    agency.save()
    dept2 = AgencyFactory(name="测试市教育局", code="JY", parent=city)
    with time_machine.travel(dt.datetime(2025, 1, 20, 10, 0, tzinfo=SHANGHAI), tick=False):
        svc.save_draft(staff[Role.HANDLER], agency, 2024, NARRATIVE)
        v = svc.lock_report(staff[Role.APPROVER], agency, 2024)
        svc.publish_version(staff[Role.APPROVER], v)
    with time_machine.travel(dt.datetime(2025, 2, 10, 10, 0, tzinfo=SHANGHAI), tick=False):
        rows = {
            r.agency.code: r for r in svc.deadline_rows([city, agency, dept2], 2024, dt.date(2025, 2, 10))
        }
        assert (rows["ZR01"].state, rows["ZR01"].timing, rows["ZR01"].published_on) == (
            "published",
            "on_time",
            dt.date(2025, 1, 20),
        )
        assert (rows["JY"].state, rows["JY"].timing, rows["JY"].deadline) == (
            "not_started",
            "overdue",
            dt.date(2025, 1, 31),
        )
        assert (rows["GOV"].timing, rows["GOV"].deadline, rows["GOV"].days_left) == (
            "due",
            dt.date(2025, 3, 31),
            49,
        )
        boss = UserFactory(username="city", agency=city, role=Role.SUPERVISOR)
        client.force_login(boss)
        page = client.get(reverse("reports:dashboard") + "?year=2024").content.decode()
        assert page.count("<tr>") == 4 and "已逾期未发布" in page and "按时发布" in page and "未到期" in page


def test_import_decides_run_together_digits_with_the_neighbouring_year(
    client: Client, agency: Agency, staff: dict[str, User]
) -> None:
    """Crawled reports of 2019 and 2020: the second import reads 表二 with the first (its next year)."""
    reports = fixture_path("2019-pingtan-crawled", ".txt").parent
    approver = staff[Role.APPROVER]
    agency.name = "平潭综合实验区"  # the agency the crawled reports name
    agency.save()
    v2020 = svc.import_report(
        approver, agency, 2020, name="2020.txt", data=(reports / "2020-pingtan-crawled.txt").read_bytes()
    )
    assert v2020.data["proactive"]["licensing"]["items_last_year"] is None  # alone: 3, 39, 396 …
    v2019 = svc.import_report(
        approver, agency, 2019, name="2019.txt", data=(reports / "2019-pingtan-crawled.txt").read_bytes()
    )
    assert v2019.data["proactive"]["licensing"] == {
        "items_last_year": 396,
        "items_change": 0,
        "decisions": 181,
    }
    assert v2019.data["proactive"]["normative_documents"]["total_published"] == 89  # 166 − 77
    assert v2019.data["proactive"]["coercion"]["items_last_year"] is None  # 126+0 and 1260+2 both fit
    # what was read and what was left open is kept with the version and shown on its page
    # 2020 alone: every 表二 run with several readings stays open — 规范性文件 '7777166', 行政许可 '396442278',
    # 其他对外管理服务事项 '107105', 行政强制 '1262629' (3 cells each), 行政处罚 '2648-18538' and 政府集中采购
    # '39573802895.90' (2 each: the minus sign and the decimals fix one cut). 规章 '007' (one digit a cell) and
    # 行政事业性收费 '35-15' have one reading: 4 × 3 + 2 × 2 = 16
    open_2020 = {
        f"proactive.{row}.{col}"
        for row in ("normative_documents",)
        for col in ("made", "published", "total_published")
    }
    open_2020 |= {
        f"proactive.{row}.{col}"
        for row in ("licensing", "other_services", "coercion")
        for col in ("items_last_year", "items_change", "decisions")
    }
    open_2020 |= {"proactive.penalty.items_change", "proactive.penalty.decisions"}
    open_2020 |= {"proactive.procurement.projects", "proactive.procurement.amount"}
    assert set(v2020.reading["open_cells"]) == open_2020
    assert sorted(v2019.reading["open_cells"]) == [
        "proactive.coercion.decisions",
        "proactive.coercion.items_change",
        "proactive.coercion.items_last_year",
        "proactive.normative_documents.made",
        "proactive.normative_documents.published",
        "proactive.procurement.amount",
        "proactive.procurement.projects",
    ]
    assert any("结合2020年的报告" in n for n in v2019.reading["notes"])
    client.force_login(approver)
    page = client.get(reverse("reports:version", args=[agency.pk, 2019, v2019.number])).content.decode()
    assert "7 个单元格的数字与相邻单元格粘连" in page
    assert "行政强制·上一年项目数量" in page and "126、1260" in page


def test_control_characters_are_cleaned_on_input_and_the_locked_word_file_reads_back(
    client: Client, january: None, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    client.force_login(staff[Role.HANDLER])
    pasted = {**NARRATIVE, "problems": NARRATIVE["problems"].replace("\n", "\x0b") + "\x01"}
    response = client.post(reverse("reports:workspace", args=[agency.pk, 2024]), {**pasted, "version": "0"})
    assert response.status_code == 302
    draft = svc.get_draft(agency, 2024)
    assert draft is not None and draft.problems == NARRATIVE["problems"]
    version = svc.lock_report(staff[Role.APPROVER], agency, 2024)
    assert read_bytes(bytes(version.docx), name="v1.docx").report.sections.problems


def test_a_file_that_does_not_read_back_is_never_kept(
    january: None, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    # a service caller that skipped the form's cleaning: the DOCX would not be well-formed XML
    svc.save_draft(staff[Role.HANDLER], agency, 2024, {**NARRATIVE, "other": NARRATIVE["other"] + "\x01"})
    with pytest.raises(svc.ReportError, match="Word文件无法读回"):
        svc.lock_report(staff[Role.APPROVER], agency, 2024)
    assert not ReportVersion.objects.exists()
