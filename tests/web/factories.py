"""Factories, one section per app. Applications are made through the service functions, as in production."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.appeals.models import Appeal
from gongkai_web.applications import services
from gongkai_web.applications.models import Application
from gongkai_web.disclosures import review
from gongkai_web.disclosures.defaults import ensure_default_categories
from gongkai_web.disclosures.models import Category, Disclosure
from gongkai_web.disclosures.services import draft_disclosure

# ---- agencies


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试市第{n}局")
    code = factory.Sequence(lambda n: f"AG{n:04d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"工作人员{n}")
    agency = factory.SubFactory(AgencyFactory)
    role = Role.HANDLER
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


# ---- applications

APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "content": "申请公开某地块的土地出让合同",
    "phone": "13800000000",
}


def make_application(
    registrar: User, *, received_on: dt.date, basis: str = "in-person", **data: Any
) -> Application:
    assert registrar.agency is not None
    return services.register_application(
        registrar,
        agency=registrar.agency,
        data={**APPLICANT, **data},
        received_on=received_on,
        basis=basis,
    )


def to_state(state: str, app: Application, people: dict[str, User]) -> Application:
    """Take a freshly registered (open) application to ``state`` through the services."""
    D = dt.date
    h, a = people[Role.HANDLER], people[Role.APPROVER]
    if state == "awaiting_correction":
        return services.request_correction(
            h, app, expected_version=app.version, date=D(2024, 9, 30), period_end=D(2024, 10, 20)
        )
    if state == "consulting":
        return services.start_consultation(
            h, app, expected_version=app.version, date=D(2024, 9, 30), party="agency"
        )
    if state == "awaiting_fee":
        return services.send_fee_notice(h, app, expected_version=app.version, date=D(2024, 9, 30), amount=100)
    if state == "decided":
        return services.record_decision(
            a, app, expected_version=app.version, date=D(2024, 10, 8), outcome="granted"
        )
    if state == "withdrawn":
        return services.withdraw_application(h, app, expected_version=app.version, date=D(2024, 10, 8))
    if state == "closed":
        app = services.record_decision(
            a, app, expected_version=app.version, date=D(2024, 10, 8), outcome="granted"
        )
        return services.close_application(h, app, expected_version=app.version, date=D(2024, 10, 8))
    return app


def bulk_applications(agency: Agency, n: int, *, received_on: dt.date, due_on: dt.date) -> list[Application]:
    """Rows straight into the table (for list and query-count tests; no events)."""
    return Application.objects.bulk_create(
        Application(
            agency=agency,
            applicant_type="natural_person",
            applicant_name=f"申请人{i}",
            content="内容",
            channel="in-person",
            receipt_basis="in-person",
            received_on=received_on,
            due_on=due_on,
            status="open",
            tracking_code=f"B{agency.pk:03d}{i:06d}",
        )
        for i in range(n)
    )


# ---- disclosures


def category(code: str = "law") -> Category:
    ensure_default_categories(Category)  # a transactional test may have flushed the data migration's rows
    return Category.objects.get(code=code)


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclosure

    agency = factory.SubFactory(AgencyFactory)
    year = 2024
    sequence = factory.Sequence(lambda n: n + 1)
    index_number = factory.LazyAttribute(lambda o: f"{o.agency.code}/{o.year}-{o.sequence:05d}")
    title = factory.Sequence(lambda n: f"测试文件{n}")
    category = factory.LazyFunction(category)
    publisher = "测试市人民政府"
    issued_on = dt.date(2024, 3, 1)
    status = "published"  # as if reviewed: the review itself is tested through the services


def publish_reviewed(
    drafter: User, reviewer: User, approver: User, agency: Agency, data: dict[str, Any]
) -> Disclosure:
    """An entry taken through the whole review by the service functions: drafted, submitted, cleared
    (保密审查, 合法性审查) and published."""
    item = draft_disclosure(drafter, agency, data)
    review.submit_for_review(drafter, item, expected_version=None)
    review.clear(reviewer, item, expected_version=None, confidentiality="不涉密", legality="属于主动公开范围")
    review.publish(approver, item, expected_version=None)
    return item


# ---- appeals


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal

    kind = "review"
    body = "测试市人民政府"
    filed_on = dt.date(2024, 11, 1)
