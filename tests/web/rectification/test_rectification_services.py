"""整改 end to end through the service functions, on the real 2021 report of 平潭综合实验区社会事业局 collected by
the intake: problems opened from its findings, the life cycle table (audited, stale forms refused), a notice
and a 通报 issued as Word (read back) and PDF, the corrected report filed as a new version, re-checked and
diffed, and the problem list exported."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from rectify_data import BLANK, collect, corrected_social, fixture

from gongkai_web.agencies.audit import action_label
from gongkai_web.agencies.models import Agency, AuditEntry, User
from gongkai_web.rectification.models import Notice, NoticeKind, Problem, ProblemStatus
from gongkai_web.rectification.services import documents, notices
from gongkai_web.rectification.services.corrections import receive_correction
from gongkai_web.rectification.services.export import problems_xlsx
from gongkai_web.rectification.services.problems import open_problems, take, version_findings
from gongkai_web.rectification.transitions import TRANSITIONS, ProblemError, allowed
from gongkai_web.supervision.models import BatchItem, CollectedReport, ItemStatus
from web.conftest import SHANGHAI

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2024, 10, 8, 10, 0, tzinfo=SHANGHAI), tick=False) as t:
        yield t


def _keys(report: CollectedReport) -> dict[str, str]:
    """code → key of the latest version's findings (the first of each code)."""
    out: dict[str, str] = {}
    for f in version_findings(report.versions.order_by("-number").first()):  # type: ignore[arg-type]
        out.setdefault(f["code"], f["key"])
    return out


def _all(report: CollectedReport) -> list[str]:
    return [f["key"] for f in version_findings(report.versions.order_by("-number").first())]  # type: ignore[arg-type]


def test_the_findings_of_a_collected_version_are_the_real_ones(social_report: CollectedReport) -> None:
    version = social_report.versions.get()
    findings = version_findings(version)
    codes = sorted(f["code"] for f in findings)
    assert codes == ["F101", "F107", "T205", "T205", "T205"]  # the intake counted 1 error + 4 warnings
    assert (version.errors, version.warnings) == (1, 4)
    fees = next(f for f in findings if f["paths"] == ["proactive.fees.amount"])
    assert fees["labels"] == ["行政事业性收费·本年收费金额（单位：万元）"] and "空白单元格" in fees["message"]
    # read from what the intake kept: the file is not read again
    assert [f["code"] for f in version.checks if f["severity"] != "info"] == [f["code"] for f in findings]


def test_problems_are_opened_one_per_finding_or_grouped_and_never_twice(
    chief: User, social_report: CollectedReport, region: dict[str, Agency]
) -> None:
    keys = _keys(social_report)
    one = open_problems(chief, social_report, [keys["F101"], keys["F107"]])
    assert [p.summary[:4] for p in one] == ["2021", "“行政许"] and all(p.status == "open" for p in one)
    assert one[0].agency == region["social"] and one[0].region == region["city"]
    rest = [f["key"] for f in version_findings(social_report.versions.get()) if f["code"] == "T205"]
    grouped = open_problems(chief, social_report, [keys["F101"], *rest], grouped=True)
    assert len(grouped) == 1 and len(grouped[0].findings) == 3  # F101 is already in an open problem
    assert grouped[0].summary.startswith("3 项问题：")
    with pytest.raises(ProblemError, match="已全部登记"):
        open_problems(chief, social_report, rest)
    entry = AuditEntry.objects.filter(action="problem_open").first()
    assert entry is not None and action_label(entry.action) == "登记整改问题"


def test_a_supervisor_of_another_region_and_an_agency_user_cannot_open_problems(
    outsider: User, social_user: User, social_report: CollectedReport
) -> None:
    keys = list(_keys(social_report).values())
    for user in (outsider, social_user):
        with pytest.raises(PermissionDenied):
            open_problems(user, social_report, keys)
    assert not Problem.objects.exists()


