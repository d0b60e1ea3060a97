"""主动公开: 索引号 per agency and year (given on publication), drafts with optimistic locking, public search,
表二 counts and figures. The review steps themselves: ``test_web_disclosure_review.py``."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.layout import template_for_year
from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from gongkai_web.disclosures import review
from gongkai_web.disclosures.forms import FigureForm
from gongkai_web.disclosures.models import (
    AnnualFigure,
    Disclosure,
    figure_choices,
    figure_spec,
)
from gongkai_web.disclosures.services import (
    DisclosureError,
    count_documents,
    draft_disclosure,
    set_annual_figure,
    update_disclosure,
)
from web.factories import AgencyFactory, DisclosureFactory, category, publish_reviewed

pytestmark = pytest.mark.django_db
D = dt.date


def data(**kw: object) -> dict[str, object]:
    return {
        "title": "某办法",
        "category": category(),
        "publisher": "测试市人民政府",
        "issued_on": D(2024, 3, 1),
    } | kw


def test_index_numbers_run_per_agency_and_year(
    handler: User, reviewer: User, approver: User, agency: Agency
) -> None:
    def publish(**kw: object) -> Disclosure:
        return publish_reviewed(handler, reviewer, approver, agency, data(**kw))

    a, b, c = publish(), publish(), publish(issued_on=D(2025, 1, 2))
    assert [a.index_number, b.index_number, c.index_number] == [
        "ZR01/2024-00001",
        "ZR01/2024-00002",
        "ZR01/2025-00001",
    ]
    assert AuditEntry.objects.filter(action="publish").count() == 3
    # a draft takes no number: the next one published takes the next number
    assert draft_disclosure(handler, agency, data()).index_number is None
    assert publish().index_number == "ZR01/2024-00003"


def test_index_pattern_is_configurable(handler: User, reviewer: User, approver: User, agency: Agency) -> None:
    agency.index_pattern = "{code}-{category}-{year}/{seq:03d}"
    agency.save()
    assert publish_reviewed(handler, reviewer, approver, agency, data()).index_number == "ZR01-law-2024/001"
    agency.index_pattern = "{unknown}"
    agency.save()
    item = draft_disclosure(handler, agency, data())
    review.submit_for_review(handler, item, expected_version=None)
    review.clear(reviewer, item, expected_version=None, confidentiality="不涉密", legality="合法")
    with pytest.raises(DisclosureError, match="索引号格式"):
        review.publish(approver, item, expected_version=None)
    item.refresh_from_db()
    assert (item.status, item.index_number) == ("cleared", None)


def test_registrars_cannot_draft(registrar: User, agency: Agency) -> None:
    with pytest.raises(PermissionDenied):
        draft_disclosure(registrar, agency, data())


def test_repealed_needs_a_date(handler: User, agency: Agency) -> None:
    with pytest.raises(DisclosureError, match="废止或失效日期"):
        draft_disclosure(handler, agency, data(validity="repealed"))


def test_update_with_optimistic_locking(handler: User, agency: Agency) -> None:
    item = draft_disclosure(handler, agency, data())
    item2 = update_disclosure(
        handler, item, expected_version=1, data={"title": "新标题", "issued_on": D(2025, 1, 3)}
    )
    assert item2.version == 2 and item2.year == 2025  # a draft's year follows its 发文日期
    with pytest.raises(DisclosureError, match="已被他人修改"):
        update_disclosure(handler, item, expected_version=1, data={"title": "旧表单"})
    assert Disclosure.objects.get().title == "新标题"


def test_table_two_counts_from_the_catalogue(agency: Agency) -> None:
    DisclosureFactory(agency=agency, is_rule=True, issued_on=D(2024, 2, 1))
    DisclosureFactory(agency=agency, is_rule=True, issued_on=D(2020, 2, 1))
    DisclosureFactory(
        agency=agency,
        is_rule=True,
        issued_on=D(2019, 2, 1),
        validity="repealed",
        validity_changed_on=D(2024, 6, 1),
    )
    DisclosureFactory(
        agency=agency,
        is_normative=True,
        issued_on=D(2021, 2, 1),
        validity="expired",
        validity_changed_on=D(2025, 1, 1),
    )
    DisclosureFactory(agency=agency, is_normative=True, issued_on=D(2025, 2, 1))
    counts = count_documents(agency, 2024)
    assert (counts["rules"].issued, counts["rules"].repealed, counts["rules"].in_force) == (1, 1, 2)
    nd = counts["normative_documents"]
    assert (nd.issued, nd.repealed, nd.in_force) == (0, 0, 1)


def test_annual_figures_need_a_source(handler: User, agency: Agency) -> None:
    key = "penalty.decisions"
    with pytest.raises(DisclosureError, match="来源"):
        set_annual_figure(handler, agency, year=2024, key=key, value=Decimal(3), source=" ")
    set_annual_figure(handler, agency, year=2024, key=key, value=Decimal(3), source="执法平台")
    fig = set_annual_figure(handler, agency, year=2024, key=key, value=Decimal(5), source="执法平台")
    assert AnnualFigure.objects.get().value == 5 and fig.entered_by == handler
    entry = AuditEntry.objects.filter(action="set_figure").first()
    assert entry is not None and entry.before == {"value": "3.0000", "unit": "", "source": "执法平台"}
    # a bare row key names no cell: refused, nothing saved
    with pytest.raises(DisclosureError):
        set_annual_figure(handler, agency, year=2024, key="penalty", value=Decimal(6), source="执法平台")
    assert AnnualFigure.objects.get().value == 5


def test_figure_keys_follow_the_template_of_the_year() -> None:
    keys_2021 = [k for k, _ in figure_choices("2021")]
    assert keys_2021 == ["licensing.decisions", "penalty.decisions", "coercion.decisions", "fees.amount"]
    keys_2019 = [k for k, _ in figure_choices(template_for_year(2020))]
    assert keys_2019 == [
        *(f"{row}.{col}" for row in ("licensing", "other_services", "penalty", "coercion")
          for col in ("items_last_year", "items_change", "decisions")),
        "fees.items_last_year",
        "fees.items_change",
        "procurement.projects",
        "procurement.amount",
    ]  # fmt: skip
    labels = dict(figure_choices("2019"))
    assert labels["licensing.items_change"] == "第二十条第（五）项 行政许可·本年增/减"
    assert labels["procurement.amount"] == "第二十条第（九）项 政府集中采购·采购总金额"
    assert dict(figure_choices("2021"))["fees.amount"].endswith("本年收费金额（单位：万元）")
    assert figure_spec(2020, "fees.amount") is None and figure_spec(2021, "fees.items_change") is None


def test_figures_are_checked_against_the_template(handler: User, agency: Agency) -> None:
    def put(year: int, key: str, value: str, unit: str = "") -> AnnualFigure:
        return set_annual_figure(
            handler, agency, year=year, key=key, value=Decimal(value), source="权责清单", unit=unit
        )

    assert put(2020, "licensing.items_change", "-24").value == -24  # 本年增/减 is signed
    with pytest.raises(DisclosureError, match="不能为负数"):
        put(2020, "licensing.decisions", "-1")
    with pytest.raises(DisclosureError, match="应为整数"):
        put(2020, "penalty.decisions", "1.5")
    with pytest.raises(DisclosureError, match="2019年版"):
        put(2020, "fees.amount", "3")  # a 2021 cell in a 2020 year
    with pytest.raises(DisclosureError, match="2021年版"):
        put(2024, "procurement.projects", "3")
    with pytest.raises(DisclosureError, match="单位"):
        put(2020, "procurement.amount", "677.66")
    fig = put(2020, "procurement.amount", "677.66", unit="万元")
    assert (fig.key, fig.unit) == ("procurement.amount", "万元")
    assert put(2024, "fees.amount", "0.35", unit="万元").unit == ""  # only 采购总金额 carries a unit
    bad = AnnualFigure(agency=agency, year=2020, key="coercion.decisions", value=Decimal(-2), source="x")
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert "不能为负数" in exc.value.message_dict["value"][0]


def test_figure_form_rejects_a_negative_decision_count() -> None:
    form = FigureForm({"key": "licensing.decisions", "value": "-1", "source": "审批系统"}, year=2020)
    assert not form.is_valid()
    assert form.errors["value"] == ["“处理决定数量”不能为负数"]
    assert "key" not in form.errors
    ok = FigureForm({"key": "licensing.items_change", "value": "-24", "source": "权责清单"}, year=2020)
    assert ok.is_valid(), ok.errors
    no_unit = FigureForm({"key": "procurement.amount", "value": "5", "source": "采购台账"}, year=2019)
    assert not no_unit.is_valid() and "单位" in no_unit.errors["unit"][0]
    other_year = FigureForm({"key": "licensing.items_change", "value": "1", "source": "x"}, year=2021)
    assert not other_year.is_valid() and "key" in other_year.errors


def test_migration_converts_the_old_keys(agency: Agency) -> None:
    migration = importlib.import_module("gongkai_web.disclosures.migrations.0004_figure_keys_by_path")
    for year, key in (
        (2024, "licensing"),
        (2024, "penalty"),
        (2024, "coercion"),
        (2024, "fees"),
        (2020, "penalty"),
    ):
        AnnualFigure.objects.create(agency=agency, year=year, key=key, value=Decimal(7), source="台账")
    migration.convert_keys(django_apps, None)
    assert sorted(AnnualFigure.objects.values_list("year", "key")) == [
        (2020, "penalty.decisions"),
        (2024, "coercion.decisions"),
        (2024, "fees.amount"),
        (2024, "licensing.decisions"),
        (2024, "penalty.decisions"),
    ]
    migration.restore_keys(django_apps, None)
    assert sorted(AnnualFigure.objects.values_list("key", flat=True)) == [
        "coercion", "fees", "licensing", "penalty", "penalty",
    ]  # fmt: skip


def test_public_catalogue_search_and_filters(
    client: Client, agency: Agency, django_assert_num_queries: object
) -> None:
    DisclosureFactory(
        agency=agency, title="土地出让管理办法", is_normative=True, document_number="测政规〔2024〕1号"
    )
    DisclosureFactory(
        agency=agency,
        title="部门预算",
        category=category("finance"),
        summary="含一般公共预算和政府性基金预算",
    )
    DisclosureFactory(
        agency=AgencyFactory(), title="已废止的规定", validity="repealed", validity_changed_on=D(2024, 5, 1)
    )
    for status in ("draft", "review", "cleared", "withheld", "retracted"):
        DisclosureFactory(agency=agency, title=f"未公开的{status}", status=status, index_number=None)
    url = reverse("disclosures:catalogue")
    with django_assert_num_queries(3):  # type: ignore[operator]  count, page, categories
        page = client.get(url).text
    assert "土地出让管理办法" in page and "部门预算" in page
    assert "未公开的" not in page  # only published entries are public
    hidden = Disclosure.objects.get(title="未公开的review")
    assert client.get(reverse("disclosures:detail", args=[hidden.pk])).status_code == 404
    assert "部门预算" not in client.get(url, {"q": "土地"}).text
    assert "土地出让" in client.get(url, {"q": "测政规"}).text
    by_summary = client.get(url, {"q": "政府性基金"}).text  # the summary's full text is searched too
    assert "部门预算" in by_summary and "土地出让" not in by_summary
    assert "部门预算" not in client.get(url, {"kind": "normative"}).text
    filtered = client.get(url, {"validity": "repealed"}).text
    assert "已废止的规定" in filtered and "部门预算" not in filtered
    assert "部门预算" in client.get(url, {"category": category("finance").pk}).text
    item = Disclosure.objects.get(title="部门预算")
    assert item.index_number in client.get(reverse("disclosures:detail", args=[item.pk])).text


def test_staff_publish_and_edit_pages(client: Client, handler: User) -> None:
    client.force_login(handler)
    response = client.post(
        reverse("disclosures:create"),
        {
            "title": "测试规范性文件",
            "category": category().pk,
            "publisher": "测试市自然资源局",
            "issued_on": "2024-04-01",
            "validity": "valid",
            "is_normative": "on",
            "attribute": "proactive",
        },
    )
    assert response.status_code == 302
    item = Disclosure.objects.get()
    form = {
        "title": "改后",
        "category": category().pk,
        "publisher": "x",
        "issued_on": "2024-04-01",
        "validity": "valid",
        "attribute": "proactive",
        "version": 1,
    }
    assert client.post(reverse("disclosures:edit", args=[item.pk]), form).status_code == 302
    stale = client.post(reverse("disclosures:edit", args=[item.pk]), form | {"title": "冲突"})
    assert stale.status_code == 200 and "已被他人修改" in stale.text
    assert Disclosure.objects.get().title == "改后"


def test_table_two_page(client: Client, handler: User, agency: Agency, staff: dict[str, User]) -> None:
    client.force_login(handler)
    url = reverse("disclosures:table_two") + f"?agency={agency.pk}&year=2024"
    response = client.post(url, {"key": "fees.amount", "value": "12.5", "source": "财务台账"})
    assert response.status_code == 302
    page = client.get(url).text
    assert "12.5" in page and "财务台账" in page and "规章" in page and "本年制发件数" in page
    assert "上一年项目数量" not in page
    supervisor = Client()
    supervisor.force_login(staff[Role.SUPERVISOR])
    assert supervisor.post(url, {"key": "fees.amount", "value": "1", "source": "x"}).status_code == 403


def test_table_two_page_of_a_2019_template_year(client: Client, handler: User, agency: Agency) -> None:
    client.force_login(handler)
    url = reverse("disclosures:table_two") + f"?agency={agency.pk}&year=2020"
    page = client.get(url).text
    for label in (
        "2019年版",
        "本年新制作数量",
        "对外公开总数量",
        "其他对外管理服务事项",
        "上一年项目数量",
        "采购总金额",
    ):
        assert label in page
    assert "本年制发件数" not in page
    post = {"key": "procurement.amount", "value": "677.66", "unit": "万元", "source": "政府采购台账"}
    assert client.post(url, post).status_code == 302
    assert client.post(url, post | {"key": "penalty.items_change", "value": "-14"}).status_code == 302
    negative = client.post(url, post | {"key": "penalty.decisions", "value": "-3"})
    assert negative.status_code == 200 and "不能为负数" in negative.text
    assert not AnnualFigure.objects.filter(key="penalty.decisions").exists()
    page = client.get(url).text
    assert "677.66 万元" in page and "政府采购台账" in page and "-14" in page
    # a figure of the other template is listed apart, not lost
    AnnualFigure.objects.create(
        agency=agency, year=2020, key="fees.amount", value=Decimal(3), source="旧数据"
    )
    page = client.get(url).text
    assert "不属于本年度格式的数据" in page and "旧数据" in page


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{code}/{year}", "须包含序号 {seq}"),
        ("{code}/{year}-{serial}", "未知的项目 {serial}"),
        ("{code}/{year}-{seq", "花括号"),
        ("{code}/{year}-{seq:x<>}", "无效"),
    ],
)
def test_an_index_pattern_that_cannot_number_documents_is_a_field_error(
    agency: Agency, pattern: str, message: str
) -> None:
    agency.index_pattern = pattern
    with pytest.raises(ValidationError) as caught:
        agency.full_clean()
    assert list(caught.value.message_dict) == ["index_pattern"]
    assert message in caught.value.message_dict["index_pattern"][0]


def test_the_admin_form_refuses_a_pattern_without_seq(
    client: Client, agency: Agency, staff: dict[str, User]
) -> None:
    client.force_login(staff[Role.ADMIN])
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    form = {
        "name": agency.name,
        "code": agency.code,
        "index_pattern": "{code}/{year}",
        "accepts_applications": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 200 and "须包含序号 {seq}" in response.text
    agency.refresh_from_db()
    assert agency.index_pattern == ""


def test_a_stored_pattern_without_seq_refuses_publishing_instead_of_a_500(
    handler: User, reviewer: User, approver: User, agency: Agency
) -> None:
    Agency.objects.filter(pk=agency.pk).update(
        index_pattern="{code}/{year}"
    )  # saved before the check existed
    agency.refresh_from_db()
    items = []
    for _ in range(2):  # the second publication is the one a pattern without {seq} used to break
        item = draft_disclosure(handler, agency, data())
        review.submit_for_review(handler, item, expected_version=None)
        review.clear(reviewer, item, expected_version=None, confidentiality="不涉密", legality="合法")
        with pytest.raises(DisclosureError, match="须包含序号"):
            review.publish(approver, item, expected_version=None)
        items.append(item)
    for item in items:
        item.refresh_from_db()
        assert (item.status, item.index_number) == ("cleared", None)
    assert not Disclosure.objects.published().exists()


@pytest.mark.parametrize("year", ["0", "-1", "10000", "2018", "abc"])
def test_table_two_of_an_impossible_year_is_a_clear_400(
    client: Client, handler: User, agency: Agency, year: str
) -> None:
    client.force_login(handler)
    response = client.get(reverse("disclosures:table_two") + f"?year={year}")
    assert response.status_code == 400 and "年度应为 2019 至" in response.text
    post = client.post(
        reverse("disclosures:table_two") + f"?year={year}",
        {"key": "fees.amount", "value": "1", "source": "x"},
    )
    assert post.status_code == 400
    assert not AnnualFigure.objects.exists()


def test_table_two_of_another_agency_is_refused_not_saved_into_ones_own(
    client: Client, handler: User, agency: Agency
) -> None:
    other = AgencyFactory(name="另一个局", code="OTHER")
    client.force_login(handler)
    url = reverse("disclosures:table_two") + f"?agency={other.pk}&year=2024"
    assert client.get(url).status_code == 403
    assert client.post(url, {"key": "fees.amount", "value": "12.5", "source": "财务台账"}).status_code == 403
    assert not AnnualFigure.objects.exists()


def test_a_supervisor_sees_the_table_two_of_an_agency_below(
    client: Client, agency: Agency, supervisor: User
) -> None:
    below = AgencyFactory(name="下级局", code="BELOW", parent=agency)
    client.force_login(supervisor)
    url = reverse("disclosures:table_two") + f"?agency={below.pk}&year=2024"
    page = client.get(url)
    assert page.status_code == 200 and "下级局" in page.text
    assert client.post(url, {"key": "fees.amount", "value": "1", "source": "x"}).status_code == 403


def test_a_common_search_word_is_counted_up_to_the_cap(client: Client, agency: Agency) -> None:
    from gongkai_web.common.paging import CappedPaginator

    for i in range(25):
        DisclosureFactory(agency=agency, title=f"管理办法{i}")
    url = reverse("disclosures:catalogue")
    assert "共 25 条" in client.get(url, {"q": "管理办法"}).text
    CappedPaginator.cap, cap = 21, CappedPaginator.cap
    try:
        capped = client.get(url, {"q": "管理办法"}).text
    finally:
        CappedPaginator.cap = cap
    assert "超过 21 条，请缩小检索范围" in capped and "共 25 条" not in capped and "1 / 2" in capped
