"""The plumbing every app shares: one error base that knows its form field, one versioned save that audits."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import PermissionDenied

from gongkai_web.agencies.models import AuditEntry, User
from gongkai_web.appeals.services import AppealError
from gongkai_web.applications.services import StaleVersionError, TransitionError
from gongkai_web.common.errors import WebError, add_form_error
from gongkai_web.common.saving import versioned_update
from gongkai_web.disclosures.models import Disclosure
from gongkai_web.disclosures.services import DisclosureError
from gongkai_web.reports.services import ReportError
from web.factories import DisclosureFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    title = forms.CharField(required=False)
    file = forms.FileField(required=False)


def _errors(exc: WebError, **kw: str) -> dict[str, list[str]]:
    form = _Form({})
    assert form.is_valid()
    add_form_error(form, exc, **kw)
    return {k: list(v) for k, v in form.errors.items()}


def test_an_error_goes_to_its_field_by_name_not_by_its_text() -> None:
    assert _errors(WebError("标题有误", field="title")) == {"title": ["标题有误"]}
    # the service calls it ``upload``; this form calls it ``file``
    assert _errors(WebError("文件过大", field="upload"), upload="file") == {"file": ["文件过大"]}
    assert _errors(WebError("文件过大", field="upload")) == {"__all__": ["文件过大"]}
    assert _errors(WebError("只能导入以往年度"), default="file") == {"file": ["只能导入以往年度"]}
    assert _errors(WebError("不能办结")) == {"__all__": ["不能办结"]}


def test_every_app_error_shares_the_one_base_and_the_one_stale_message() -> None:
    for cls, subject in (
        (TransitionError, "该申请"),
        (StaleVersionError, "该申请"),
        (DisclosureError, "该信息"),
        (AppealError, "该案件"),
        (ReportError, "草稿"),
    ):
        err = cls.stale()
        assert isinstance(err, cls) and isinstance(err, WebError)
        assert str(err) == f"{subject}已被他人修改，请刷新页面后重新操作（本次未保存任何内容）"


def _audits(item: Disclosure) -> int:
    return AuditEntry.objects.filter(object_type="disclosures.disclosure", object_id=str(item.pk)).count()


def test_versioned_update_saves_bumps_and_audits_together() -> None:
    item = DisclosureFactory()
    old_title = item.title
    actor: User = UserFactory(agency=item.agency, role="handler")
    with versioned_update(
        actor, item, expected_version=1, permission="publish", action="update_disclosure", audited=("title",)
    ) as fresh:
        fresh.title = "新标题"
    item.refresh_from_db()
    assert (item.title, item.version, _audits(item)) == ("新标题", 2, 1)
    entry = AuditEntry.objects.get(object_id=str(item.pk))
    assert entry.before == {"title": old_title}
    assert entry.after == {"title": "新标题"} and entry.action == "update_disclosure"


def test_versioned_update_saves_nothing_when_stale_forbidden_or_failing() -> None:
    item = DisclosureFactory()
    title = item.title
    actor: User = UserFactory(agency=item.agency, role="handler")
    outsider: User = UserFactory(role="handler")
    kw = {"permission": "publish", "action": "update_disclosure", "audited": ("title",)}
    with (
        pytest.raises(DisclosureError, match="该信息已被他人修改"),
        versioned_update(actor, item, expected_version=7, error=DisclosureError, **kw) as fresh,
    ):
        fresh.title = "改了"
    with pytest.raises(PermissionDenied), versioned_update(outsider, item, expected_version=1, **kw) as fresh:
        fresh.title = "改了"
    with (
        pytest.raises(WebError, match="日期"),
        versioned_update(actor, item, expected_version=1, **kw) as fresh,
    ):
        fresh.title = "改了"
        fresh.issued_on = dt.date(2000, 1, 1)
        raise WebError("日期不对")
    item.refresh_from_db()
    assert (item.title, item.version, _audits(item)) == (title, 1, 0)
