"""The state machine is one table: the buttons on the detail page are exactly the transitions the services
allow, for every status and role, and a transition without a button is refused."""

from __future__ import annotations

import datetime as dt
import inspect
import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.applications import services as s
from gongkai_web.applications.models import Application
from gongkai_web.applications.transitions import TRANSITIONS
from web.factories import APPLICANT, make_application, to_state

pytestmark = pytest.mark.django_db

# Written out from the life cycle and the roles table of docs/web.md, not from the code.
BY_STATUS = {
    "submitted": {"register", "withdraw"},
    "open": {"request_correction", "start_consultation", "extend", "fee_notice", "decide", "withdraw"},
    "awaiting_correction": {"receive_correction", "close", "withdraw"},
    "consulting": {"end_consultation", "extend", "withdraw"},
    "awaiting_fee": {"fee_paid", "close", "withdraw"},
    "decided": {"close"},
    "withdrawn": set(),
    "closed": set(),
}
# Voiding an application registered by mistake is possible in every status but its own (审核, admins).
for _actions in BY_STATUS.values():
    _actions.add("void")
BY_STATUS["voided"] = set()
HANDLING = {
    "request_correction",
    "start_consultation",
    "end_consultation",
    "fee_notice",
    "fee_paid",
    "withdraw",
    "close",
}
BY_ROLE = {
    Role.REGISTRAR: {"register", "receive_correction"},
    Role.HANDLER: HANDLING | {"receive_correction"},
    Role.APPROVER: HANDLING | {"extend", "decide", "void"},
    Role.REVIEWER: set(),
    Role.SUPERVISOR: set(),
    Role.ADMIN: set().union(*BY_STATUS.values()),
}


def _in_state(status: str, agency: Agency, staff: dict[str, User]) -> Application:
    if status == "submitted":
        return s.submit_online_application(agency=agency, data=dict(APPLICANT))
    if status == "voided":
        app = make_application(staff[Role.REGISTRAR], received_on=dt.date(2024, 9, 27))
        return s.void_application(staff[Role.APPROVER], app, expected_version=app.version, reason="重复登记")
    return to_state(status, make_application(staff[Role.REGISTRAR], received_on=dt.date(2024, 9, 27)), staff)


def _buttons(client: Client, user: User, app: Application) -> set[str]:
    client.force_login(user)
    page = client.get(reverse("applications:detail", args=[app.pk]))
    assert page.status_code == 200
    return set(re.findall(r'id="action-(\w+)"', page.text))


@pytest.mark.parametrize("status", list(BY_STATUS))
def test_buttons_are_the_transitions_allowed_now(
    client: Client, frozen: object, agency: Agency, staff: dict[str, User], status: str
) -> None:
    app = _in_state(status, agency, staff)
    assert app.status == status
    for role, user in staff.items():
        assert _buttons(client, user, app) == BY_STATUS[status] & BY_ROLE[role], role


@pytest.mark.parametrize("status", list(BY_STATUS))
def test_a_transition_without_a_button_is_refused(
    client: Client, frozen: object, agency: Agency, staff: dict[str, User], status: str
) -> None:
    app = _in_state(status, agency, staff)
    client.force_login(staff[Role.ADMIN])  # may do everything: only the status forbids
    for name in set(TRANSITIONS) - BY_STATUS[status] - {"assign"}:
        data = {
            f"{name}-version": app.version,
            f"{name}-date": "2024-10-08",
            f"{name}-period_end": "2024-10-20",
        }
        data |= {f"{name}-reason": "理由", f"{name}-outcome": "granted", f"{name}-days": 5}
        data |= {f"{name}-amount": 10, f"{name}-party": "agency", f"{name}-note": "事项"}
        data |= {f"{name}-received_on": "2024-10-08", f"{name}-receipt_basis": "online"}
        response = client.post(reverse("applications:act", args=[app.pk, name]), data)
        assert response.status_code == 409, name
        after = Application.objects.get(pk=app.pk)
        assert (after.status, after.version) == (app.status, app.version), name


def test_each_transition_has_one_service_whose_arguments_are_its_form_fields() -> None:
    assert set(s.PERFORM) == set(TRANSITIONS)
    for name, transition in TRANSITIONS.items():
        params = inspect.signature(s.PERFORM[name]).parameters
        assert list(params)[:3] == ["actor", "application", "expected_version"], name
        if transition.form is None:
            continue
        fields = set(transition.form.base_fields) - {"version", "pages"}
        if name == "register":
            fields.add("handler")  # added per agency by the form's __init__
        required = {p for p, v in list(params.items())[3:] if v.default is inspect.Parameter.empty}
        assert required <= fields <= set(params), name
