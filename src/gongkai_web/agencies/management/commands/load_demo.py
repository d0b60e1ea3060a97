"""``load_demo``: a demonstration government with departments, staff in every role, a catalogue, applications
in every state of the life cycle (dated relative to today, through the service functions) and appeals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from gongkai.clock import AgencyKind, default_calendar
from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.appeals.services import file_appeal, update_appeal
from gongkai_web.applications import services as s
from gongkai_web.applications.models import Application
from gongkai_web.disclosures import review
from gongkai_web.disclosures.defaults import ensure_default_categories
from gongkai_web.disclosures.models import Attribute, Category, Disclosure, Validity
from gongkai_web.disclosures.services import draft_disclosure, set_annual_figure
from gongkai_web.guides.services import update_guide
from gongkai_web.interpretations.services import draft_interpretation, publish_interpretation

DEMO_PASSWORD = "gongkai-demo"
ROOT_CODE = "DEMO-GOV"

PEOPLE = [
    ("admin", "系统管理员", Role.ADMIN, None),
    ("dengji", "王登记", Role.REGISTRAR, "DEMO-ZRZY"),
    ("chengban", "李承办", Role.HANDLER, "DEMO-ZRZY"),
    ("shenhe", "张审核", Role.APPROVER, "DEMO-ZRZY"),
    ("baomi", "周保密", Role.REVIEWER, "DEMO-ZRZY"),
    ("jiandu", "赵监督", Role.SUPERVISOR, ROOT_CODE),
    ("bangong", "陈承办", Role.HANDLER, "DEMO-BGS"),
    ("zhengfu", "孙承办", Role.HANDLER, ROOT_CODE),
]

REQUESTS = [
    (
        "natural_person",
        "刘建国",
        "申请公开本人房屋所在地块（东湖路以南、青年路以西）的国有土地使用权出让合同及宗地图。",
    ),
    ("commercial", "示例市恒达建设有限公司", "申请公开2024年度本市建设用地供应计划及其调整情况。"),
    ("natural_person", "陈晓梅", "申请公开东湖新村棚户区改造项目的征收补偿方案及听证会记录。"),
    ("legal_services", "示例律师事务所", "申请公开编号为SL2024-017号行政处罚决定书全文。"),
    ("research", "示例大学城市规划研究院", "申请公开近三年全市城镇开发边界调整的批复文件。"),
    ("natural_person", "周志强", "申请公开青石村集体土地征收的批准文件和一书四方案。"),
    ("social_welfare", "示例市绿色家园环保协会", "申请公开城北垃圾焚烧发电项目的用地预审意见。"),
    ("natural_person", "吴丽华", "申请公开本人承包地被占用一事的调查处理结果。"),
    ("other_org", "示例市南湖社区居民委员会", "申请公开南湖片区控制性详细规划调整的公示材料。"),
    ("natural_person", "郑海涛", "申请公开2023年本局收取的行政事业性收费明细。"),
    ("commercial", "示例市远航物流有限公司", "申请公开港区物流园用地规划条件及出让公告。"),
    ("natural_person", "孙玉兰", "申请公开本人所在小区规划许可证及总平面图。"),
]

DISCLOSURES = [
    (
        "示例市国土空间总体规划（2021—2035年）",
        "plan",
        "示政发〔2024〕3号",
        (2024, 2, 20),
        False,
        True,
        "valid",
    ),
    ("示例市自然资源和规划局机构职能", "org", "", (2024, 1, 8), False, False, "valid"),
    ("示例市国有建设用地使用权出让管理办法", "law", "示政规〔2024〕1号", (2024, 3, 15), False, True, "valid"),
    ("示例市不动产登记若干规定", "law", "示例市人民政府令第12号", (2023, 6, 1), True, False, "valid"),
    (
        "示例市集体土地征收补偿安置办法",
        "law",
        "示例市人民政府令第9号",
        (2019, 5, 10),
        True,
        False,
        "repealed",
    ),
    (
        "关于进一步规范建设项目规划核实工作的通知",
        "law",
        "示自然资规〔2025〕2号",
        (2025, 4, 2),
        False,
        True,
        "valid",
    ),
    ("2025年度建设用地供应计划", "plan", "", (2025, 1, 20), False, False, "valid"),
    ("2025年部门预算公开说明", "finance", "", (2025, 2, 10), False, False, "valid"),
    ("2024年部门决算公开说明", "finance", "", (2025, 8, 29), False, False, "valid"),
    ("地质灾害防治应急预案", "emergency", "示政办发〔2023〕15号", (2023, 7, 1), False, True, "expired"),
    ("2026年公开招聘事业单位工作人员公告", "personnel", "", (2026, 3, 5), False, False, "valid"),
    ("示例市临时用地管理办法", "law", "示政规〔2026〕4号", (2026, 5, 12), False, True, "valid"),
    (
        "行政处罚裁量基准（自然资源领域）",
        "enforcement",
        "示自然资规〔2026〕1号",
        (2026, 6, 18),
        False,
        True,
        "valid",
    ),
    ("不动产登记“一窗受理”办事指南", "services", "", (2026, 7, 1), False, False, "valid"),
    ("示例市历史文化街区保护规定", "law", "示例市人民政府令第15号", (2026, 9, 1), True, False, "valid"),
]


def guide_details(agency: Agency) -> dict[str, str]:
    """What the demo agencies' 公开指南 say beyond the agency record."""
    return {
        "office_name": f"{agency.short_name or agency.name}办公室（政务公开科）",
        "office_hours": "工作日上午9:00—12:00，下午13:30—17:00（法定节假日除外）",
        "postal_code": "000100",
        "email": "gongkai@example.gov.cn",
        "reading_rooms": "示例市档案馆政府信息公开查阅点（人民路1号）\n"
        "示例市民中心政务公开专区（人民路100号）",
    }


