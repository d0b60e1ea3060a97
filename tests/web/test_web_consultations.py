"""意见征集 (决策预公开): a call for comments over a period of at least the configured days, comments from the
public taken only in the period and shown only after review, the feedback (意见采纳情况) published once the
period has ended and every comment is assessed, the decision only after it, and overdue feedback flagged on
the PRC working-day calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import AuditEntry, Role, User
from gongkai_web.agencies.permissions import visible_agencies_q
from gongkai_web.consultations import services as s
from gongkai_web.consultations.models import Adoption, Comment, Consultation, Moderation, Status
from web.conftest import SHANGHAI
from web.factories import AgencyFactory, DisclosureFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date
CALL: dict[str, Any] = {
    "title": "关于《示例市养犬管理办法（征求意见稿）》公开征求意见的公告",
    "summary": "为规范养犬行为，起草了本办法。",
    "draft": "第一条 为了规范养犬行为……",
    "major": False,
    "channels": "电子邮件 yquan@example.gov.cn",
}


def at(day: dt.date, hour: int = 10) -> Any:
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI), tick=False)


def draft(handler: User, opens: dt.date, closes: dt.date, **kw: Any) -> Consultation:
    assert handler.agency is not None
    return s.draft_consultation(handler, handler.agency, CALL | {"opens_on": opens, "closes_on": closes} | kw)


def opened(handler: User, approver: User, opens: dt.date, closes: dt.date, **kw: Any) -> Consultation:
    with at(opens):
        item = draft(handler, opens, closes, **kw)
        s.open_consultation(approver, item, expected_version=item.version)
    return item


def comment(
    item: Consultation, day: dt.date, body: str = "建议明确犬只登记的办理地点。", **kw: str
) -> Comment:
    with at(day):
        return s.submit_comment(item, {"body": body, **kw})


def test_the_period_has_its_least_days(handler: User) -> None:
    with pytest.raises(s.ConsultationError, match="意见征集的征集期不少于 7 日（现为 6 日）") as exc:
        draft(handler, D(2024, 10, 9), D(2024, 10, 14))
    assert exc.value.field == "closes_on"
    with pytest.raises(s.ConsultationError, match="重大行政决策的征集期不少于 30 日（现为 29 日）"):
        draft(handler, D(2024, 10, 9), D(2024, 11, 6), major=True)
    with pytest.raises(s.ConsultationError, match="截止日期不能早于开始日期"):
        draft(handler, D(2024, 10, 9), D(2024, 10, 8))
    item = draft(handler, D(2024, 10, 9), D(2024, 11, 7), major=True)
    assert item.period_days == 30 and item.status == Status.DRAFT


def test_the_least_days_are_configuration(handler: User, settings: Any) -> None:
    settings.GONGKAI_CONSULTATION_MIN_DAYS = 15
    with pytest.raises(s.ConsultationError, match="不少于 15 日（现为 14 日）"):
        draft(handler, D(2024, 10, 9), D(2024, 10, 22))
    assert draft(handler, D(2024, 10, 9), D(2024, 10, 23)).period_days == 15


def test_only_the_release_role_opens_and_not_before_today(handler: User, approver: User) -> None:
    with at(D(2024, 10, 8)):
        item = draft(handler, D(2024, 10, 8), D(2024, 10, 20))
        with pytest.raises(PermissionDenied):
            s.open_consultation(handler, item, expected_version=item.version)
    with at(D(2024, 10, 9)), pytest.raises(s.ConsultationError, match="开始日期 2024-10-08 已过"):
        s.open_consultation(approver, item, expected_version=item.version)
    with at(D(2024, 10, 8)):
        s.open_consultation(approver, item, expected_version=item.version)
        with pytest.raises(s.ConsultationError, match="已发布的征集公告不能修改"):
            s.update_consultation(handler, item, expected_version=item.version, data={"title": "改"})
    assert item.status == Status.OPEN
    assert AuditEntry.objects.filter(action="open_consultation", object_id=str(item.pk)).count() == 1


def test_comments_are_taken_in_the_period_only(handler: User, approver: User) -> None:
    item = opened(handler, approver, D(2024, 10, 8), D(2024, 10, 14))
    later = opened(handler, approver, D(2024, 10, 10), D(2024, 10, 20))
    assert s.phase(later, D(2024, 10, 9)) is s.Phase.UPCOMING
    with at(D(2024, 10, 9)), pytest.raises(s.CommentError, match="征集尚未开始（2024-10-10 开始）"):
        s.submit_comment(later, {"body": "早"})
    with at(D(2024, 10, 14), hour=23):  # the last day counts whole
        last = s.submit_comment(item, {"body": "最后一天的意见"})
    assert last.moderation == Moderation.PENDING
    with at(D(2024, 10, 15)), pytest.raises(s.CommentError, match="征集已于 2024-10-14 截止"):
        s.submit_comment(item, {"body": "晚了"})
    with at(D(2024, 10, 10)), pytest.raises(s.CommentError, match="请填写意见内容"):
        s.submit_comment(item, {"body": "  "})
    assert item.comments.count() == 1  # type: ignore[attr-defined]


def test_feedback_waits_for_the_end_and_every_comment(handler: User, approver: User) -> None:
    item = opened(handler, approver, D(2024, 10, 8), D(2024, 10, 14))
    kept = comment(item, D(2024, 10, 9))
    abusive = comment(item, D(2024, 10, 10), body="广告：出售犬粮", name="张三", contact="13800000000")
    partly = comment(item, D(2024, 10, 11), body="建议增加夜间遛犬时段的规定。")
    with at(D(2024, 10, 14)), pytest.raises(s.ConsultationError, match="征集期尚未结束（2024-10-14 截止）"):
        s.publish_feedback(approver, item, expected_version=item.version, feedback="……")
    with at(D(2024, 10, 15)):
        with pytest.raises(s.ConsultationError, match="还有 3 条意见未审核"):
            s.publish_feedback(approver, item, expected_version=item.version, feedback="……")
        with pytest.raises(s.CommentError, match="不予公开须填写理由"):
            s.moderate_comment(handler, abusive, expected_version=abusive.version, show=False)
        s.moderate_comment(handler, abusive, expected_version=abusive.version, show=False, reason="广告")
        kept = s.moderate_comment(handler, kept, expected_version=kept.version, show=True)
        partly = s.moderate_comment(handler, partly, expected_version=partly.version, show=True)
        with pytest.raises(s.ConsultationError, match="还有 2 条意见未填写采纳情况"):
            s.publish_feedback(approver, item, expected_version=item.version, feedback="……")
        with pytest.raises(s.CommentError, match="部分采纳或未采纳须说明理由"):
            s.assess_comment(handler, partly, expected_version=partly.version, adoption=Adoption.PARTLY)
        s.assess_comment(handler, kept, expected_version=kept.version, adoption=Adoption.ADOPTED)
        s.assess_comment(
            handler, partly, expected_version=partly.version, adoption=Adoption.PARTLY, note="时段由区县规定"
        )
        assert s.tally(item) == s.Tally(
            received=3, shown=2, hidden=1, pending=0, adopted=2, not_adopted=0, undecided=0
        )
        assert s.feedback_summary(item) == (
            "征集期间（2024-10-08至2024-10-14）共收到意见 3 条，采纳（含部分采纳）2 条，未采纳 0 条。"
        )
        with pytest.raises(PermissionDenied):
            s.publish_feedback(handler, item, expected_version=item.version, feedback="……")
        s.publish_feedback(approver, item, expected_version=item.version, feedback="采纳情况如下……")
        with pytest.raises(s.CommentError, match="采纳情况已发布"):
            s.assess_comment(handler, kept, expected_version=None, adoption=Adoption.NOT_ADOPTED, note="改")
    assert item.status == Status.ANSWERED and item.feedback == "采纳情况如下……"


def test_the_decision_comes_after_the_feedback(handler: User, approver: User) -> None:
    item = opened(handler, approver, D(2024, 10, 8), D(2024, 10, 14))
    decision = DisclosureFactory(agency=handler.agency, title="示例市养犬管理办法")
    foreign = DisclosureFactory(title="别的机构的文件")
    with at(D(2024, 10, 20)):
        with pytest.raises(s.ConsultationError, match="请先发布意见采纳情况，再发布决策"):
            s.record_decision(approver, item, expected_version=item.version, decision=decision)
        s.publish_feedback(approver, item, expected_version=item.version, feedback="未收到意见。")
        with pytest.raises(s.ConsultationError, match="本机关已发布"):
            s.record_decision(approver, item, expected_version=item.version, decision=foreign)
        s.record_decision(approver, item, expected_version=item.version, decision=decision)
    assert item.status == Status.DECIDED and item.decision == decision


def test_overdue_feedback_is_flagged_on_working_days(handler: User, approver: User) -> None:
    # Closes Fri 27 Sep 2024; 15 working days after it: Sun 29 Sep (调休) and Mon 30 Sep, the National Day
    # holiday 1–7 Oct, then 8–11 Oct, Sat 12 Oct (调休), 14–18 Oct, 21–23 Oct → Wed 23 Oct 2024.
    item = opened(handler, approver, D(2024, 9, 20), D(2024, 9, 27))
    assert s.feedback_due(item) == D(2024, 10, 23)
    visible = visible_agencies_q(approver)
    assert [(a.consultation, a.overdue) for a in s.awaiting_feedback(visible, D(2024, 10, 23))] == [
        (item, False)
    ]
    assert [(a.consultation, a.overdue) for a in s.awaiting_feedback(visible, D(2024, 10, 24))] == [
        (item, True)
    ]
    assert s.awaiting_feedback(visible, D(2024, 9, 27)) == []  # still open on its last day
    with at(D(2024, 10, 24)):
        s.publish_feedback(approver, item, expected_version=item.version, feedback="未收到意见。")
    assert s.awaiting_feedback(visible, D(2024, 10, 24)) == []


def test_year_counts_for_section_one(handler: User, approver: User) -> None:
    a = opened(handler, approver, D(2024, 3, 1), D(2024, 3, 31))
    b = opened(handler, approver, D(2024, 12, 20), D(2025, 1, 20))
    opened(handler, approver, D(2025, 1, 5), D(2025, 2, 5))
    draft(handler, D(2024, 6, 1), D(2024, 6, 30))  # never published: not counted
    for item, day in ((a, D(2024, 3, 5)), (a, D(2024, 3, 6)), (b, D(2025, 1, 2))):
        c = comment(item, day)
        with at(day):
            c = s.moderate_comment(handler, c, expected_version=c.version, show=True)
            if item is a and day.day == 5:
                s.assess_comment(handler, c, expected_version=c.version, adoption=Adoption.ADOPTED)
    assert s.year_counts(visible_agencies_q(approver), 2024) == s.YearCounts(
        consultations=2, comments=3, adopted=1
    )
    assert s.year_counts(visible_agencies_q(approver), 2025).consultations == 1


def test_public_pages_show_reviewed_comments_without_personal_data(
    client: Client, handler: User, approver: User
) -> None:
    item = opened(handler, approver, D(2024, 10, 8), D(2024, 10, 20))
    hidden_draft = draft(handler, D(2024, 10, 9), D(2024, 10, 30), title="尚未发布的征集")
    with at(D(2024, 10, 9)):
        response = client.post(
            reverse("consultations:comment", args=[item.pk]),
            {"body": "建议放宽大型犬的限制。", "name": "李四", "contact": "13900000000"},
            follow=True,
        )
        assert "您的意见已提交，经审核后公开" in response.content.decode()
        page = client.get(reverse("consultations:detail", args=[item.pk])).content.decode()
        assert "建议放宽大型犬的限制" not in page and "公众意见（0）" in page
        c = item.comments.get()  # type: ignore[attr-defined]
        s.moderate_comment(handler, c, expected_version=c.version, show=True)
        page = client.get(reverse("consultations:detail", args=[item.pk])).content.decode()
        assert "建议放宽大型犬的限制" in page and "公众意见（1）" in page
        assert "李四" not in page and "13900000000" not in page
        listing = client.get(reverse("consultations:index")).content.decode()
        assert item.title in listing and "尚未发布的征集" not in listing
        assert client.get(reverse("consultations:detail", args=[hidden_draft.pk])).status_code == 404
    # the comment's personal data is not in the audit log either
    assert not AuditEntry.objects.filter(after__icontains="13900000000").exists()


def test_comments_are_rate_limited_per_address(
    client: Client, handler: User, approver: User, settings: Any
) -> None:
    settings.GONGKAI_COMMENT_RATE_PER_IP = 2
    item = opened(handler, approver, D(2024, 10, 8), D(2024, 10, 20))
    url = reverse("consultations:comment", args=[item.pk])
    with at(D(2024, 10, 9)):
        codes = [client.post(url, {"body": f"意见{i}"}).status_code for i in range(3)]
        other = Client(REMOTE_ADDR="10.0.0.9").post(url, {"body": "另一地址"})
    assert codes == [302, 302, 429] and other.status_code == 302
    assert item.comments.count() == 3  # type: ignore[attr-defined]


def test_stale_review_is_refused(handler: User, approver: User) -> None:
    item = opened(handler, approver, D(2024, 10, 8), D(2024, 10, 20))
    c = comment(item, D(2024, 10, 9))
    with at(D(2024, 10, 9)):
        s.moderate_comment(handler, c, expected_version=c.version, show=True)
        with pytest.raises(s.CommentError) as exc:
            s.moderate_comment(handler, c, expected_version=c.version, show=False, reason="重复")
    assert exc.value.message == "该意见已被他人修改，请刷新页面后重新操作（本次未保存任何内容）"
    assert Comment.objects.get(pk=c.pk).moderation == Moderation.SHOWN


def test_who_may_do_what(client: Client, handler: User, approver: User, supervisor: User) -> None:
    item = opened(handler, approver, D(2024, 10, 8), D(2024, 10, 20))
    c = comment(item, D(2024, 10, 9), name="王五", contact="wang@example.com")
    manage = reverse("consultations:manage", args=[item.pk])
    moderate = reverse("consultations:review_comment", args=[c.pk, "moderate"])
    post = {f"m{c.pk}-version": c.version, f"m{c.pk}-show": "1"}
    outsider = UserFactory(agency=AgencyFactory(), role=Role.APPROVER)
    assert client.get(manage).status_code == 302  # to the login page
    assert client.post(moderate, post).status_code == 302
    client.force_login(outsider)
    assert client.get(manage).status_code == 403 and client.post(moderate, post).status_code == 403
    client.force_login(supervisor)  # oversees: sees the call, not the commenters, reviews nothing
    page = client.get(manage).content.decode()
    assert "王五" not in page and "wang@example.com" not in page
    assert client.post(moderate, post).status_code == 403
    client.force_login(handler)
    page = client.get(manage).content.decode()
    assert "王五" in page and "wang@example.com" in page
    assert client.post(moderate, post).status_code == 302
    assert Comment.objects.get(pk=c.pk).moderation == Moderation.SHOWN
    step = reverse("consultations:step", args=[item.pk, "answer"])
    assert client.post(step, {"version": item.version, "feedback": "x"}).status_code == 403  # handler


def test_the_queue_flags_late_feedback_and_waiting_comments(
    client: Client, handler: User, approver: User
) -> None:
    item = opened(handler, approver, D(2024, 9, 20), D(2024, 9, 27))
    comment(item, D(2024, 9, 25))
    client.force_login(approver)
    with at(D(2024, 10, 24)):
        page = client.get(reverse("applications:queue")).content.decode()
    assert "1 项意见征集的采纳情况逾期未发布" in page and "1 条公众意见待审核" in page
