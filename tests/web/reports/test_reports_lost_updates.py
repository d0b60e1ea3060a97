"""Lost updates (issue 13 §3): two editors open a year whose draft does not exist yet; the second save is
refused as stale instead of silently overwriting the first. Runs on SQLite and on PostgreSQL
(``GONGKAI_TEST_DATABASE_URL``), like every web test."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from report_ledger import NARRATIVE

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.reports import services as svc
from gongkai_web.reports.models import ReportDraft
from gongkai_web.reports.services import drafts

pytestmark = pytest.mark.django_db


def _editor(staff: dict[str, User], role: str) -> Client:
    client = Client()
    client.force_login(staff[role])
    return client


def test_two_editors_of_a_year_without_a_draft(january: None, agency: Agency, staff: dict[str, User]) -> None:
    url = reverse("reports:workspace", args=[agency.pk, 2024])
    first, second = _editor(staff, Role.HANDLER), _editor(staff, Role.APPROVER)
    # both open the year before anything is saved: the form carries "no draft yet"
    for editor in (first, second):
        assert editor.get(url).context["form"].initial["version"] == svc.NO_DRAFT
    mine = {**NARRATIVE, "other": "第一位编辑写的其他事项。"}
    theirs = {**NARRATIVE, "other": "第二位编辑写的其他事项。"}
    assert first.post(url, {**mine, "version": str(svc.NO_DRAFT)}).status_code == 302
    stale = second.post(url, {**theirs, "version": str(svc.NO_DRAFT)})
    assert stale.status_code == 409
    assert "已被他人修改，请刷新页面后重新操作（本次未保存任何内容）" in stale.text
    assert "第二位编辑写的其他事项。" in stale.text  # what they typed is shown again, unsaved
    draft = ReportDraft.objects.get(agency=agency, year=2024)
    assert draft.other == "第一位编辑写的其他事项。" and draft.version == 1
    # reopened, the second editor saves over the first knowingly
    assert second.get(url).context["form"].initial["version"] == 1
    assert second.post(url, {**theirs, "version": "1"}).status_code == 302
    assert ReportDraft.objects.get(agency=agency, year=2024).other == "第二位编辑写的其他事项。"


def test_a_post_without_its_version_is_refused(january: None, agency: Agency, staff: dict[str, User]) -> None:
    url = reverse("reports:workspace", args=[agency.pk, 2024])
    editor = _editor(staff, Role.HANDLER)
    for version in ({}, {"version": ""}, {"version": "x"}):
        response = editor.post(url, {**NARRATIVE, **version})
        assert response.status_code == 400
        assert "页面缺少版本信息" in response.text
    assert not ReportDraft.objects.exists()


def test_the_second_of_two_simultaneous_first_saves_is_stale(
    january: None, agency: Agency, staff: dict[str, User], monkeypatch: Any
) -> None:
    """Both read "no draft" before either wrote: the unique (agency, year) row refuses the second insert,
    which is reported as stale (on PostgreSQL as on SQLite)."""
    svc.save_draft(staff[Role.HANDLER], agency, 2024, NARRATIVE, expected_version=svc.NO_DRAFT)
    monkeypatch.setattr(drafts, "get_draft", lambda agency, year: None)  # as read before the first insert
    with pytest.raises(svc.ReportError, match="已被他人修改"):
        svc.save_draft(staff[Role.APPROVER], agency, 2024, NARRATIVE, expected_version=svc.NO_DRAFT)
    assert ReportDraft.objects.count() == 1


def test_a_disclosure_edit_without_its_version_is_refused(
    client: Client, january: None, agency: Agency, staff: dict[str, User]
) -> None:
    from gongkai_web.disclosures.models import Disclosure
    from gongkai_web.disclosures.services import draft_disclosure
    from web.factories import category

    handler = staff[Role.HANDLER]
    item = draft_disclosure(
        handler,
        agency,
        {
            "title": "关于测试的通知",
            "category": category(),
            "publisher": agency.name,
            "issued_on": dt.date(2024, 3, 1),
        },
    )
    client.force_login(handler)
    url = reverse("disclosures:edit", args=[item.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "version"}
    data |= {"title": "关于测试的通知（改）", "category": item.category_id}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "页面缺少版本信息" in refused.text
    assert Disclosure.objects.get(pk=item.pk).title == "关于测试的通知"
    assert client.post(url, {**data, "version": "1"}).status_code == 302
    assert Disclosure.objects.get(pk=item.pk).title == "关于测试的通知（改）"
    stale = client.post(url, {**data, "title": "又改", "version": "1"})
    assert "已被他人修改" in stale.text and Disclosure.objects.get(pk=item.pk).title == "关于测试的通知（改）"
