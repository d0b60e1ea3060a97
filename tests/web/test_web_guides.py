"""政府信息公开指南 (条例第十二条): made from the agency's data, current after every change, each change dated
in the revision history a report can cite."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from gongkai_web.disclosures.models import Category
from gongkai_web.guides.models import GuideRevision
from gongkai_web.guides.services import (
    GuideError,
    describe_revision,
    guide_facts,
    revisions_in_year,
    update_guide,
)
from web.factories import AgencyFactory, category

pytestmark = pytest.mark.django_db
DETAILS = {
    "office_name": "办公室（政务公开科）",
    "office_hours": "工作日上午9:00—12:00，下午13:30—17:00",
    "postal_code": "310000",
    "email": "gk@example.gov.cn",
    "reading_rooms": "市档案馆（人民路1号）\n市民中心（青年路8号）",
}


def test_facts_come_from_the_agency_and_its_catalogue(agency: Agency) -> None:
    law = category("law")
    Category.objects.create(code="law-zr", name="自然资源法规", parent=law, agency=agency)
    Category.objects.create(code="other-agency", name="他机构类别", agency=AgencyFactory())
    agency.address, agency.phone = "人民路100号", "0571-1234567"
    agency.save()
    facts = guide_facts(agency)
    assert (facts["name"], facts["address"], facts["phone"]) == (
        "测试市自然资源局",
        "人民路100号",
        "0571-1234567",
    )
    tree = [(c["name"], c["depth"]) for c in facts["categories"]]
    assert ("法规文件", 0) in tree and tree[tree.index(("法规文件", 0)) + 1] == ("自然资源法规", 1)
    assert "他机构类别" not in [name for name, _ in tree]
    assert facts["periods"]["reply_days"] == 20 and facts["periods"]["max_extension_days"] == 20


def test_every_change_is_dated(agency: Agency, approver: User) -> None:
    first = GuideRevision.objects.get(agency=agency)
    assert first.initial and revisions_in_year(agency, first.revised_on.year) == []
    with time_machine.travel(dt.datetime(2025, 3, 4, 10, 0), tick=False):
        update_guide(approver, agency, expected_version=None, data=DETAILS)
    with time_machine.travel(dt.datetime(2025, 9, 1, 10, 0), tick=False):
        agency.phone = "0571-7654321"
        agency.save()  # in the admin: the guide changes, and so does its history
        agency.save()  # saved again unchanged: no revision
        category("finance").save()  # nothing the guide says changed
    revisions = revisions_in_year(agency, 2025)
    assert [(r.revised_on, r.changes) for r in revisions] == [
        (
            dt.date(2025, 3, 4),
            ["政府信息公开工作机构", "办公时间", "邮政编码", "电子邮箱", "政府信息公开查阅点"],
        ),
        (dt.date(2025, 9, 1), ["咨询电话"]),
    ]
    assert revisions[0].actor == approver and revisions[1].actor is None
    assert describe_revision(revisions[1]) == "2025-09-01 修订：咨询电话"
    assert revisions_in_year(agency, 2024) == []
    assert AuditEntry.objects.filter(action="update_guide").count() == 1


def test_only_approvers_edit_and_stale_forms_are_refused(agency: Agency, staff: dict[str, User]) -> None:
    for role in (Role.REGISTRAR, Role.HANDLER, Role.REVIEWER, Role.SUPERVISOR):
        with pytest.raises(PermissionDenied):
            update_guide(staff[role], agency, expected_version=None, data=DETAILS)
    details = update_guide(staff[Role.APPROVER], agency, expected_version=None, data=DETAILS)
    assert details.version == 2
    with pytest.raises(GuideError, match="已被他人修改"):
        update_guide(staff[Role.APPROVER], agency, expected_version=1, data={"fax": "1"})


def test_public_guide_page(client: Client, agency: Agency, approver: User) -> None:
    url = reverse("guides:guide", args=[agency.pk])
    assert "本指南编制于" in client.get(url).text and "编制以来未修订" in client.get(url).text
    agency.address = "人民路100号"
    agency.save()
    page = client.get(url).text
    for text in (
        "测试市自然资源局政府信息公开指南",
        "人民路100号",
        "法规文件",
        "20个工作日内答复",
        "修订：受理地址",
        "ZR01/",  # an example 索引号
    ):
        assert text in page, text
    assert reverse("applications:apply") in page and "修改指南" not in page
    assert "测试市自然资源局" in client.get(reverse("guides:index")).text
    client.force_login(approver)
    edit = reverse("guides:edit", args=[agency.pk])
    assert client.post(edit, DETAILS | {"version": "1"}).status_code == 302
    page = client.get(url).text
    assert "修改指南" in page and "市档案馆（人民路1号）" in page and "本指南最近修订于" in page
    assert "修订：政府信息公开工作机构" in page
    bad = client.post(edit, DETAILS | {"email": "不是邮箱", "version": 2})
    assert bad.status_code == 200 and "email" in bad.context["form"].errors
    client.force_login(AgencyFactory.create().staff.create(username="h2", role=Role.HANDLER))
    assert client.get(edit).status_code == 403