def test_the_life_cycle_is_the_table_audited_and_stale_forms_are_refused(
    chief: User, social_user: User, social_report: CollectedReport
) -> None:
    (problem,) = open_problems(chief, social_report, [_keys(social_report)["T205"]])
    assert [t.name for t in allowed(chief, problem)] == ["confirm", "accept"]
    assert allowed(social_user, problem) == []  # the agency sees it, the supervisor decides
    with pytest.raises(ProblemError, match="理由"):
        take(chief, problem, "accept", expected_version=problem.version, reason="  ")
    with pytest.raises(ProblemError, match="当前为“待通知”，不能关闭整改问题"):
        take(chief, problem, "close", expected_version=problem.version)
    opened_at = problem.version
    accepted = take(
        chief, problem, "accept", expected_version=opened_at, reason="该局当年无收费事项，已在正文说明"
    )
    assert accepted.status == ProblemStatus.ACCEPTED and accepted.reason.startswith("该局")
    with pytest.raises(ProblemError, match="已被他人修改"):
        take(chief, problem, "close", expected_version=opened_at)  # the form opened before the acceptance
    with pytest.raises(PermissionDenied):
        take(social_user, problem, "close", expected_version=accepted.version)
    closed = take(chief, problem, "close", expected_version=accepted.version)
    assert closed.status == ProblemStatus.CLOSED
    log = AuditEntry.objects.filter(object_type="rectification.problem", object_id=str(problem.pk)).order_by(
        "id"
    )
    assert [action_label(e.action) for e in log] == ["登记整改问题", "认可不改", "关闭整改问题"]
    assert log[1].before == {"status": "open", "reason": ""} and log[1].after["status"] == "accepted"
    assert set(TRANSITIONS) == {"notify", "confirm", "accept", "close"}


