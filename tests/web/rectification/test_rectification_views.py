"""The pages of 整改: the whole round through the web (open, compose, edit, issue, download, the agency's
corrected report, confirm and close, the export with its filters), and every URL for every role: the
supervisor of the region, a supervisor of another region, the agency's own user, a user of another agency
of the region, a 保密审查 reviewer of the agency, and someone not signed in."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import docx
import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rectify_data import corrected_social

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.rectification.models import Notice, NoticeKind, Problem, ProblemStatus
from gongkai_web.rectification.services import documents, notices
from gongkai_web.rectification.services.problems import open_problems, version_findings
from gongkai_web.supervision.models import CollectedReport
from web.a11y import problems
from web.conftest import SHANGHAI
from web.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2024, 10, 8, 10, 0, tzinfo=SHANGHAI), tick=False) as t:
        yield t


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _keys(report: CollectedReport) -> list[str]:
    return [f["key"] for f in version_findings(report.versions.get())]


def test_the_round_through_the_pages(
    chief: User, social_user: User, social_report: CollectedReport, frozen: Any
) -> None:
    boss = _client(chief)
    page = boss.get(reverse("rectification:report", args=[social_report.pk]))
    assert page.status_code == 200 and "第1版的检查问题" in page.content.decode()
    keys = _keys(social_report)
    response = boss.post(
        reverse("rectification:open", args=[social_report.pk]), {"keys": keys, "grouped": "0"}
    )
    assert response.status_code == 302 and Problem.objects.count() == 5
    listing = boss.get(reverse("rectification:problems")).content.decode()
    assert 'id="count-open">5<' in listing and "行政事业性收费" in listing

    ids = [str(p.pk) for p in Problem.objects.order_by("id")]
    compose = boss.get(reverse("rectification:compose"), {"problem": ids})
    assert compose.status_code == 200 and re.search(r'value="notice"[^>]*checked', compose.content.decode())
    bad = boss.post(reverse("rectification:compose"), {"kind": "notice", "problems": ids})
    assert bad.status_code == 200 and "请填写整改期限" in bad.content.decode()
    made = boss.post(
        reverse("rectification:compose"), {"kind": "notice", "problems": ids, "due_workdays": "10"}
    )
    notice = Notice.objects.get()
    assert made["Location"] == reverse("rectification:notice", args=[notice.pk])
    draft = boss.get(made["Location"]).content.decode()
    assert "{问题清单}" in draft and "可用的占位符" in draft and "2024年10月21日" in draft

    stale = boss.post(
        made["Location"], {"title": notice.title, "body": notice.body + "\n{单位}", "version": notice.version}
    )
    assert stale.status_code == 400 and "不认识的占位符" in stale.content.decode()
    boss.post(made["Location"], {"title": "关于整改的通知", "body": notice.body, "version": notice.version})
    notice.refresh_from_db()
    assert notice.title == "关于整改的通知" and notice.version == 2
    old = boss.post(reverse("rectification:issue", args=[notice.pk]), {"version": 1}, follow=True)
    assert "已被他人修改" in old.content.decode()
    issued = boss.post(reverse("rectification:issue", args=[notice.pk]), {"version": 2}, follow=True)
    assert "已签发 平潭实验区管委会整改〔2024〕1号" in issued.content.decode()
    word = boss.get(reverse("rectification:file", args=[notice.pk, "docx"]))
    assert word.status_code == 200 and word["Content-Disposition"].endswith('.docx"')
    assert docx.Document(io.BytesIO(word.content)).paragraphs[1].text == "关于整改的通知"
    assert boss.get(reverse("rectification:file", args=[notice.pk, "pdf"])).content.startswith(b"%PDF")

    agency = _client(social_user)
    mine = agency.get(reverse("rectification:notices")).content.decode()
    assert "平潭实验区管委会整改〔2024〕1号" in mine
    upload = agency.post(
        reverse("rectification:upload", args=[social_report.pk]),
        {"file": SimpleUploadedFile("修改后.docx", corrected_social())},
        follow=True,
    )
    text = upload.content.decode()
    assert "归入平潭综合实验区社会事业局2021年度报告第2版" in text and "5 个问题未再发现" in text
    assert "第2版与第1版的不同" in text and "行政事业性收费·本年收费金额" in text

    problem = Problem.objects.order_by("id").first()
    assert problem is not None and problem.status == ProblemStatus.NOTIFIED
    detail = boss.get(reverse("rectification:problem", args=[problem.pk])).content.decode()
    assert "复查第2版时未再发现该问题" in detail and "报送整改后的年度报告" not in detail
    assert "通知整改" in detail and "复查未再发现问题，建议确认已整改" in detail  # the audit trail
    boss.post(reverse("rectification:do", args=[problem.pk, "confirm"]), {"version": problem.version})
    problem.refresh_from_db()
    twice = boss.post(reverse("rectification:do", args=[problem.pk, "confirm"]), {"version": problem.version})
    assert twice.status_code == 400 and "不能确认已整改" in twice.content.decode()
    boss.post(reverse("rectification:do", args=[problem.pk, "close"]), {"version": problem.version})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED

    export = boss.get(reverse("rectification:export"), {"status": "notified", "year": "2021"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert sheet["B2"].value == "状态：已通知整改；年度：2021"
    assert sheet["B3"].value.startswith("待通知：0；已通知整改：4；") and sheet["B4"].value == 4
    assert sum(1 for _ in sheet.iter_rows(min_row=7)) == 4


def test_the_template_page_lists_the_placeholders_and_saves(chief: User, region: dict[str, Agency]) -> None:
    boss = _client(chief)
    page = boss.get(reverse("rectification:templates"), {"kind": "bulletin"}).content.decode()
    assert "{机构数}" in page and "正在使用系统默认模板" in page and "检查情况的通报" in page
    saved = boss.post(
        reverse("rectification:templates"),
        {"kind": "bulletin", "title": "通报（{年度}）", "body": "各单位：\n{问题清单}", "version": ""},
    )
    assert saved.status_code == 302
    title = notices.template_for(region["city"], NoticeKind.BULLETIN)[1]
    assert title == "通报（{年度}）"


@pytest.fixture
def world(
    chief: User, social_report: CollectedReport, monkeypatch: pytest.MonkeyPatch, frozen: Any
) -> dict[str, Any]:
    """A problem, an issued notice and a draft (no PDF: LibreOffice is exercised above)."""
    monkeypatch.setattr(documents, "convert_to_pdf", lambda data: (None, "未生成 PDF"))
    keys = _keys(social_report)
    first, second = open_problems(chief, social_report, keys[:2])
    issued = notices.compose(chief, NoticeKind.NOTICE, [first], due_workdays=5)
    issued = notices.issue(chief, issued, expected_version=issued.version)
    draft = notices.compose(chief, NoticeKind.NOTICE, [second], due_workdays=5)
    return {"report": social_report, "problem": first, "issued": issued, "draft": draft}


def _urls(w: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    r, p, i, d = w["report"].pk, w["problem"].pk, w["issued"].pk, w["draft"].pk
    return {
        "problems": ("get", reverse("rectification:problems"), {}),
        "export": ("get", reverse("rectification:export"), {}),
        "reports": ("get", reverse("rectification:reports"), {}),
        "report": ("get", reverse("rectification:report", args=[r]), {}),
        "problem": ("get", reverse("rectification:problem", args=[p]), {}),
        "notices": ("get", reverse("rectification:notices"), {}),
        "compose": ("get", reverse("rectification:compose"), {}),
        "issued": ("get", reverse("rectification:notice", args=[i]), {}),
        "draft": ("get", reverse("rectification:notice", args=[d]), {}),
        "docx": ("get", reverse("rectification:file", args=[i, "docx"]), {}),
        "templates": ("get", reverse("rectification:templates"), {}),
        "open": ("post", reverse("rectification:open", args=[r]), {"keys": ["x"]}),
        "upload": ("post", reverse("rectification:upload", args=[r]), {"file": "not a report"}),
        "do": ("post", reverse("rectification:do", args=[p, "accept"]), {"reason": "可", "version": 99}),
        "edit": (
            "post",
            reverse("rectification:notice", args=[d]),
            {"title": "t", "body": "b", "version": 1},
        ),
        "issue": ("post", reverse("rectification:issue", args=[d]), {"version": 1}),
        "compose_post": ("post", reverse("rectification:compose"), {"kind": "notice"}),
        "template_post": (
            "post",
            reverse("rectification:templates"),
            {"kind": "notice", "title": "", "body": ""},
        ),
    }


#: the status each role gets on each URL (anything not listed: 403)
EXPECTED = {
    "chief": {
        "problems": 200, "export": 200, "reports": 200, "report": 200, "problem": 200, "notices": 200,
        "compose": 200, "issued": 200, "draft": 200, "docx": 200, "templates": 200, "open": 302, "upload": 302,
        "do": 400, "edit": 302, "issue": 302, "compose_post": 200, "template_post": 400,
    },
    "outsider": {"problems": 200, "export": 200, "reports": 200, "notices": 200, "compose": 200,
                 "templates": 200, "compose_post": 200, "template_post": 400},
    "social": {"problems": 200, "export": 200, "report": 200, "problem": 200, "notices": 200, "issued": 200,
               "docx": 200, "upload": 302},
    "finance": {"problems": 200, "export": 200, "notices": 200},
    "reviewer": {},
}  # fmt: skip


def _call(client: Client, how: str, url: str, data: dict[str, Any]) -> Any:
    if how == "get":
        return client.get(url)
    if "file" in data:
        data = {"file": SimpleUploadedFile("x.txt", data["file"].encode())}
    return client.post(url, data)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_every_url_for_every_role(
    who: str, world: dict[str, Any], region: dict[str, Agency], request: pytest.FixtureRequest
) -> None:
    users = {
        "chief": lambda: request.getfixturevalue("chief"),
        "outsider": lambda: request.getfixturevalue("outsider"),
        "social": lambda: request.getfixturevalue("social_user"),
        "finance": lambda: request.getfixturevalue("finance_user"),
        "reviewer": lambda: UserFactory(username="reviewer", agency=region["social"], role=Role.REVIEWER),
    }
    client = _client(users[who]())
    got = {name: _call(client, *spec).status_code for name, spec in _urls(world).items()}
    want = {name: EXPECTED[who].get(name, 403) for name in got}
    assert got == want


def test_what_each_role_sees_in_the_lists(
    world: dict[str, Any], outsider: User, social_user: User, finance_user: User
) -> None:
    summary = world["problem"].summary
    number = world["issued"].number
    for user, sees in ((outsider, False), (social_user, True), (finance_user, False)):
        client = _client(user)
        assert (summary in client.get(reverse("rectification:problems")).content.decode()) is sees
        notices_page = client.get(reverse("rectification:notices")).content.decode()
        assert (number in notices_page) is sees
        assert "草稿" not in notices_page  # a draft is the supervisor's alone
        sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("rectification:export")).content)).active
        assert (sheet.max_row >= 7) is sees


def test_anonymous_is_sent_to_sign_in_everywhere(world: dict[str, Any]) -> None:
    client = Client()
    for name, spec in _urls(world).items():
        response = _call(client, *spec)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), name


def test_the_list_filters_by_rule_status_agency_and_year(
    world: dict[str, Any], chief: User, region: dict[str, Agency]
) -> None:
    client = _client(chief)
    codes = {p.findings[0]["code"]: p for p in Problem.objects.all()}
    assert set(codes) == {"F101", "F107"}
    for query, shown in (
        ({"code": "f101"}, {"F101"}),
        ({"code": "T205"}, set()),
        ({"status": "notified"}, {"F101"}),
        ({"status": "open", "year": "2021"}, {"F107"}),
        ({"agency": str(region["social"].pk)}, {"F101", "F107"}),
        ({"agency": str(region["finance"].pk)}, set()),
        ({"year": "2020"}, set()),
    ):
        page = client.get(reverse("rectification:problems"), query).content.decode()
        assert {c for c, p in codes.items() if p.summary in page} == shown, query
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("rectification:export"), {"code": "F107"}).content)
    ).active
    assert sheet["B2"].value == "检查规则：F107" and [c.value for c in sheet[7]][3] == "F107"


def test_the_pages_are_structurally_accessible(world: dict[str, Any], chief: User, social_user: User) -> None:
    for user in (chief, social_user):
        client = _client(user)
        for name, (how, url, _data) in _urls(world).items():
            if how != "get" or name in ("export", "docx"):
                continue
            response = client.get(url)
            if response.status_code == 200:
                assert problems(response.content.decode()) == [], (user.username, name)
