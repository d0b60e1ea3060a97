"""政策解读: linked to the policy document both ways, drafted and published by the roles allowed, and the
flag for a policy document still without its interpretation after N working days of the PRC calendar."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from gongkai_web.agencies.permissions import visible_agencies_q
from gongkai_web.disclosures.models import Disclosure
from gongkai_web.interpretations.models import Interpretation
from gongkai_web.interpretations.services import (
    InterpretationError,
    draft_interpretation,
    interpretation_due,
    missing_interpretation,
    missing_interpretations,
    publish_interpretation,
    update_interpretation,
)
from web.factories import DisclosureFactory

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
TEXT = {"form": "text", "title": "《实施办法》解读", "body": "一、起草背景……", "interpreter": "市自然资源局"}


def policy(agency: Agency, published: dt.date, **kw: object) -> Disclosure:
    at = dt.datetime.combine(published, dt.time(10), tzinfo=SHANGHAI)
    return DisclosureFactory(agency=agency, is_policy=True, published_at=at, **kw)  # type: ignore[no-any-return]


def test_due_date_counts_working_days_on_the_prc_calendar(agency: Agency) -> None:
    # Fri 27 Sep 2024 + 3 working days: Sun 29 Sep (调休 working day), Mon 30 Sep, then the National Day
    # holiday 1–7 Oct, so Tue 8 Oct. Plain weekday arithmetic would say Wed 2 Oct.
    assert interpretation_due(policy(agency, D(2024, 9, 27))) == D(2024, 10, 8)


def test_missing_interpretations_are_flagged_after_the_period(
    agency: Agency, handler: User, approver: User, settings: object
) -> None:
    late = policy(agency, D(2024, 9, 26), title="逾期未解读的文件")  # due Mon 30 Sep
    on_time = policy(agency, D(2024, 9, 27), title="期限内的文件")  # due Tue 8 Oct
    policy(agency, D(2024, 9, 1), title="草稿不算", status="draft", index_number=None)
    DisclosureFactory(agency=agency, title="非政策文件")
    today = D(2024, 10, 8)
    missing = missing_interpretations(visible_agencies_q(approver), today)
    assert [(m.document.title, m.overdue) for m in missing] == [
        ("逾期未解读的文件", True),
        ("期限内的文件", False),
    ]
    # a draft interpretation does not clear the flag; a published one does
    item = draft_interpretation(handler, late, TEXT)
    assert missing_interpretation(late, today) is not None
    publish_interpretation(approver, item, expected_version=None)
    assert [m.document for m in missing_interpretations(visible_agencies_q(approver), today)] == [on_time]
    settings.GONGKAI_INTERPRETATION_WORKDAYS = 5  # type: ignore[attr-defined]
    assert missing_interpretation(on_time, today).due == D(2024, 10, 10)  # type: ignore[union-attr]


def test_forms_need_their_content(agency: Agency, handler: User) -> None:
    doc = policy(agency, D(2024, 9, 27))
    with pytest.raises(InterpretationError, match="链接") as exc:
        draft_interpretation(handler, doc, TEXT | {"form": "video", "body": ""})
    assert exc.value.field == "media_url"
    with pytest.raises(InterpretationError, match="解读内容"):
        draft_interpretation(handler, doc, TEXT | {"body": " "})
    with pytest.raises(InterpretationError, match="至少有一问"):
        draft_interpretation(handler, doc, TEXT | {"form": "qa", "body": "没有问答格式"})
    qa = draft_interpretation(
        handler,
        doc,
        TEXT | {"form": "qa", "body": "问：适用范围？\n答：本市行政区域。\n问：何时施行？\n答：发布之日。"},
    )
    assert qa.qa_pairs == [("适用范围？", "本市行政区域。"), ("何时施行？", "发布之日。")]
    video = draft_interpretation(
        handler, doc, TEXT | {"form": "video", "media_url": "https://v.example.cn/1"}
    )
    assert video.agency == agency and video.status == "draft"


def test_roles_and_order(agency: Agency, staff: dict[str, User]) -> None:
    doc = policy(agency, D(2024, 9, 27))
    for role in (Role.REGISTRAR, Role.REVIEWER, Role.SUPERVISOR):
        with pytest.raises(PermissionDenied):
            draft_interpretation(staff[role], doc, TEXT)
    item = draft_interpretation(staff[Role.HANDLER], doc, TEXT)
    with pytest.raises(PermissionDenied):
        publish_interpretation(staff[Role.HANDLER], item, expected_version=None)
    with pytest.raises(InterpretationError, match="已被他人修改"):
        publish_interpretation(staff[Role.APPROVER], item, expected_version=item.version + 1)
    update_interpretation(staff[Role.HANDLER], item, expected_version=1, data={"title": "修改后的解读"})
    publish_interpretation(staff[Role.APPROVER], item, expected_version=2)
    item.refresh_from_db()
    assert item.status == "published" and item.published_at is not None
    with pytest.raises(InterpretationError, match="不能修改"):
        update_interpretation(staff[Role.HANDLER], item, expected_version=None, data={"title": "x"})
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions == {"draft_interpretation", "update_interpretation", "publish_interpretation"}
    # an interpretation of a document still in review waits for it
    draft = DisclosureFactory(agency=agency, status="review", index_number=None)
    early = draft_interpretation(staff[Role.HANDLER], draft, TEXT)
    with pytest.raises(InterpretationError, match="尚未发布"):
        publish_interpretation(staff[Role.APPROVER], early, expected_version=None)


def test_pages_link_both_ways(client: Client, agency: Agency, handler: User, approver: User) -> None:
    doc = policy(agency, D(2024, 9, 27), title="测试市国土空间规划实施办法")
    client.force_login(handler)
    new = reverse("interpretations:create", args=[doc.pk])
    assert "测试市国土空间规划实施办法" in client.get(new).text
    assert client.post(new, TEXT | {"version": ""}).status_code == 302
    item = Interpretation.objects.get()
    public = Client()
    assert public.get(reverse("interpretations:detail", args=[item.pk])).status_code == 404  # a draft
    assert "《实施办法》解读" not in public.get(reverse("disclosures:detail", args=[doc.pk])).text
    client.force_login(approver)
    work = client.get(reverse("disclosures:work")).text
    assert "待发布政策解读" in work and "测试市国土空间规划实施办法" in work
    published = client.post(reverse("interpretations:publish", args=[item.pk]), {"version": item.version})
    assert published.status_code == 302
    page = public.get(reverse("interpretations:detail", args=[item.pk])).text
    assert reverse("disclosures:detail", args=[doc.pk]) in page and "一、起草背景" in page
    doc_page = public.get(reverse("disclosures:detail", args=[doc.pk])).text
    assert reverse("interpretations:detail", args=[item.pk]) in doc_page and "政策解读" in doc_page
    # and the catalogue links it beside the document
    assert (
        reverse("interpretations:detail", args=[item.pk]) in public.get(reverse("disclosures:catalogue")).text
    )
    assert "逾期" not in client.get(reverse("disclosures:work")).text


def test_work_queue_counts_late_interpretations(
    client: Client, agency: Agency, approver: User, frozen: object
) -> None:
    policy(agency, D(2024, 9, 26))  # due 30 Sep: late on 8 Oct
    policy(agency, D(2024, 9, 27))  # due 8 Oct: not yet
    client.force_login(approver)
    page = client.get(reverse("applications:queue")).text
    assert "1 件政策文件的政策解读逾期未发布" in page and reverse("disclosures:work") in page