def test_a_notice_is_numbered_written_read_back_and_its_problems_notified(
    chief: User, social_report: CollectedReport, frozen: Any
) -> None:
    problems = open_problems(chief, social_report, _all(social_report))
    draft = notices.compose(chief, NoticeKind.NOTICE, problems, due_workdays=10)
    # 10 working days after Tuesday 8 October 2024, Saturday 12 October a make-up working day (调休): Monday 21
    assert draft.due_date == dt.date(2024, 10, 21) and draft.status == Notice.Status.DRAFT
    assert draft.title == "关于2021年度政府信息公开工作年度报告整改的通知"
    assert draft.body.startswith("平潭综合实验区社会事业局：") and "2024年10月21日前" in draft.body
    assert all(p.status == ProblemStatus.OPEN for p in Problem.objects.all())  # a draft notifies no one

    edited = notices.edit_draft(
        chief, draft, draft.title, draft.body + "\n联系人：监督科，文号{文号}", expected_version=draft.version
    )
    issued = notices.issue(chief, edited, expected_version=edited.version)
    assert issued.number == "平潭实验区管委会整改〔2024〕1号" and issued.status == Notice.Status.ISSUED
    assert issued.body.endswith("文号平潭实验区管委会整改〔2024〕1号")
    document = docx.Document(io.BytesIO(bytes(issued.docx)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == issued.number and texts[1] == issued.title and "2024年10月8日" in texts
    (table,) = document.tables
    assert len(table.rows) == 1 + 5 and table.rows[0].cells[1].text == "检查规则"
    assert any("行政事业性收费·本年收费金额" in r.cells[3].text for r in table.rows)
    assert issued.pdf is not None and bytes(issued.pdf).startswith(b"%PDF") and issued.pdf_note == ""
    assert {p.status for p in Problem.objects.all()} == {ProblemStatus.NOTIFIED}
    assert AuditEntry.objects.filter(action="problem_notify").count() == 5
    with pytest.raises(notices.NoticeError, match="已签发"):
        notices.issue(chief, issued, expected_version=issued.version)


def test_a_bulletin_lists_many_agencies_with_its_own_numbering(
    chief: User, region: dict[str, Agency], social_report: CollectedReport, frozen: Any
) -> None:
    collect(chief, "2019-pingtan-finance-crawled.txt")
    finance = CollectedReport.objects.get(agency=region["finance"], year=2019)
    problems = [
        *open_problems(chief, social_report, [_keys(social_report)["F101"]]),
        *open_problems(chief, finance, list(_keys(finance).values())[:1]),
    ]
    with pytest.raises(notices.NoticeError, match="只发给一个单位"):
        notices.compose(chief, NoticeKind.NOTICE, problems, due_date=dt.date(2024, 11, 1))
    with pytest.raises(notices.NoticeError, match="晚于今天"):
        notices.compose(chief, NoticeKind.BULLETIN, problems, due_date=dt.date(2024, 10, 8))
    draft = notices.compose(chief, NoticeKind.BULLETIN, problems, due_date=dt.date(2024, 11, 1))
    assert "涉及2个单位、2项问题" in draft.body and "2019、2021年度" in draft.title
    issued = notices.issue(chief, draft, expected_version=draft.version)
    assert issued.number == "平潭实验区管委会通报〔2024〕1号"
    assert set(issued.recipients.values_list("name", flat=True)) == {
        region["social"].name,
        region["finance"].name,
    }
    (table,) = docx.Document(io.BytesIO(bytes(issued.docx))).tables
    assert table.rows[0].cells[1].text == "单位" and {r.cells[1].text for r in table.rows[1:]} == {
        region["social"].name,
        region["finance"].name,
    }


@pytest.mark.django_db(transaction=True)
def test_the_pdf_is_made_after_the_notice_is_committed(
    chief: User, social_report: CollectedReport, monkeypatch: pytest.MonkeyPatch, frozen: Any
) -> None:
    """LibreOffice takes seconds: issuing converts the Word file once its transaction has committed, holding
    no lock on the notice or the issuing office meanwhile (another request can take both at once)."""
    from django.db import connection, transaction

    problems = open_problems(chief, social_report, [_keys(social_report)["F101"]])
    draft = notices.compose(chief, NoticeKind.NOTICE, problems, due_workdays=5)
    seen: dict[str, Any] = {}

    def convert(data: bytes) -> tuple[bytes, str]:
        seen["in_transaction"] = connection.in_atomic_block
        seen["word"] = data
        with transaction.atomic():  # what a concurrent issue does first: both locks, free at once
            stored = Notice.objects.select_for_update().get(pk=draft.pk)
            Agency.objects.select_for_update().get(pk=stored.agency_id)
        seen["stored"] = (stored.status, stored.number, stored.pdf)
        return b"%PDF-1.7 stub", ""

    monkeypatch.setattr(documents, "convert_to_pdf", convert)
    issued = notices.issue(chief, draft, expected_version=draft.version)
    assert seen["in_transaction"] is False and seen["word"] == bytes(issued.docx)
    # committed before the conversion: issued and numbered, its PDF not yet there
    assert seen["stored"] == (Notice.Status.ISSUED, issued.number, None)
    issued.refresh_from_db()
    assert bytes(issued.pdf) == b"%PDF-1.7 stub" and issued.pdf_note == ""


def test_a_word_file_that_does_not_read_back_is_not_issued(
    chief: User, social_report: CollectedReport, monkeypatch: pytest.MonkeyPatch, frozen: Any
) -> None:
    problems = open_problems(chief, social_report, [_keys(social_report)["F101"]])
    draft = notices.compose(chief, NoticeKind.NOTICE, problems, due_workdays=5)
    monkeypatch.setattr(documents, "render_docx", lambda d: b"PK\x03\x04 broken")
    with pytest.raises(documents.DocumentError, match="无法读回"):
        notices.issue(chief, draft, expected_version=draft.version)
    draft.refresh_from_db()
    assert draft.status == Notice.Status.DRAFT and draft.number == "" and draft.docx is None
    assert Problem.objects.get().status == ProblemStatus.OPEN


def test_templates_are_the_offices_own_with_known_placeholders_only(
    chief: User, social_report: CollectedReport, frozen: Any
) -> None:
    stored, title, body = notices.template_for(chief.agency, NoticeKind.NOTICE)  # type: ignore[arg-type]
    assert stored is None and "{问题清单}" in body
    with pytest.raises(notices.NoticeError, match=r"不认识的占位符：\{单位名\}"):
        notices.save_template(
            chief, NoticeKind.NOTICE, title, "{单位名}：\n{问题清单}", expected_version=None
        )
    for bad_title, bad_body, why in (
        (title, "{问题清单}\n{问题清单}", "只能出现一次"),
        (title, "问题如下：{问题清单}", "须单独成行"),
        ("{问题清单}", body, "标题中不能放问题清单"),
    ):
        with pytest.raises(notices.NoticeError, match=why):
            notices.save_template(chief, NoticeKind.NOTICE, bad_title, bad_body, expected_version=None)
    notices.save_template(
        chief,
        NoticeKind.NOTICE,
        "整改通知（{年度}）",
        "{机构}：\n请改正：\n{问题清单}\n限{整改期限}前。",
        expected_version=None,
    )
    problems = open_problems(chief, social_report, [_keys(social_report)["F101"]])
    draft = notices.compose(chief, NoticeKind.NOTICE, problems, due_date=dt.date(2024, 10, 31))
    assert draft.title == "整改通知（2021）" and draft.body.endswith("限2024年10月31日前。")
    assert AuditEntry.objects.filter(action="notice_template").exists()


def test_the_corrected_report_is_a_new_version_rechecked_and_proposed_as_corrected(
    chief: User, social_user: User, finance_user: User, social_report: CollectedReport, frozen: Any
) -> None:
    problems = open_problems(chief, social_report, _all(social_report))
    draft = notices.compose(chief, NoticeKind.NOTICE, problems, due_workdays=10)
    notices.issue(chief, draft, expected_version=draft.version)

    with pytest.raises(PermissionDenied):  # another agency of the region cannot send it
        receive_correction(finance_user, social_report, "x.docx", corrected_social())
    wrong = receive_correction(social_user, social_report, *fixture("2021-pingtan-crawled.txt"))
    assert wrong.version is None and "文件所署机构为“平潭综合实验区”" in wrong.message
    year = receive_correction(social_user, social_report, *fixture("2020-pingtan-finance-crawled.txt"))
    assert year.version is None and "2020年度的报告，不是2021年度" in year.message

    # a first correction fills only the fees: that problem alone is proposed
    partial = receive_correction(
        social_user,
        social_report,
        "社会事业局2021年报（修改）.docx",
        corrected_social(fix=BLANK[:1], licensing=None),
    )
    assert partial.version is not None and partial.version.number == 2
    assert partial.version.changed_cells == 1 and partial.item.status == ItemStatus.READ_WITH_FINDINGS
    fees = next(p for p in problems if p.findings[0]["paths"] == ["proactive.fees.amount"])
    licensing = next(p for p in problems if p.findings[0]["code"] == "F107")
    assert {p.pk for p in partial.proposed} == {
        fees.pk,
        next(p for p in problems if p.findings[0]["code"] == "F101").pk,
    }
    # the ambiguous licensing figure is now a blank cell: not corrected, though its F107 is gone
    assert licensing.pk in {p.pk for p in partial.remaining}

    full = receive_correction(
        social_user, social_report, "社会事业局2021年报（二改）.docx", corrected_social()
    )
    assert full.version is not None and full.version.number == 3 and full.item.status == ItemStatus.READ
    assert len(full.proposed) == 5 and full.remaining == []
    assert "5 个问题未再发现" in full.message
    assert social_report.versions.count() == 3  # never an overwrite
    again = receive_correction(social_user, social_report, "again.docx", corrected_social())
    assert again.item.status == ItemStatus.DUPLICATE and "第3版内容相同" in again.message
    item = BatchItem.objects.filter(version=full.version).order_by("id").first()
    assert item is not None
    assert item.batch.agency == chief.agency and item.batch.created_by == social_user  # through the intake

    problem = Problem.objects.get(pk=licensing.pk)
    assert problem.proposed_in == full.version and problem.status == ProblemStatus.NOTIFIED
    confirmed = take(chief, problem, "confirm", expected_version=problem.version)
    closed = take(chief, confirmed, "close", expected_version=confirmed.version)
    assert closed.status == ProblemStatus.CLOSED
    assert AuditEntry.objects.filter(action="correction_upload", actor=social_user).count() == 5
    assert AuditEntry.objects.filter(action="problem_proposed").count() == 2 + 5  # each names its version


def test_the_problem_list_exports_with_its_filters_and_counts(
    chief: User, social_report: CollectedReport, frozen: Any
) -> None:
    problems = open_problems(chief, social_report, _all(social_report))
    take(chief, problems[0], "accept", expected_version=problems[0].version, reason="模板问题已另行说明")
    rows = Problem.objects.filter(report__year=2021).order_by("id")
    data = problems_xlsx(rows, [("年度", "2021")], {"open": 4, "accepted": 1})
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "整改问题清单" and sheet["B2"].value == "年度：2021"
    assert (
        sheet["B3"].value == "待通知：4；已通知整改：0；已整改：0；认可不改：1；已关闭：0"
        and sheet["B4"].value == 5
    )
    assert [c.value for c in sheet[6]][:7] == [
        "编号",
        "整改单位",
        "年度",
        "检查规则",
        "问题",
        "单元格及位置",
        "状态",
    ]
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=7)]
    assert len(body) == 5 and body[0][1] == "平潭综合实验区社会事业局" and body[0][6] == "认可不改"
    assert body[0][7] == "模板问题已另行说明"
    assert body[0][3] == "F101" and body[0][5] is None


def test_the_problem_list_writes_an_agency_name_that_looks_like_a_formula_as_text(
    chief: User, social_report: CollectedReport, frozen: Any
) -> None:
    open_problems(chief, social_report, _all(social_report))
    hostile = "@SUM(1+1)*cmd|' /C calc'!A0"
    Agency.objects.filter(pk=social_report.agency_id).update(name=hostile)
    rows = Problem.objects.filter(report__year=2021).order_by("id")
    data = problems_xlsx(rows, [("整改单位", "=1+1")], {"open": 5})
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=7)]
    assert {r[1] for r in body} == {"'" + hostile} and body[0][2] == 2021
    assert sheet["B2"].value == "整改单位：=1+1"  # not at the start of the cell: nothing to guard
