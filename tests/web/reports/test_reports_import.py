"""Issue 13 §2: an agency imports only its own earlier published report; the import is a draft version that
shows findings and the reading notes, published only through check → lock → publish; the workspace warns
before ledger tables replace it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.renderers import render_report
from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from gongkai_web.reports import services as svc
from gongkai_web.reports.models import ReportVersion
from gongkai_web.reports.tables import compute_report
from strategies import fixture_path

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("january")]
HONGZE = "洪泽区人民政府"  # as the PDF names itself
WRITTEN = {
    "overview": "2023年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，做好政府信息公开工作。",
    "problems": "（一）存在的主要问题\n部分栏目更新不及时。\n（二）改进情况\n已建立周检查制度。",
    "other": "2023年本机关未收取信息处理费。",
}


@pytest.fixture
def hongze_pdf() -> bytes:
    return fixture_path("2023-hongze-district", ".pdf").read_bytes()


def test_another_agency_s_report_is_refused_and_pointed_to_supervision(
    client: Client, agency: Agency, staff: dict[str, User], hongze_pdf: bytes
) -> None:
    agency.name = "示例市自然资源和规划局"
    agency.save()
    with pytest.raises(svc.ReportError, match=HONGZE) as refused:
        svc.import_report(staff[Role.APPROVER], agency, 2023, name="hz.pdf", data=hongze_pdf)
    assert "监督" in str(refused.value) and refused.value.field == "confirm_reason"
    client.force_login(staff[Role.APPROVER])
    url = reverse("reports:import", args=[agency.pk, 2023])
    response = client.post(url, {"file": SimpleUploadedFile("hz.pdf", hongze_pdf)})
    page = response.content.decode()
    assert response.status_code == 400 and HONGZE in page and "由上级机关在“监督”中收集" in page
    assert ReportVersion.objects.count() == 0
    # a renamed agency: the approver confirms with a reason, which is kept and audited
    response = client.post(
        url,
        {"file": SimpleUploadedFile("hz.pdf", hongze_pdf), "confirm_reason": "本局2024年由洪泽区政府改组"},
    )
    assert response.status_code == 302
    v = ReportVersion.objects.get()
    assert (
        v.reading["agency_in_file"] == HONGZE and v.reading["confirm_reason"] == "本局2024年由洪泽区政府改组"
    )
    entry = AuditEntry.objects.get(action="report_import")
    assert "本局2024年由洪泽区政府改组" in str(entry.after) and HONGZE in str(entry.after)


def test_own_report_imports_as_a_draft_with_its_findings_and_reading_notes(
    client: Client, agency: Agency, staff: dict[str, User], hongze_pdf: bytes
) -> None:
    """The 洪泽区 2023 PDF imported by 洪泽区 itself: a draft version showing the checker's 3 errors and the
    reading notes; it is neither published nor lockable while the errors stand."""
    agency.name = HONGZE
    agency.save()
    approver = staff[Role.APPROVER]
    v = svc.import_report(approver, agency, 2023, name="hz2023.pdf", data=hongze_pdf)
    assert (v.origin, v.locked_at, v.published_at) == ("import", None, None)
    errors = [f for f in v.reading["findings"] if f["severity"] == "error"]
    assert len(errors) == 3
    client.force_login(approver)
    page = client.get(reverse("reports:version", args=[agency.pk, 2023, v.number])).content.decode()
    assert "导入待核" in page and "检查结果（导入时）" in page and "3 个错误" in page
    assert all(f["code"] in page for f in errors)
    # the reading note: per table, where its cells came from
    assert v.reading["sources"] == ["表二：从表格读取 10 格，报告中空白 0 格", "表三：从表格读取 161 格，报告中空白 0 格",
                                    "表四：从表格读取 15 格，报告中空白 0 格"]  # fmt: skip
    assert "各表数字的来源" in page and "表三：从表格读取 161 格，报告中空白 0 格" in page
    assert 'id="publish"' not in page and 'id="lock-import"' in page and "disabled" in page
    with pytest.raises(svc.ReportError, match="须先检查并锁定"):
        svc.publish_version(approver, v)
    with pytest.raises(svc.ReportError, match="检查发现 3 个错误"):
        svc.lock_import(approver, v)
    assert svc.published_version(agency, 2023) is None
    (row,) = svc.deadline_rows([agency], 2023, dt.date(2025, 1, 20))
    assert row.state == "drafting"  # the dashboard does not count an unchecked import as locked
    # the public page does not have it
    assert client.get(reverse("reports:public_report", args=[agency.code, 2023])).status_code == 404
    # still last year's report for the cross-year rules of 2024
    assert "2023年度报告第1版" in svc.previous_report(agency, 2024)[1]


def test_a_clean_import_is_checked_locked_then_published(
    client: Client, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    html = render_report(compute_report(agency, 2023, WRITTEN), "html")
    approver = staff[Role.APPROVER]
    client.force_login(approver)
    response = client.post(
        reverse("reports:import", args=[agency.pk, 2023]), {"file": SimpleUploadedFile("2023.html", html)}
    )
    assert response.status_code == 302
    v = ReportVersion.objects.get()
    assert v.reading["findings"] is not None and v.locked_at is None
    assert client.post(reverse("reports:publish", args=[agency.pk, 2023, 1])).status_code == 302
    assert ReportVersion.objects.get().published_at is None  # refused: not locked
    page = client.post(reverse("reports:lock_version", args=[agency.pk, 2023, 1]), follow=True)
    assert "已锁定，可以发布" in page.content.decode()
    client.post(reverse("reports:publish", args=[agency.pk, 2023, 1]))
    v.refresh_from_db()
    assert v.locked_by == approver and v.published_at is not None
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["report_import", "report_lock", "report_publish"]


def test_the_ledger_never_replaces_an_import_without_a_warning(
    client: Client, agency: Agency, staff: dict[str, User], ledger: Any
) -> None:
    r2023 = compute_report(agency, 2023, WRITTEN)
    r2023.set("requests.received.natural_person", r2023.requests.received.natural_person + 30)
    r2023.set("requests.received.total", r2023.requests.received.total + 30)
    r2023.set("requests.carried_forward.natural_person", r2023.requests.carried_forward.natural_person + 30)
    r2023.set("requests.carried_forward.total", r2023.requests.carried_forward.total + 30)
    approver = staff[Role.APPROVER]
    svc.import_report(approver, agency, 2023, name="2023.html", data=render_report(r2023, "html"))
    svc.save_draft(staff[Role.HANDLER], agency, 2023, WRITTEN)
    with pytest.raises(svc.ReportError, match="以台账数据取代导入的报告") as refused:
        svc.lock_report(approver, agency, 2023)
    assert refused.value.field == "replace_import" and "第1版（本年新收申请 " in str(refused.value)
    client.force_login(approver)
    page = client.get(reverse("reports:workspace", args=[agency.pk, 2023])).content.decode()
    assert 'id="replace-warning"' in page and 'name="replace_import"' in page
    v = svc.lock_report(approver, agency, 2023, replace_import=True)
    assert (v.number, v.origin, v.note) == (2, "ledger", "以台账数据取代导入的报告")
