"""Every transition of an application, and every forbidden one: nothing is saved when a transition fails."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from gongkai_web.agencies.models import AuditEntry, Role, User
from gongkai_web.applications import services as s
from gongkai_web.applications.choices import Status
from gongkai_web.applications.models import Application, ApplicationEvent
from web.conftest import SHANGHAI
from web.factories import UserFactory, make_application, to_state

pytestmark = pytest.mark.django_db

D = dt.date
RECEIVED = D(2024, 9, 27)  # Friday before National Day: due 2024-10-30 (20 working days, 调休 counted)


def fresh(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


def audit_count(app: Application) -> int:
    return AuditEntry.objects.filter(object_type="applications.application", object_id=str(app.pk)).count()


@pytest.fixture
def app(frozen: object, registrar: User) -> Application:
    return make_application(registrar, received_on=RECEIVED)


def test_register_derives_due_date_and_writes_audit(app: Application, registrar: User) -> None:
    assert app.status == Status.OPEN
    assert app.due_on == D(2024, 10, 30)
    assert app.clock_status == "running"
    entry = AuditEntry.objects.get(object_id=str(app.pk))
    assert entry.actor == registrar and entry.action == "register"
    assert entry.before is None and entry.after["due_on"] == "2024-10-30"


def test_online_submission_waits_for_confirmation(frozen: object, agency: object, registrar: User) -> None:
    app = s.submit_online_application(agency=agency, data=dict(_applicant()))
    assert app.status == Status.SUBMITTED and app.due_on is None and app.received_on is None
    app = s.confirm_online_application(
        registrar, app, expected_version=app.version, received_on=D(2024, 10, 8), receipt_basis="online"
    )
    assert app.status == Status.OPEN and app.receipt_basis == "online"
    assert app.due_on == D(2024, 11, 4)  # 2024-10-12 (Saturday) is a make-up working day
    actions = list(AuditEntry.objects.filter(object_id=str(app.pk)).values_list("action", "actor_label"))
    assert ("submit", "申请人（网上）") in actions and len(actions) == 2


def test_confirmation_cannot_predate_submission(frozen: object, agency: object, registrar: User) -> None:
    app = s.submit_online_application(agency=agency, data=dict(_applicant()))
    with pytest.raises(s.TransitionError, match="早于网上提交之日"):
        s.confirm_online_application(
            registrar, app, expected_version=1, received_on=D(2024, 10, 1), receipt_basis="online"
        )
    assert fresh(app).status == Status.SUBMITTED


def test_correction_restarts_the_clock(app: Application, handler: User, registrar: User) -> None:
    app = s.request_correction(
        handler,
        app,
        expected_version=app.version,
        date=D(2024, 9, 30),
        period_end=D(2024, 10, 15),
        note="地块编号",
    )
    assert app.status == Status.AWAITING_CORRECTION and app.due_on is None
    app = s.receive_correction(registrar, app, expected_version=app.version, date=D(2024, 10, 8))
    assert app.status == Status.OPEN
    assert app.due_on == D(2024, 11, 4)  # 20 working days from the corrected application
    with pytest.raises(s.TransitionError, match="一次性告知"):
        s.request_correction(
            handler, app, expected_version=app.version, date=D(2024, 10, 8), period_end=D(2024, 10, 20)
        )


def test_consultation_pauses_the_clock(app: Application, handler: User) -> None:
    app = s.start_consultation(
        handler, app, expected_version=app.version, date=D(2024, 9, 30), party="third-party"
    )
    assert app.status == Status.CONSULTING and app.clock_status == "paused"
    app = s.end_consultation(handler, app, expected_version=app.version, date=D(2024, 10, 8))
    assert app.status == Status.OPEN
    assert app.due_on == D(2024, 10, 31)  # 10-08 is one working day not counted
    assert ApplicationEvent.objects.get(application=app, kind="consultation").end == D(2024, 10, 8)


def test_extension_is_approver_only_and_once(app: Application, handler: User, approver: User) -> None:
    with pytest.raises(PermissionDenied):
        s.extend_deadline(handler, app, expected_version=app.version, date=D(2024, 10, 8), reason="复杂")
    app = s.extend_deadline(
        approver, app, expected_version=app.version, date=D(2024, 10, 8), days=20, reason="复杂"
    )
    assert app.due_on == D(2024, 11, 27)
    with pytest.raises(s.TransitionError, match="只能延长一次"):
        s.extend_deadline(approver, app, expected_version=app.version, date=D(2024, 10, 8), reason="再延")
    assert ApplicationEvent.objects.filter(application=app, kind="extension").count() == 1


def test_extension_longer_than_twenty_days_is_refused(app: Application, approver: User) -> None:
    with pytest.raises(s.TransitionError, match="20个工作日"):
        s.extend_deadline(approver, app, expected_version=app.version, date=D(2024, 10, 8), days=21)


def test_fee_notice_and_payment(app: Application, handler: User) -> None:
    app = s.send_fee_notice(handler, app, expected_version=app.version, date=D(2024, 9, 30), amount=700)
    assert app.status == Status.AWAITING_FEE
    app = s.record_payment(handler, app, expected_version=app.version, date=D(2024, 10, 8))
    assert app.status == Status.OPEN and app.due_on == D(2024, 10, 31)
    with pytest.raises(s.TransitionError, match="只能发出一次"):
        s.send_fee_notice(handler, app, expected_version=app.version, date=D(2024, 10, 8), amount=100)


def test_decision_is_coded_to_one_table_three_row(app: Application, handler: User, approver: User) -> None:
    with pytest.raises(PermissionDenied):
        s.record_decision(handler, app, expected_version=app.version, date=D(2024, 10, 8), outcome="granted")
    app = s.record_decision(
        approver, app, expected_version=app.version, date=D(2024, 10, 8), outcome="partially_granted"
    )
    assert app.status == Status.DECIDED and app.outcome == "partially_granted"
    assert app.article == "第三十七条" and app.decided_on == D(2024, 10, 8)
    assert app.clock_status == "answered"
    assert fresh(app).derive_clock(as_of=D(2024, 10, 8)).answered_in_time is True


@pytest.mark.parametrize("outcome", ["other_no_correction", "other_unpaid_fee", "total_handled", "nonsense"])
def test_decision_refuses_rows_that_are_not_decisions(app: Application, approver: User, outcome: str) -> None:
    with pytest.raises(s.TransitionError, match="表三"):
        s.record_decision(approver, app, expected_version=app.version, date=D(2024, 10, 8), outcome=outcome)


def test_withdraw_and_close(app: Application, handler: User, approver: User) -> None:
    other = make_application(handler_registrar(app), received_on=RECEIVED)
    other = s.withdraw_application(handler, other, expected_version=other.version, date=D(2024, 10, 8))
    assert other.status == Status.WITHDRAWN and other.outcome == "other_misc"
    app = s.record_decision(
        approver, app, expected_version=app.version, date=D(2024, 10, 8), outcome="granted"
    )
    app = s.close_application(handler, app, expected_version=app.version, date=D(2024, 10, 8))
    assert app.status == Status.CLOSED and app.outcome == "granted" and app.closed_on == D(2024, 10, 8)


def handler_registrar(app: Application) -> User:
    return User.objects.get(role=Role.REGISTRAR, agency=app.agency)


def test_close_after_correction_period_lapsed(registrar: User, handler: User) -> None:
    with time_machine.travel(dt.datetime(2024, 10, 8, 9, tzinfo=SHANGHAI), tick=False) as t:
        app = make_application(registrar, received_on=RECEIVED)
        app = s.request_correction(
            handler, app, expected_version=app.version, date=D(2024, 9, 30), period_end=D(2024, 10, 10)
        )
        with pytest.raises(s.TransitionError, match="不能办结"):
            s.close_application(handler, app, expected_version=app.version, date=D(2024, 10, 8))
        t.move_to(dt.datetime(2024, 10, 14, 9, tzinfo=SHANGHAI))
        app = s.close_application(handler, app, expected_version=app.version, date=D(2024, 10, 14))
    assert app.status == Status.CLOSED and app.outcome == "other_no_correction" and app.article == "第三十条"


def test_close_after_fee_unpaid(registrar: User, handler: User) -> None:
    with time_machine.travel(dt.datetime(2024, 10, 8, 9, tzinfo=SHANGHAI), tick=False) as t:
        app = make_application(registrar, received_on=RECEIVED)
        app = s.send_fee_notice(handler, app, expected_version=app.version, date=D(2024, 10, 8), amount=300)
        t.move_to(dt.datetime(2024, 11, 20, 9, tzinfo=SHANGHAI))
        app = s.close_application(handler, app, expected_version=app.version, date=D(2024, 11, 20))
    assert app.outcome == "other_unpaid_fee"


# ---- forbidden transitions: every action from every state it is not allowed in


def _call(action: str, app: Application, people: dict[str, User]) -> None:
    admin = people[Role.ADMIN]  # may do everything: only the state can forbid
    v, day = app.version, D(2024, 10, 8)
    calls = {
        "register": lambda: s.confirm_online_application(
            admin, app, expected_version=v, received_on=day, receipt_basis="online"
        ),
        "request_correction": lambda: s.request_correction(
            admin, app, expected_version=v, date=day, period_end=day
        ),
        "receive_correction": lambda: s.receive_correction(admin, app, expected_version=v, date=day),
        "start_consultation": lambda: s.start_consultation(
            admin, app, expected_version=v, date=day, party="third-party"
        ),
        "end_consultation": lambda: s.end_consultation(admin, app, expected_version=v, date=day),
        "extend": lambda: s.extend_deadline(admin, app, expected_version=v, date=day),
        "fee_notice": lambda: s.send_fee_notice(admin, app, expected_version=v, date=day, amount=10),
        "fee_paid": lambda: s.record_payment(admin, app, expected_version=v, date=day),
        "decide": lambda: s.record_decision(admin, app, expected_version=v, date=day, outcome="granted"),
        "withdraw": lambda: s.withdraw_application(admin, app, expected_version=v, date=day),
        "close": lambda: s.close_application(admin, app, expected_version=v, date=day),
    }
    calls[action]()


ALLOWED = {
    "register": {"submitted"},
    "request_correction": {"open"},
    "receive_correction": {"awaiting_correction"},
    "start_consultation": {"open"},
    "end_consultation": {"consulting"},
    "extend": {"open", "consulting"},
    "fee_notice": {"open"},
    "fee_paid": {"awaiting_fee"},
    "decide": {"open"},
    "withdraw": {"submitted", "open", "awaiting_correction", "consulting", "awaiting_fee"},
    "close": {"decided", "awaiting_correction", "awaiting_fee"},
}
STATES = ["open", "awaiting_correction", "consulting", "awaiting_fee", "decided", "withdrawn", "closed"]
FORBIDDEN = [(a, st) for a, ok in ALLOWED.items() for st in STATES if st not in ok]


@pytest.mark.parametrize(("action", "state"), FORBIDDEN)
def test_forbidden_transition_changes_nothing(
    frozen: object, staff: dict[str, User], action: str, state: str
) -> None:
    app = to_state(state, make_application(staff[Role.REGISTRAR], received_on=RECEIVED), staff)
    before = (app.status, app.version, app.events.count(), audit_count(app), app.due_on)
    with pytest.raises(s.TransitionError):
        _call(action, app, staff)
    app = fresh(app)
    assert (app.status, app.version, app.events.count(), audit_count(app), app.due_on) == before


@pytest.mark.parametrize("action", [a for a, ok in ALLOWED.items() if "submitted" not in ok])
def test_nothing_but_registration_or_withdrawal_before_registration(
    frozen: object, agency: object, staff: dict[str, User], action: str
) -> None:
    app = s.submit_online_application(agency=agency, data=dict(_applicant()))
    with pytest.raises(s.TransitionError):
        _call(action, app, staff)
    assert fresh(app).status == Status.SUBMITTED


# ---- data safety


def test_stale_version_saves_nothing(app: Application, handler: User) -> None:
    stale = app.version
    app = s.start_consultation(handler, app, expected_version=stale, date=D(2024, 9, 30), party="third-party")
    with pytest.raises(s.StaleVersionError, match="已被他人修改"):
        s.end_consultation(handler, app, expected_version=stale, date=D(2024, 10, 8))
    assert fresh(app).status == Status.CONSULTING
    assert ApplicationEvent.objects.get(application=app).end is None


def test_contradictory_event_rolls_back_everything(app: Application, handler: User, registrar: User) -> None:
    app = s.request_correction(
        handler, app, expected_version=app.version, date=D(2024, 10, 8), period_end=D(2024, 10, 20)
    )
    # A correction "received" before the notice: the core rejects it after the event row was written.
    with pytest.raises(s.TransitionError, match="早于补正告知日期"):
        s.receive_correction(registrar, app, expected_version=app.version, date=D(2024, 9, 30))
    app = fresh(app)
    assert app.status == Status.AWAITING_CORRECTION
    assert list(app.events.values_list("kind", flat=True)) == ["correction_requested"]
    assert audit_count(app) == 2


def test_future_dates_are_refused(app: Application, approver: User) -> None:
    with pytest.raises(s.TransitionError, match="不能晚于今天"):
        s.record_decision(approver, app, expected_version=app.version, date=D(2024, 10, 9), outcome="granted")


def test_other_agency_staff_cannot_act(app: Application) -> None:
    outsider = UserFactory(role=Role.APPROVER)
    with pytest.raises(PermissionDenied):
        s.record_decision(outsider, app, expected_version=app.version, date=D(2024, 10, 8), outcome="granted")
    assert fresh(app).status == Status.OPEN


def test_handler_must_belong_to_the_agency(frozen: object, registrar: User) -> None:
    outsider = UserFactory(role=Role.HANDLER)
    with pytest.raises(s.TransitionError, match="本机构"):
        make_application_with_handler(registrar, outsider)


def make_application_with_handler(registrar: User, handler: User) -> Application:
    return s.register_application(
        registrar,
        agency=registrar.agency,
        data=dict(_applicant()),
        received_on=RECEIVED,
        basis="in-person",
        handler=handler,
    )


def test_refresh_clock_moves_a_paused_due_date(registrar: User, handler: User) -> None:
    with time_machine.travel(dt.datetime(2024, 10, 8, 9, tzinfo=SHANGHAI), tick=False) as t:
        app = make_application(registrar, received_on=RECEIVED)
        app = s.start_consultation(
            handler, app, expected_version=app.version, date=D(2024, 10, 8), party="agency"
        )
        due = app.due_on
        t.move_to(dt.datetime(2024, 10, 10, 9, tzinfo=SHANGHAI))
        assert s.refresh_clock(app) is True
        assert fresh(app).due_on == D(2024, 11, 1) and due == D(2024, 10, 30)


def _applicant() -> dict[str, str]:
    return {
        "applicant_type": "commercial",
        "applicant_name": "测试公司",
        "content": "某文件",
        "email": "a@b.cn",
    }


def test_the_ledger_stores_the_core_event_kinds() -> None:
    from gongkai.clock import EventKind as CoreKind
    from gongkai_web.applications.choices import EventKind

    assert list(EventKind.values) == [k.value for k in CoreKind]