def _workdays_ago(today: dt.date, n: int) -> dt.date:
    cal = default_calendar()
    day = today
    while n > 0:
        day -= dt.timedelta(days=1)
        if cal.is_workday(day):
            n -= 1
    return day


def demo_password_in_force() -> list[str]:
    """The demo accounts that still sign in with the published password (:data:`DEMO_PASSWORD`)."""
    usernames = [username for username, _name, _role, _code in PEOPLE]
    return [
        user.username
        for user in User.objects.filter(username__in=usernames, is_active=True).order_by("username")
        if user.check_password(DEMO_PASSWORD)
    ]


class Command(BaseCommand):
    help = "加载演示机构、人员和数据（已加载则跳过）"

    def handle(self, *args: Any, **options: Any) -> None:
        if Agency.objects.filter(code=ROOT_CODE).exists():
            self.stdout.write("演示数据已加载，跳过。")
            return
        with transaction.atomic():
            self._load()
        self.stdout.write(self.style.SUCCESS(f"已加载演示数据。演示账号（密码均为 {DEMO_PASSWORD}）："))
        for username, name, role, _code in PEOPLE:
            self.stdout.write(f"  {username:<10} {name}（{Role(role).label}）")

    def _load(self) -> None:
        today = timezone.localdate()
        gov = Agency.objects.create(
            name="示例市人民政府",
            short_name="市政府",
            code=ROOT_CODE,
            kind=AgencyKind.GOVERNMENT,
            accepts_applications=True,
        )
        bgs = Agency.objects.create(
            name="示例市人民政府办公室", short_name="市政府办公室", code="DEMO-BGS", parent=gov
        )
        zrzy = Agency.objects.create(
            name="示例市自然资源和规划局",
            short_name="市自然资源和规划局",
            code="DEMO-ZRZY",
            parent=gov,
            address="示例市人民路100号市民中心B座3楼",
            phone="0000-12345678",
        )
        Agency.objects.create(
            name="示例市生态环境局", short_name="市生态环境局", code="DEMO-STHJ", parent=gov
        )
        agencies = {a.code: a for a in Agency.objects.all()}
        users: dict[str, User] = {}
        for username, name, role, code in PEOPLE:
            user = User(
                username=username,
                full_name=name,
                role=role,
                agency=agencies[code] if code else None,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            users[username] = user
        self._disclosures(users, zrzy, gov)
        for agency, approver in ((gov, users["admin"]), (zrzy, users["shenhe"])):
            update_guide(approver, agency, expected_version=None, data=guide_details(agency))
        self._applications(today, zrzy, users)
        del bgs

    @staticmethod
    def _review(item: Disclosure, drafter: User, reviewer: User, approver: User) -> None:
        """Draft → review (保密审查, 合法性审查) → published, by three people."""
        review.submit_for_review(drafter, item, expected_version=None)
        review.clear(
            reviewer,
            item,
            expected_version=None,
            confidentiality="不涉及国家秘密、工作秘密、商业秘密和个人隐私",
            legality="公开属性认定符合《政府信息公开条例》第十九条、第二十条",
        )
        review.publish(approver, item, expected_version=None)

    @staticmethod
    def _interpret(item: Disclosure, drafter: User, approver: User) -> None:
        interpretation = draft_interpretation(
            drafter,
            item,
            {
                "form": "qa",
                "title": f"《{item.title}》政策解读",
                "interpreter": "市自然资源和规划局",
                "body": "问：为什么制定本办法？\n答：规范国有建设用地使用权出让行为，提高土地利用效率。\n"
                "问：本办法适用于哪些情形？\n答：本市行政区域内国有建设用地使用权的招标、拍卖、挂牌出让。",
            },
        )
        publish_interpretation(approver, interpretation, expected_version=None)

    def _disclosures(self, users: dict[str, User], zrzy: Agency, gov: Agency) -> None:
        ensure_default_categories(Category)
        cats = {c.code: c for c in Category.objects.all()}
        for title, cat, number, (y, m, d), rule, normative, validity in DISCLOSURES:
            issued = dt.date(y, m, d)
            agency = gov if rule or "人民政府" in number or number.startswith("示政") else zrzy
            drafter, reviewer, approver = (
                (users["zhengfu"], users["admin"], users["admin"])
                if agency is gov
                else (users["chengban"], users["baomi"], users["shenhe"])
            )
            item = draft_disclosure(
                drafter,
                agency,
                {
                    "title": title,
                    "category": cats[cat],
                    "publisher": agency.name,
                    "issued_on": issued,
                    "document_number": number,
                    "validity": validity,
                    "valid_from": issued,
                    "validity_changed_on": None if validity == Validity.VALID else dt.date(2025, 12, 31),
                    "is_rule": rule,
                    "is_normative": normative,
                    "is_policy": normative,
                    "summary": f"{title}。",
                },
            )
            self._review(item, drafter, reviewer, approver)
            if number == "示政规〔2024〕1号":
                self._interpret(item, drafter, approver)
        # Two entries still on their way: one in review, one draft.
        for title, attribute in (
            ("示例市2025年度地质灾害防治方案", Attribute.PROACTIVE),
            ("土地储备项目内部研究意见", Attribute.NOT_DISCLOSED),
        ):
            item = draft_disclosure(
                users["chengban"],
                zrzy,
                {
                    "title": title,
                    "category": cats["plan"],
                    "publisher": zrzy.name,
                    "issued_on": timezone.localdate(),
                    "attribute": attribute,
                    "withholding_ground": ""
                    if attribute == Attribute.PROACTIVE
                    else "refused_process_information",
                    "summary": f"{title}。",
                },
            )
            if attribute == Attribute.PROACTIVE:
                review.submit_for_review(users["chengban"], item, expected_version=None)
        year = timezone.localdate().year - 1
        for key, value, source in (
            ("licensing.decisions", Decimal(1286), "政务服务中心审批系统年度统计"),
            ("penalty.decisions", Decimal(94), "行政执法监督平台"),
            ("coercion.decisions", Decimal(7), "行政执法监督平台"),
            ("fees.amount", Decimal("35.62"), "财务科非税收入台账"),
        ):
            set_annual_figure(users["chengban"], zrzy, year=year, key=key, value=value, source=source)

    def _applications(self, today: dt.date, zrzy: Agency, users: dict[str, User]) -> None:
        reg, hand, appr = users["dengji"], users["chengban"], users["shenhe"]
        apps: list[Application] = []
        for i, (kind, name, content) in enumerate(REQUESTS):
            ago = [19, 17, 30, 12, 25, 8, 22, 3, 40, 14, 6, 2][i]
            apps.append(
                s.register_application(
                    reg,
                    agency=zrzy,
                    data={
                        "applicant_type": kind,
                        "applicant_name": name,
                        "content": content,
                        "phone": f"1380000{1000 + i}",
                        "address": "示例市人民路1号",
                        "id_type": "居民身份证" if kind == "natural_person" else "统一社会信用代码",
                    },
                    channel=["in-person", "mail", "online"][i % 3],
                    received_on=_workdays_ago(today, ago),
                    basis=["in-person", "mail", "online"][i % 3],
                    handler=hand,
                )
            )

        def v(app: Application) -> int:
            return Application.objects.get(pk=app.pk).version

        def wd(n: int) -> dt.date:
            return _workdays_ago(today, n)

        # 2: a correction requested and received (clock restarted)
        s.request_correction(
            hand,
            apps[2],
            expected_version=v(apps[2]),
            date=wd(28),
            period_end=wd(18),
            note="请明确所需信息的地块编号",
        )
        s.receive_correction(reg, apps[2], expected_version=v(apps[2]), date=wd(21))
        # 4: third-party consultation, answered; then extended
        s.start_consultation(
            hand,
            apps[4],
            expected_version=v(apps[4]),
            date=wd(20),
            party="third-party",
            note="征求示例市恒达建设有限公司意见",
        )
        s.end_consultation(hand, apps[4], expected_version=v(apps[4]), date=wd(12))
        s.extend_deadline(
            appr,
            apps[4],
            expected_version=v(apps[4]),
            date=wd(4),
            days=20,
            reason="涉及多个年度档案，需调档核查",
        )
        # 6: consultation still open (clock paused)
        s.start_consultation(
            hand,
            apps[6],
            expected_version=v(apps[6]),
            date=wd(10),
            party="agency",
            note="征求示例市生态环境局意见",
        )
        # 3: decided in time (部分公开)
        s.record_decision(
            appr,
            apps[3],
            expected_version=v(apps[3]),
            date=wd(2),
            outcome="partially_granted",
            summary="删除涉及个人隐私的内容后提供",
        )
        # 8: answered, closed, then appealed (review, then suit after review)
        s.record_decision(
            appr, apps[8], expected_version=v(apps[8]), date=wd(25), outcome="refused_process_information"
        )
        s.close_application(hand, apps[8], expected_version=v(apps[8]), date=wd(24))
        review = file_appeal(
            hand,
            apps[8],
            kind="review",
            body="示例市人民政府",
            filed_on=wd(15),
            case_number="示政复〔2026〕18号",
        )
        update_appeal(
            hand, review, expected_version=review.version, stage="decided", outcome="upheld", decided_on=wd(3)
        )
        file_appeal(
            hand,
            apps[8],
            kind="suit_after_review",
            body="示例市中级人民法院",
            filed_on=wd(1),
            prior_review=review,
        )
        # 9: fee notice outstanding
        s.send_fee_notice(
            hand, apps[9], expected_version=v(apps[9]), date=wd(5), amount=700, note="按量计收：100页"
        )
        # 11: correction requested, waiting
        s.request_correction(
            hand,
            apps[11],
            expected_version=v(apps[11]),
            date=wd(1),
            period_end=today + dt.timedelta(days=15),
            note="请补充身份证明",
        )
        # 10: withdrawn
        s.withdraw_application(
            hand, apps[10], expected_version=v(apps[10]), date=wd(1), reason="申请人书面撤回"
        )
        # an online application waiting to be registered
        s.submit_online_application(
            agency=zrzy,
            data={
                "applicant_type": "natural_person",
                "applicant_name": "林晓东",
                "content": "申请公开本人住宅所在地块的土地征收批复。",
                "email": "lin@example.com",
            },
        )
