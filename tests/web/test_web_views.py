"""Pages: public form and tracking, login and per-role access, list and queue query counts, stale forms."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from gongkai_web.applications import services as s
from gongkai_web.applications.choices import Status
from gongkai_web.applications.models import Application
from web.factories import AgencyFactory, bulk_applications, make_application

pytestmark = pytest.mark.django_db

D = dt.date


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_public_application_form_and_tracking(client: Client, frozen: object, agency: Agency) -> None:
    page = client.get(reverse("applications:apply"))
    assert page.status_code == 200
    for label in ("自然人", "法人或其他组织·商业企业", "法人或其他组织·法律服务机构"):
        assert label in page.text
    response = client.post(
        reverse("applications:apply"),
        {
            "agency": agency.pk,
            "applicant_type": "research",
            "applicant_name": "某研究院",
            "content": "申请公开2023年土地供应计划",
            "email": "x@example.cn",
            "format_wanted": "email",
            "delivery": "email",
        },
    )
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.status == Status.SUBMITTED and app.channel == "online"
    done = client.get(response["Location"])
    assert app.tracking_code in done.text
    tracked = client.get(reverse("applications:track"), {"code": app.tracking_code.lower()})
    assert "待登记" in tracked.text and "某研究院" not in tracked.text  # no personal data on the public page
    assert "没有找到" in client.get(reverse("applications:track"), {"code": "NOPE"}).text


def test_public_form_needs_a_contact(client: Client, agency: Agency) -> None:
    response = client.post(
        reverse("applications:apply"),
        {"agency": agency.pk, "applicant_type": "natural_person", "applicant_name": "甲", "content": "乙"},
    )
    assert response.status_code == 200 and "至少填写一种联系方式" in response.text
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "name", ["applications:list", "applications:queue", "applications:intake", "appeals:list"]
)
def test_staff_pages_need_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_login_page_and_sign_in(client: Client, staff: dict[str, User]) -> None:
    assert "工作人员登录" in client.get(reverse("login")).text
    response = client.post(reverse("login"), {"username": "handler", "password": "pw-123456"})
    assert response.status_code == 302 and response["Location"] == reverse("applications:queue")


@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        (Role.HANDLER, "extend", 403),
        (Role.REGISTRAR, "decide", 403),
        (Role.SUPERVISOR, "request_correction", 403),
        (Role.APPROVER, "extend", 302),
        (Role.ADMIN, "decide", 302),
    ],
)
def test_actions_are_permission_checked(
    client: Client, frozen: object, staff: dict[str, User], role: str, action: str, status: int
) -> None:
    app = make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27))
    data = {f"{action}-version": app.version, f"{action}-date": "2024-10-08", f"{action}-days": 20}
    data |= {f"{action}-reason": "复杂", f"{action}-outcome": "granted"}
    response = login(client, staff[role]).post(reverse("applications:act", args=[app.pk, action]), data)
    assert response.status_code == status
    assert Application.objects.get(pk=app.pk).version == (app.version + 1 if status == 302 else app.version)


def test_detail_shows_only_permitted_actions(client: Client, frozen: object, staff: dict[str, User]) -> None:
    app = make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27))
    url = reverse("applications:detail", args=[app.pk])
    handler_page = login(client, staff[Role.HANDLER]).get(url).text
    assert "告知补正" in handler_page and 'id="action-extend"' not in handler_page
    approver_page = login(Client(), staff[Role.APPROVER]).get(url).text
    assert 'id="action-extend"' in approver_page and 'id="action-decide"' in approver_page
    supervisor_page = login(Client(), staff[Role.SUPERVISOR]).get(url).text
    assert 'id="action-' not in supervisor_page
    assert "2024-10-30" in handler_page and "第20个工作日" in handler_page


def test_other_agency_cannot_open_the_application(
    client: Client, frozen: object, staff: dict[str, User]
) -> None:
    app = make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27))
    from web.factories import UserFactory

    outsider = UserFactory(role=Role.HANDLER)
    response = login(client, outsider).get(reverse("applications:detail", args=[app.pk]))
    assert response.status_code == 403 and "没有权限" in response.text


def test_stale_form_shows_an_error_and_saves_nothing(
    client: Client, frozen: object, staff: dict[str, User]
) -> None:
    app = make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27))
    stale = app.version
    s.start_consultation(
        staff[Role.HANDLER], app, expected_version=stale, date=D(2024, 9, 30), party="agency"
    )
    response = login(client, staff[Role.APPROVER]).post(
        reverse("applications:act", args=[app.pk, "extend"]),
        {"extend-version": stale, "extend-date": "2024-10-08", "extend-days": 20, "extend-reason": "复杂"},
    )
    assert response.status_code == 409
    assert "已被他人修改" in response.text
    app.refresh_from_db()
    assert app.version == stale + 1 and not app.events.filter(kind="extension").exists()


def test_staff_intake(client: Client, frozen: object, staff: dict[str, User]) -> None:
    response = login(client, staff[Role.REGISTRAR]).post(
        reverse("applications:intake"),
        {
            "channel": "mail",
            "receipt_basis": "mail",
            "received_on": "2024-09-27",
            "applicant_type": "natural_person",
            "applicant_name": "王五",
            "content": "某文件",
            "phone": "1",
            "format_wanted": "paper",
            "delivery": "post",
            "handler": staff[Role.HANDLER].pk,
        },
    )
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.due_on == D(2024, 10, 30) and app.handler == staff[Role.HANDLER]
    assert login(Client(), staff[Role.HANDLER]).get(reverse("applications:intake")).status_code == 403


def _count_queries(client: Client, url: str) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    return len(ctx.captured_queries), page.text


@pytest.mark.parametrize("name", ["applications:list", "applications:queue"])
def test_list_pages_use_a_fixed_number_of_queries(
    client: Client,
    frozen: object,
    staff: dict[str, User],
    agency: Agency,
    name: str,
    django_assert_num_queries: object,
) -> None:
    login(client, staff[Role.HANDLER])
    url = reverse(name)
    mine = bulk_applications(agency, 3, received_on=D(2024, 9, 27), due_on=D(2024, 10, 9))
    mine.append(
        make_application(staff[Role.REGISTRAR], received_on=D(2024, 8, 19))
    )  # every section non-empty
    few, text = _count_queries(client, url)
    assert all(a.tracking_code in text for a in mine)
    invisible = bulk_applications(AgencyFactory(), 5, received_on=D(2024, 9, 27), due_on=D(2024, 10, 9))
    for i in range(5):  # overdue: received in August, with real events to explain
        mine.append(make_application(staff[Role.REGISTRAR], received_on=D(2024, 8, 20 + i)))
    with django_assert_num_queries(few):  # type: ignore[operator]
        page = client.get(url)
    assert page.status_code == 200
    assert all(a.tracking_code in page.text for a in mine)  # 9 rows, with the same number of queries as 4
    assert not any(a.tracking_code in page.text for a in invisible)
    if name == "applications:queue":
        assert "期限如何计算" in page.text and "跳过 2024-10-01至2024-10-07 国庆节" in page.text
        assert "逾期" in page.text and page.text.count('class="pill overdue"') == 6


def test_list_filters(client: Client, frozen: object, staff: dict[str, User]) -> None:
    a = make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27), applicant_name="赵六")
    make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27), applicant_name="钱七")
    login(client, staff[Role.HANDLER])
    page = client.get(reverse("applications:list"), {"q": "赵"}).text
    assert "赵六" in page and "钱七" not in page
    assert a.tracking_code in client.get(reverse("applications:list"), {"q": a.tracking_code}).text
    assert "没有符合条件" in client.get(reverse("applications:list"), {"status": "decided"}).text


def test_supervisor_sees_departments_in_lists(client: Client, frozen: object, db: None) -> None:
    from web.factories import UserFactory

    gov = AgencyFactory()
    dept = AgencyFactory(parent=gov)
    reg = UserFactory(agency=dept, role=Role.REGISTRAR)
    app = make_application(reg, received_on=D(2024, 9, 27))
    sup = UserFactory(agency=gov, role=Role.SUPERVISOR)
    assert app.tracking_code in login(client, sup).get(reverse("applications:list")).text
    detail = client.get(reverse("applications:detail", args=[app.pk]))
    assert detail.status_code == 200
    assert app.tracking_code in detail.text and dept.name in detail.text and "2024-10-30" in detail.text


def test_audit_log_page(client: Client, frozen: object, staff: dict[str, User]) -> None:
    make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27))
    assert AuditEntry.objects.count() == 1
    page = login(client, staff[Role.APPROVER]).get(reverse("audit"))
    assert page.status_code == 200 and "登记" in page.text and "2024-10-30" in page.text
    assert login(Client(), staff[Role.HANDLER]).get(reverse("audit")).status_code == 403


def test_production_settings_pass_check_deploy(tmp_path: object) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai_web.config.settings.production",
        "DJANGO_SECRET_KEY": "k" * 10 + "x9#Vq!2mZ$pL7@wR4^tY8&uN1*eB6(cD3)fG5-hJ0_sK",
        "DJANGO_ALLOWED_HOSTS": "gongkai.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secrets() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "gongkai_web.config.settings.production"
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_static_css_is_served(client: Client) -> None:
    response = client.get("/static/gongkai/app.css")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    css = Path(__file__).parents[2] / "src" / "gongkai_web" / "agencies" / "static" / "gongkai" / "app.css"
    assert body == css.read_bytes() and response["Content-Type"].startswith("text/css")
