"""The one rule for applicants' personal data (``gongkai_web.agencies.privacy``), per role and page: the
agency's registrar, handler and approver and the admin see it (and each full view is audited); a 监督 officer
— of the agency or above it — sees it masked everywhere, and cannot download the documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies import privacy
from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from gongkai_web.applications import services as s
from gongkai_web.applications.models import Application, Document
from web.factories import AgencyFactory, AppealFactory, UserFactory, make_application

pytestmark = pytest.mark.django_db

PERSON = {
    "applicant_name": "欧阳春晓",
    "id_type": "居民身份证",
    "id_number": "110101198001017777",
    "phone": "13912345678",
    "address": "测试市和平路88号",
    "contact_person": "欧阳夏至",
}
SECRETS = ("欧阳春晓", "110101198001017777", "13912345678", "和平路88号", "欧阳夏至", "身份证扫描.pdf")
FULL = (Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.ADMIN)


@pytest.fixture
def app(frozen: object, registrar: User, handler: User) -> Application:
    application = make_application(registrar, received_on=dt.date(2024, 9, 27), **PERSON)
    s.attach_document(
        handler,
        application,
        kind="request",
        upload=SimpleUploadedFile("身份证扫描.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    return application


@pytest.fixture
def city_supervisor(agency: Agency) -> User:
    """A 监督 officer of the government above the agency."""
    boss = UserFactory(
        username="city", agency=AgencyFactory(name="测试市人民政府", code="GOV"), role=Role.SUPERVISOR
    )
    agency.parent = boss.agency
    agency.save()
    return boss


def _pages(app: Application) -> dict[str, str]:
    # the case itself (its dates are not what this test is about: made directly, not through file_appeal)
    appeal = AppealFactory(application=app, agency=app.agency, filed_on=dt.date(2024, 10, 8))
    return {
        "appeal": reverse("appeals:detail", args=[appeal.pk]),
        "detail": reverse("applications:detail", args=[app.pk]),
        "list": reverse("applications:list"),
        "queue": reverse("applications:queue"),
        "audit": reverse("audit"),
    }


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", FULL)
def test_the_agency_and_the_admin_see_personal_data_and_the_view_is_audited(
    app: Application, staff: dict[str, User], role: str
) -> None:
    client = _as(staff[role])
    page = client.get(_pages(app)["detail"]).text
    for secret in SECRETS:
        assert secret in page, secret
    doc = Document.objects.get()
    response = client.get(reverse("applications:download", args=[doc.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    views = AuditEntry.objects.filter(action="view_personal", actor=staff[role])
    assert sorted(e.after["viewed"] for e in views) == ["下载材料", "申请详情"]
    client.get(_pages(app)["detail"])  # the page again the same day: not one more entry
    assert views.count() == 2


@pytest.mark.parametrize("who", ["own", "city"])
@pytest.mark.parametrize("page", ["detail", "list", "queue", "audit", "appeal"])
def test_a_supervisor_sees_it_masked_on_every_page(
    app: Application, supervisor: User, city_supervisor: User, who: str, page: str
) -> None:
    s.request_correction(
        User.objects.get(role=Role.HANDLER),
        app,
        expected_version=app.version,
        date=dt.date(2024, 10, 8),
        period_end=dt.date(2024, 10, 22),
        note="请补充身份证明",
    )
    user = supervisor if who == "own" else city_supervisor
    url = _pages(app)[page]
    text = _as(user).get(url).text
    for secret in SECRETS:
        assert secret not in text, (page, secret)
    if page in ("detail", "list", "queue", "appeal"):
        assert "欧**" in text
    if page == "audit":
        assert app.tracking_code in text
    if page == "detail":
        assert "*******7777" in text and "139****5678" in text and "（已隐去）" in text
    assert not AuditEntry.objects.filter(action="view_personal").exists()


def test_a_supervisor_cannot_download_the_documents(
    app: Application, supervisor: User, city_supervisor: User
) -> None:
    doc = Document.objects.get()
    for user in (supervisor, city_supervisor):
        assert _as(user).get(reverse("applications:download", args=[doc.pk])).status_code == 403


def test_the_approver_sees_applicant_names_in_the_audit_log(app: Application, approver: User) -> None:
    assert "欧阳春晓" in _as(approver).get(reverse("audit")).text


def test_the_rule_by_role_and_agency(agency: Agency, staff: dict[str, User], city_supervisor: User) -> None:
    other = AgencyFactory(name="别的局", code="ELSE")
    for role in FULL:
        assert privacy.sees_personal_data(staff[role], agency)
    assert privacy.unmasked_fields(staff[Role.SUPERVISOR], agency) == frozenset()
    assert privacy.unmasked_fields(city_supervisor, agency) == frozenset()
    assert not privacy.sees_personal_data(staff[Role.HANDLER], other)
    assert privacy.sees_personal_data(staff[Role.ADMIN], other)


@pytest.mark.parametrize(
    ("field", "value", "masked"),
    [
        ("applicant_name", "欧阳春晓", "欧**"),
        ("phone", "13912345678", "139****5678"),
        ("id_number", "110101198001017777", "**************7777"),
        ("email", "zhang@example.cn", "z***@example.cn"),
        ("address", "测试市和平路88号", "（已隐去）"),
        ("phone", "", ""),
    ],
)
def test_mask(field: str, value: str, masked: str) -> None:
    assert privacy.mask(field, value) == masked


def test_a_supervisor_cannot_find_an_application_by_the_applicants_name(
    app: Application, supervisor: User, handler: User
) -> None:
    url = reverse("applications:list") + "?q=欧阳"
    assert app.tracking_code in _as(handler).get(url).text
    assert app.tracking_code not in _as(supervisor).get(url).text
    by_code = _as(supervisor).get(reverse("applications:list") + f"?q={app.tracking_code}").text
    assert app.tracking_code in by_code
