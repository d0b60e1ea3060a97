"""Staff-facing words (issue 13 §4): the audit log in Chinese (field names, choice labels, people), the
closing date in 办理记录, and one-time actions whose buttons go once used (from the transitions table)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Role, User
from gongkai_web.applications import services as s
from gongkai_web.applications.transitions import TRANSITIONS, allowed
from web.factories import make_application, to_state

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_audit_log_names_fields_values_and_people_in_chinese(
    client: Client, frozen: object, staff: dict[str, User]
) -> None:
    app = to_state(
        "awaiting_correction", make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27)), staff
    )
    handler = staff[Role.HANDLER]
    app = s.receive_correction(handler, app, expected_version=app.version, date=D(2024, 10, 8))
    app = s.assign_handler(staff[Role.APPROVER], app, expected_version=app.version, handler=handler)
    client.force_login(staff[Role.APPROVER])
    page = client.get(reverse("audit")).text
    assert "状态</span>：待补正 → 办理中" in page
    assert f"承办人</span>：— → {handler.full_name}" in page
    assert "计时状态</span>：等待补正 → 计时中" in page
    for raw in ("status", "awaiting_correction", "handler", "clock_status", "due_on"):
        assert f">{raw}<" not in page and f"{raw}：" not in page, raw
    # the application's own page lists the same changes under 操作日志
    detail = client.get(reverse("applications:detail", args=[app.pk])).text
    assert "状态：待补正 → 办理中" in detail and f"承办人：— → {handler.full_name}" in detail


def test_the_closing_date_is_in_the_record(client: Client, frozen: object, staff: dict[str, User]) -> None:
    app = to_state("closed", make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27)), staff)
    client.force_login(staff[Role.HANDLER])
    page = client.get(reverse("applications:detail", args=[app.pk])).text
    record = page.split("办理记录", 1)[1].split("</ul>", 1)[0]
    assert 'id="event-closed"' in record and "办结</strong> 2024-10-08" in record
    withdrawn = to_state(
        "withdrawn", make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27)), staff
    )
    page = client.get(reverse("applications:detail", args=[withdrawn.pk])).text
    assert "申请人撤回</strong> 2024-10-08" in page.split("办理记录", 1)[1]


def test_one_time_actions_lose_their_button_once_used(
    client: Client, frozen: object, staff: dict[str, User]
) -> None:
    once = {name for name, t in TRANSITIONS.items() if t.once is not None}
    assert once == {"request_correction", "extend", "fee_notice"}
    approver = staff[Role.APPROVER]
    app = make_application(staff[Role.REGISTRAR], received_on=D(2024, 9, 27))
    names = {t.name for t in allowed(approver, app)}
    assert {"request_correction", "extend", "fee_notice"} <= names
    app = s.request_correction(
        approver, app, expected_version=app.version, date=D(2024, 9, 30), period_end=D(2024, 10, 20)
    )
    app = s.receive_correction(staff[Role.HANDLER], app, expected_version=app.version, date=D(2024, 10, 8))
    app = s.extend_deadline(approver, app, expected_version=app.version, date=D(2024, 10, 8), reason="调档")
    names = {t.name for t in allowed(approver, app)}
    assert "request_correction" not in names and "extend" not in names and "fee_notice" in names
    client.force_login(approver)
    page = client.get(reverse("applications:detail", args=[app.pk])).text
    assert 'id="action-request_correction"' not in page and 'id="action-extend"' not in page
    assert 'id="action-fee_notice"' in page
    # a post all the same is refused with the reason, nothing saved
    response = client.post(
        reverse("applications:act", args=[app.pk, "extend"]),
        {
            "extend-version": app.version,
            "extend-date": "2024-10-08",
            "extend-days": 5,
            "extend-reason": "再延",
        },
    )
    assert response.status_code == 409 and "答复期限只能延长一次（第三十三条）" in response.text
