"""Section 一 drafted from the records (issue 17 §6): for many generated years of a ledger — entries in
several categories and channels, 政策解读 of each form, consultations with comments, new-media posts, online
messages, guide revisions, applications with replies — the draft's numbers are the records' counts, they agree
with 表二/表三 (no narrative-vs-table finding), every number lists its records, and what the records cannot
say is left marked for the officer (F110 until written)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.layout import placeholder
from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.applications import services as apps
from gongkai_web.applications.choices import decision_choices
from gongkai_web.channels.models import Channel, Kind, Message, MonthlyPosts, Placement
from gongkai_web.consultations.models import Adoption, Comment, Consultation
from gongkai_web.consultations.models import Status as CStatus
from gongkai_web.disclosures.models import Category, DisclosureStep, Step
from gongkai_web.guides.models import GuideRevision
from gongkai_web.interpretations.models import Form, Interpretation
from gongkai_web.reports import services as svc
from gongkai_web.reports.tables import compute_report
from web.conftest import SHANGHAI
from web.factories import DisclosureFactory, category, make_application

pytestmark = pytest.mark.django_db
#: The rules comparing numbers the narrative states with the tables.
NARRATIVE_VS_TABLE = {f"N{n}" for n in range(501, 511)}


def moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)


def some_day(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def generate_year(rng: random.Random, agency: Agency, staff: dict[str, User], year: int) -> None:
    """A year of records, straight into the tables (applications through the services, as the clock needs)."""
    category()  # the default 公开目录
    cats = list(Category.objects.filter(agency__isnull=True))
    site = Channel.objects.create(agency=agency, kind=Kind.WEBSITE, name="门户网站信息公开专栏")
    account = Channel.objects.create(agency=agency, kind=Kind.WECHAT, name="“示例发布”微信公众号")
    entries = []
    for _ in range(rng.randint(0, 30)):
        issued = some_day(rng, year if rng.random() < 0.85 else year - 1)
        d = DisclosureFactory(
            agency=agency,
            year=issued.year,
            issued_on=issued,
            published_at=moment(issued),
            category=rng.choice(cats),
            is_rule=rng.random() < 0.1,
            is_normative=rng.random() < 0.2,
            is_policy=rng.random() < 0.3,
        )
        entries.append(d)
        for channel in (site, account):
            if rng.random() < 0.5:
                Placement.objects.create(disclosure=d, channel=channel)
        if rng.random() < 0.6:
            step = DisclosureStep.objects.create(disclosure=d, kind=Step.CLEAR, actor=staff[Role.REVIEWER])
            DisclosureStep.objects.filter(pk=step.pk).update(at=moment(issued))
        if d.is_policy and rng.random() < 0.7:
            Interpretation.objects.create(
                disclosure=d,
                agency=agency,
                form=rng.choice(list(Form)),
                title=f"《{d.title}》解读",
                body="问：何时施行？\n答：发布之日。",
                media_url="https://example.gov.cn/v",
                status="published",
                published_at=moment(issued),
            )
    for _ in range(rng.randint(0, 3)):
        opens = some_day(rng, year)
        call = Consultation.objects.create(
            agency=agency,
            title="征求意见",
            draft="草案",
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=30),
            status=rng.choice([CStatus.OPEN, CStatus.ANSWERED]),
        )
        for _ in range(rng.randint(0, 6)):
            Comment.objects.create(
                consultation=call, body="意见", moderation="shown", adoption=rng.choice(list(Adoption))
            )
    for month in range(1, 13):
        if rng.random() < 0.7:
            MonthlyPosts.objects.create(
                channel=account, month=dt.date(year, month, 1), posts=rng.randint(0, 40)
            )
    for _ in range(rng.randint(0, 8)):
        got = some_day(rng, year)
        Message.objects.create(
            agency=agency,
            channel=account,
            subject="留言",
            received_on=got,
            replied_on=got + dt.timedelta(days=3) if rng.random() < 0.8 else None,
        )
    if rng.random() < 0.5:
        GuideRevision.objects.create(
            agency=agency, revised_on=some_day(rng, year), changes=["办公时间"], facts={}
        )
    outcomes = [k for k, _label in decision_choices()]
    for _ in range(rng.randint(0, 6)):
        received = dt.date(year, rng.randint(1, 11), rng.randint(1, 28))
        app = make_application(staff[Role.REGISTRAR], received_on=received)
        if rng.random() < 0.7:
            apps.record_decision(
                staff[Role.APPROVER],
                app,
                expected_version=app.version,
                date=received + dt.timedelta(days=rng.randint(1, 15)),
                outcome=rng.choice(outcomes),
                summary="答复",
            )


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(10))
def test_generated_drafts_state_the_records_and_agree_with_the_tables(
    seed: int, agency: Agency, staff: dict[str, User]
) -> None:
    rng = random.Random(seed)
    year = (2020, 2022, 2024)[seed % 3]  # both templates
    generate_year(rng, agency, staff, year)
    report = compute_report(agency, year)
    facts = svc.year_facts(agency, year, report, None)
    o = facts.overview
    text = svc.prefill(facts)["overview"]
    # the numbers are the records' counts
    assert f"发布政府信息{o.entries.n}条" in text
    assert sum(c.n for c in o.by_category) == o.entries.n
    assert o.entries.n == len(svc.fact_records(agency, year, "entries"))
    for count in o.counts():
        assert sum(r.amount for r in svc.fact_records(agency, year, count.key)) == count.n, count
    for c in o.by_form:
        assert f"{c.label}{c.n}篇" in text
    if o.consultations.n:
        assert f"对{o.consultations.n}项决策事项公开征求意见，征集到公众意见{o.comments.n}条" in text
    for c in o.posts:
        assert f"{c.label}全年发布信息{c.n}条" in text
    if o.messages.n:
        assert f"收到网上留言{o.messages.n}条，已回复{o.replied.n}条" in text
    # … and agree with the tables
    found = svc.findings_for(compute_report(agency, year, svc.prefill(facts)), None)
    assert [f for f in found if f.code in NARRATIVE_VS_TABLE] == []
    # what the records cannot say (监督保障) is left marked, and F110 holds the lock until it is written
    assert {f.paths[0] for f in found if f.code == "F110"} >= {"sections.overview"}


def test_a_known_year_in_words(agency: Agency, staff: dict[str, User]) -> None:
    law, plan = category("law"), category("plan") if Category.objects.filter(code="plan").exists() else None
    cats = [law] if plan is None else [law, plan]
    for i, cat in enumerate(cats * 2):
        DisclosureFactory(
            agency=agency,
            issued_on=dt.date(2024, 3, 1 + i),
            published_at=moment(dt.date(2024, 3, 1)),
            category=cat,
        )
    wechat = Channel.objects.create(agency=agency, kind=Kind.WECHAT, name="“示例”微信公众号")
    MonthlyPosts.objects.create(channel=wechat, month=dt.date(2024, 1, 1), posts=30)
    MonthlyPosts.objects.create(channel=wechat, month=dt.date(2024, 2, 1), posts=12)
    MonthlyPosts.objects.create(channel=wechat, month=dt.date(2023, 12, 1), posts=99)  # another year
    Message.objects.create(
        agency=agency, subject="问", received_on=dt.date(2024, 5, 1), replied_on=dt.date(2024, 5, 2)
    )
    Message.objects.create(agency=agency, subject="问", received_on=dt.date(2024, 6, 1))
    text = svc.prefill(svc.year_facts(agency, 2024, compute_report(agency, 2024), None))["overview"]
    assert f"全年通过主动公开目录发布政府信息{2 * len(cats)}条" in text
    assert "“示例”微信公众号全年发布信息42条。收到网上留言2条，已回复1条。" in text
    assert text.endswith(f"（五）监督保障\n{placeholder('to_fill')}")


def test_each_number_opens_its_records(client: Client, agency: Agency, staff: dict[str, User]) -> None:
    doc = DisclosureFactory(
        agency=agency, issued_on=dt.date(2024, 3, 1), published_at=moment(dt.date(2024, 3, 1)), title="某规划"
    )
    Interpretation.objects.create(
        disclosure=doc,
        agency=agency,
        form=Form.TEXT,
        title="《某规划》解读",
        body="正文",
        status="published",
        published_at=moment(dt.date(2024, 3, 2)),
    )
    client.force_login(staff[Role.HANDLER])
    page = client.get(reverse("reports:workspace", args=[agency.pk, 2024])).content.decode()
    assert reverse("reports:fact", args=[agency.pk, 2024, "interpretations"]) in page
    records = client.get(
        reverse("reports:fact", args=[agency.pk, 2024, "interpretations.text"])
    ).content.decode()
    assert "《某规划》解读" in records and "共 1 条记录" in records
    assert client.get(reverse("reports:fact", args=[agency.pk, 2024, "nonsense"])).status_code == 404
    assert client.get(reverse("reports:fact", args=[agency.pk, 2024, "channel.x"])).status_code == 404
