"""行政复议 / 行政诉讼 linked to an application: filing rules, stages and outcomes, locking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Role, User
from gongkai_web.appeals.models import Appeal, kind_choices, outcome_choices
from gongkai_web.appeals.services import AppealError, file_appeal, update_appeal
from gongkai_web.applications import services as s
from gongkai_web.applications.models import Application
from web.factories import make_application

pytestmark = pytest.mark.django_db
D = dt.date


def test_choices_come_from_the_report_model() -> None:
    assert dict(kind_choices()) == {
        "review": "行政复议",
        "suit_direct": "行政诉讼·未经复议直接起诉",
        "suit_after_review": "行政诉讼·复议后起诉",
    }
    assert [k for k, _ in outcome_choices()] == ["upheld", "corrected", "other", "pending"]


def _replied(staff: dict[str, User]) -> Application:
    """An application received on 27 September 2024 and answered on 30 September."""
    app = make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27))
    return s.record_decision(
        staff[Role.APPROVER], app, expected_version=app.version, date=D(2024, 9, 30), outcome="granted"
    )


def test_review_then_suit(frozen: object, staff: dict[str, User]) -> None:
    h = staff[Role.HANDLER]
    app = _replied(staff)
    with pytest.raises(AppealError, match="关联本申请的行政复议"):
        file_appeal(h, app, kind="suit_after_review", body="中院", filed_on=D(2024, 10, 8))
    review = file_appeal(h, app, kind="review", body="市政府", filed_on=D(2024, 10, 1))
    assert review.outcome == "pending"
    with pytest.raises(AppealError, match="审结日期"):
        update_appeal(h, review, expected_version=1, stage="decided", outcome="pending")
    with pytest.raises(AppealError, match="尚未审结"):
        update_appeal(h, review, expected_version=1, stage="hearing", outcome="upheld")
    review = update_appeal(
        h, review, expected_version=1, stage="decided", outcome="corrected", decided_on=D(2024, 10, 8)
    )
    with pytest.raises(AppealError, match="已被他人修改"):
        update_appeal(h, review, expected_version=1, stage="hearing", outcome="pending")
    suit = file_appeal(
        h, app, kind="suit_after_review", body="中院", filed_on=D(2024, 10, 8), prior_review=review
    )
    assert suit.prior_review == review and Appeal.objects.count() == 2


def test_registrar_cannot_file(frozen: object, staff: dict[str, User]) -> None:
    from django.core.exceptions import PermissionDenied

    app = make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27))
    with pytest.raises(PermissionDenied):
        file_appeal(staff[Role.REGISTRAR], app, kind="review", body="市政府", filed_on=D(2024, 10, 8))


def test_unregistered_application_cannot_be_appealed(frozen: object, agency: object, handler: User) -> None:
    app = s.submit_online_application(
        agency=agency,
        data={"applicant_type": "natural_person", "applicant_name": "甲", "content": "乙", "phone": "1"},
    )
    with pytest.raises(AppealError, match="尚未登记"):
        file_appeal(handler, app, kind="review", body="市政府", filed_on=D(2024, 10, 8))


def test_appeal_pages(client: Client, frozen: object, staff: dict[str, User]) -> None:
    app = _replied(staff)
    client.force_login(staff[Role.HANDLER])
    response = client.post(
        reverse("appeals:create", args=[app.pk]),
        {
            "kind": "suit_direct",
            "body": "测试市人民法院",
            "filed_on": "2024-10-08",
            "case_number": "（2024）测0101行初1号",
        },
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    detail = reverse("appeals:detail", args=[appeal.pk])
    ok = client.post(
        detail, {"version": 1, "stage": "decided", "outcome": "upheld", "decided_on": "2024-10-08"}
    )
    assert ok.status_code == 302
    stale = client.post(detail, {"version": 1, "stage": "hearing", "outcome": "pending"})
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    assert "结果维持" in client.get(reverse("appeals:list")).text
