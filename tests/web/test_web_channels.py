"""Channels (公开渠道): registered per agency, an entry records where it went, a new-media account's posts per
month imported from the CSV files platforms export (one row per month, or one per post), online messages
imported with their reply dates — all or nothing, every bad row named by its line — and a year's counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import AuditEntry, Role, User
from gongkai_web.channels import services as s
from gongkai_web.channels.models import Channel, Kind, Message, MonthlyPosts, Placement
from gongkai_web.reports.services.overview import overview_facts
from web.conftest import SHANGHAI
from web.factories import AgencyFactory, DisclosureFactory, UserFactory

pytestmark = pytest.mark.django_db


def wechat(approver: User, name: str = "“示例自然资源”微信公众号") -> Channel:
    assert approver.agency is not None
    return s.add_channel(
        approver, approver.agency, {"kind": Kind.WECHAT, "name": name, "address": "shili-zr"}
    )


def test_registering_needs_the_guide_role_and_a_unique_name(approver: User, handler: User) -> None:
    assert handler.agency is not None
    with pytest.raises(PermissionDenied):
        s.add_channel(handler, handler.agency, {"kind": Kind.WEBSITE, "name": "门户网站"})
    wechat(approver)
    with pytest.raises(s.ChannelError, match="本机关已有同名渠道"):
        wechat(approver)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05 10:00:00", (2024, 3, 5)),
        ("2024/3/5", (2024, 3, 5)),
        ("2024年3月5日", (2024, 3, 5)),
        ("2024年3月", (2024, 3, None)),
        ("2024-03", (2024, 3, None)),
        ("2024.12", (2024, 12, None)),
        ("2024-13", None),
        ("2024-02-30", None),
        ("三月", None),
        ("", None),
    ],
)
def test_dates_as_exports_write_them(text: str, expected: tuple[int, int, int | None] | None) -> None:
    assert s.parse_date(text) == expected


def test_posts_by_month_or_by_post(approver: User, handler: User) -> None:
    account = wechat(approver)
    monthly = "月份,发布条数\n2024-01,30\n2024-02,28\n".encode("gbk")
    result = s.import_posts(handler, account, monthly, "导出.csv")
    assert (result.errors, result.saved) == ([], {"2024-01": 30, "2024-02": 28})
    per_post = (
        "标题,发布时间,阅读量\n春耕,2024-02-03 09:00,100\n防汛,2024-02-20 18:00,90\n招聘,2024-03-01 08:00,5\n"
    )
    result = s.import_posts(handler, account, ("\ufeff" + per_post).encode(), "群发.csv")
    assert result.saved == {"2024-02": 2, "2024-03": 1}  # February replaced, March added
    assert {m.month: m.posts for m in MonthlyPosts.objects.filter(channel=account)} == {
        dt.date(2024, 1, 1): 30,
        dt.date(2024, 2, 1): 2,
        dt.date(2024, 3, 1): 1,
    }
    assert AuditEntry.objects.filter(action="import_posts").count() == 2


def test_a_bad_row_saves_nothing_and_is_named(approver: User, handler: User) -> None:
    account = wechat(approver)
    data = "月份,发布条数\n2024-01,30\n二月,28\n2024-03,-1\n".encode()
    result = s.import_posts(handler, account, data, "x.csv")
    assert result.errors == ["第 3 行：“二月”不是日期或月份", "第 4 行：发布条数“-1”不是非负整数"]
    assert not MonthlyPosts.objects.exists()
    with pytest.raises(s.ChannelError, match="找不到日期列"):
        s.import_posts(handler, account, "标题,阅读量\n一,2\n".encode(), "x.csv")
    with pytest.raises(s.ChannelError, match="无法识别文件编码"):
        s.import_posts(handler, account, b"\xff\xfe\x00\x81\x00", "x.csv")
    with pytest.raises(s.ChannelError, match="文件是空的"):
        s.import_posts(handler, account, b"\n\n", "x.csv")
    assert handler.agency is not None
    site = s.add_channel(approver, handler.agency, {"kind": Kind.WEBSITE, "name": "门户网站"})
    with pytest.raises(s.ChannelError, match="只有政务新媒体账号"):
        s.import_posts(handler, site, "月份,发布条数\n2024-01,3\n".encode(), "x.csv")


def test_messages_with_their_reply_dates(approver: User, handler: User) -> None:
    assert handler.agency is not None
    account = wechat(approver)
    data = "留言标题,留言时间,回复时间\n咨询不动产登记,2024-03-01 09:00,2024-03-04\n反映噪音,2024/12/30,\n".encode()
    result = s.import_messages(handler, handler.agency, account, data)
    assert result.errors == [] and result.saved == {"留言": 2, "已回复": 1}
    bad = "标题,留言日期,回复日期\n一,2024-03-05,2024-03-01\n,2024-03-05,\n二,2024-03,\n".encode()
    result = s.import_messages(handler, handler.agency, None, bad)
    assert result.errors == [
        "第 2 行：回复日期早于留言日期",
        "第 3 行：标题为空",
        "第 4 行：留言时间“2024-03”不是日期",
    ]
    assert Message.objects.count() == 2
    assert s.message_counts(s.Q(agency=handler.agency), 2024) == s.MessageYear(received=2, replied=1)


def test_a_year_counts_placements_posts_and_messages(approver: User, handler: User) -> None:
    assert handler.agency is not None
    account = wechat(approver)
    site = s.add_channel(approver, handler.agency, {"kind": Kind.WEBSITE, "name": "门户网站"})
    at = dt.datetime(2024, 5, 6, 10, tzinfo=SHANGHAI)
    docs = [
        DisclosureFactory(agency=handler.agency, issued_on=dt.date(2024, 5, 1), published_at=at)
        for _ in range(3)
    ]
    old = DisclosureFactory(
        agency=handler.agency, issued_on=dt.date(2023, 5, 1), published_at=at.replace(year=2023)
    )
    # Issued in December 2023 and published in January 2024: the 2023 report counts it, as 表二 does.
    late = DisclosureFactory(
        agency=handler.agency, issued_on=dt.date(2023, 12, 28), published_at=at.replace(month=1, day=3)
    )
    draft = DisclosureFactory(agency=handler.agency, issued_on=dt.date(2024, 5, 1), status="draft")
    for d in docs:
        s.place(handler, d, [site])
    s.place(handler, docs[0], [site, account])
    s.place(handler, old, [site])
    s.place(handler, late, [site, account])
    Placement.objects.create(disclosure=draft, channel=site)  # not published: counted nowhere
    s.import_posts(handler, account, "月份,发布条数\n2023-12,9\n2024-01,30\n2024-12,4\n".encode(), "x.csv")
    s.import_messages(
        handler, handler.agency, account, "标题,留言时间,回复时间\n问,2024-02-02,2024-02-03\n".encode()
    )
    rows = {
        r.channel.name: (r.placements, r.posts, r.messages, r.replied)
        for r in s.year_counts(s.Q(agency=handler.agency), 2024)
    }
    assert rows == {"门户网站": (3, None, 0, 0), "“示例自然资源”微信公众号": (1, 34, 1, 1)}
    placed_2023 = {r.channel.name: r.placements for r in s.year_counts(s.Q(agency=handler.agency), 2023)}
    assert placed_2023 == {"门户网站": 2, "“示例自然资源”微信公众号": 1}
    # Section 一 states the same numbers per channel.
    stated = {c.label: c.n for c in overview_facts(handler.agency, 2024).through}
    assert stated == {name: n[0] for name, n in rows.items()}
    assert {c.label: c.n for c in overview_facts(handler.agency, 2023).through} == placed_2023
    foreign = Channel.objects.create(agency=AgencyFactory(), kind=Kind.WEBSITE, name="别人的网站")
    with pytest.raises(s.ChannelError, match="只能选择本机关的渠道"):
        s.place(handler, docs[1], [foreign])


def test_pages_and_who_may_use_them(client: Client, approver: User, handler: User, supervisor: User) -> None:
    account = wechat(approver)
    doc = DisclosureFactory(agency=handler.agency, published_at=dt.datetime(2024, 5, 6, tzinfo=SHANGHAI))
    outsider = UserFactory(agency=AgencyFactory(), role=Role.APPROVER)
    upload = reverse("channels:import_posts", args=[account.pk])
    place = reverse("channels:place", args=[doc.pk])

    def csv_file() -> Any:
        return SimpleUploadedFile("posts.csv", "月份,发布条数\n2024-01,7\n".encode(), content_type="text/csv")

    assert client.get(reverse("channels:index")).status_code == 302
    client.force_login(outsider)
    assert client.post(upload, {"file": csv_file()}).status_code == 403
    assert client.post(place, {"channels": [account.pk]}).status_code == 403
    assert client.get(reverse("channels:channel", args=[account.pk])).status_code == 403
    client.force_login(supervisor)  # sees, records nothing
    assert client.get(reverse("channels:channel", args=[account.pk])).status_code == 200
    assert client.post(upload, {"file": csv_file()}).status_code == 403
    client.force_login(handler)
    response = client.post(upload, {"file": csv_file()}, follow=True)
    assert "已导入 1 行：2024-01 7" in response.content.decode()
    page = client.get(reverse("disclosures:detail", args=[doc.pk])).content.decode()
    assert "保存发布渠道" in page
    client.post(place, {"channels": [account.pk]})
    assert list(doc.placements.values_list("channel__name", flat=True)) == [account.name]  # type: ignore[attr-defined]
    listing = client.get(reverse("channels:index") + "?year=2024").content.decode()
    assert account.name in listing and "网上留言：收到 0 条，已回复 0 条" in listing
    client.logout()
    public = client.get(reverse("disclosures:detail", args=[doc.pk])).content.decode()
    assert account.name in public and "保存发布渠道" not in public
