"""主动公开: 索引号 per agency and year, editing with optimistic locking, public search, 表二 counts and figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from gongkai_web.disclosures.models import AnnualFigure, Disclosure
from gongkai_web.disclosures.services import (
    DisclosureError,
    count_documents,
    publish_disclosure,
    set_annual_figure,
    update_disclosure,
)
from web.factories import AgencyFactory, DisclosureFactory, category

pytestmark = pytest.mark.django_db
D = dt.date


def data(**kw: object) -> dict[str, object]:
    return {
        "title": "某办法",
        "category": category(),
        "publisher": "测试市人民政府",
        "issued_on": D(2024, 3, 1),
    } | kw


def test_index_numbers_run_per_agency_and_year(handler: User, agency: Agency) -> None:
    a = publish_disclosure(handler, agency, data())
    b = publish_disclosure(handler, agency, data())
    c = publish_disclosure(handler, agency, data(issued_on=D(2025, 1, 2)))
    assert [a.index_number, b.index_number, c.index_number] == [
        "ZR01/2024-00001",
        "ZR01/2024-00002",
        "ZR01/2025-00001",
    ]
    assert AuditEntry.objects.filter(action="publish").count() == 3


def test_index_pattern_is_configurable(handler: User, agency: Agency) -> None:
    agency.index_pattern = "{code}-{category}-{year}/{seq:03d}"
    agency.save()
    assert publish_disclosure(handler, agency, data()).index_number == "ZR01-law-2024/001"
    agency.index_pattern = "{unknown}"
    agency.save()
    with pytest.raises(DisclosureError, match="索引号格式"):
        publish_disclosure(handler, agency, data())
    assert Disclosure.objects.count() == 1


def test_registrars_cannot_publish(registrar: User, agency: Agency) -> None:
    with pytest.raises(PermissionDenied):
        publish_disclosure(registrar, agency, data())


def test_repealed_needs_a_date(handler: User, agency: Agency) -> None:
    with pytest.raises(DisclosureError, match="废止或失效日期"):
        publish_disclosure(handler, agency, data(validity="repealed"))


def test_update_with_optimistic_locking(handler: User, agency: Agency) -> None:
    item = publish_disclosure(handler, agency, data())
    item2 = update_disclosure(handler, item, expected_version=1, data={"title": "新标题"})
    assert item2.version == 2 and item2.index_number == item.index_number
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
    with pytest.raises(DisclosureError, match="来源"):
        set_annual_figure(handler, agency, year=2024, key="penalty", value=Decimal(3), source=" ")
    set_annual_figure(handler, agency, year=2024, key="penalty", value=Decimal(3), source="执法平台")
    fig = set_annual_figure(handler, agency, year=2024, key="penalty", value=Decimal(5), source="执法平台")
    assert AnnualFigure.objects.get().value == 5 and fig.entered_by == handler
    entry = AuditEntry.objects.filter(action="set_figure").first()
    assert entry is not None and entry.before == {"value": "3.0000", "source": "执法平台"}


def test_public_catalogue_search_and_filters(
    client: Client, agency: Agency, django_assert_num_queries: object
) -> None:
    DisclosureFactory(
        agency=agency, title="土地出让管理办法", is_normative=True, document_number="测政规〔2024〕1号"
    )
    DisclosureFactory(agency=agency, title="部门预算", category=category("finance"))
    DisclosureFactory(
        agency=AgencyFactory(), title="已废止的规定", validity="repealed", validity_changed_on=D(2024, 5, 1)
    )
    url = reverse("disclosures:catalogue")
    with django_assert_num_queries(3):  # type: ignore[operator]  count, page, categories
        page = client.get(url).text
    assert "土地出让管理办法" in page and "部门预算" in page
    assert "部门预算" not in client.get(url, {"q": "土地"}).text
    assert "土地出让" in client.get(url, {"q": "测政规"}).text
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
        "version": 1,
    }
    assert client.post(reverse("disclosures:edit", args=[item.pk]), form).status_code == 302
    stale = client.post(reverse("disclosures:edit", args=[item.pk]), form | {"title": "冲突"})
    assert stale.status_code == 200 and "已被他人修改" in stale.text
    assert Disclosure.objects.get().title == "改后"


def test_table_two_page(client: Client, handler: User, agency: Agency, staff: dict[str, User]) -> None:
    client.force_login(handler)
    url = reverse("disclosures:table_two") + f"?agency={agency.pk}&year=2024"
    response = client.post(url, {"key": "fees", "value": "12.5", "source": "财务台账"})
    assert response.status_code == 302
    page = client.get(url).text
    assert "12.5" in page and "财务台账" in page and "规章" in page
    supervisor = Client()
    supervisor.force_login(staff[Role.SUPERVISOR])
    assert supervisor.post(url, {"key": "fees", "value": "1", "source": "x"}).status_code == 403
