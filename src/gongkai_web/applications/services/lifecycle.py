"""The transitions of an application's life cycle, one function each, checked against the table in
:mod:`gongkai_web.applications.transitions`; :data:`PERFORM` maps each transition to its function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.clock import ConsultationParty, ReceiptBasis, derive_clock
from gongkai_web.agencies.models import User
from gongkai_web.applications.choices import (
    CLOCK_OUTCOMES,
    DECISION_ARTICLES,
    EventKind,
    Status,
    decision_choices,
)
from gongkai_web.applications.models import APPLICANT_FIELDS, Application
from gongkai_web.applications.services.base import (
    AUDITED,
    check_date,
    check_handler,
    recompute_clock,
    record_event,
)
from gongkai_web.applications.transitions import (
    TRANSITIONS,
    StaleVersionError,
    TransitionError,
    ensure_allowed,
)
from gongkai_web.common.saving import versioned_update


def _transition(
    actor: User,
    application: Application,
    name: str,
    *,
    expected_version: int | None,
    change: Callable[[Application], None],
    reason: str = "",
) -> Application:
    """Take the transition ``name``: check it, apply ``change``, move to its target status, re-derive the
    clock, save and audit — in one transaction."""
    transition = TRANSITIONS[name]
    with versioned_update(
        actor,
        application,
        expected_version=expected_version,
        permission=transition.permission,
        action=name,
        audited=AUDITED,
        saved=(*APPLICANT_FIELDS, "decision_summary", "channel"),
        error=StaleVersionError,
        reason=reason,
    ) as app:
        ensure_allowed(actor, app, transition)
        change(app)
        if transition.target is not None:
            app.status = transition.target
        recompute_clock(app)
    return app


def _record(
    actor: User,
    application: Application,
    name: str,
    kind: str,
    day: dt.date,
    *,
    expected_version: int | None,
    **fields: object,
) -> Application:
    """The transition ``name`` that records one event of ``kind`` (one taken only ``once`` is refused the
    second time by the table's check)."""

    def change(app: Application) -> None:
        record_event(app, actor, kind, day, **fields)

    return _transition(actor, application, name, expected_version=expected_version, change=change)


def confirm_online_application(
    actor: User,
    application: Application,
    *,
    expected_version: int | None,
    received_on: dt.date,
    receipt_basis: str,
    handler: User | None = None,
) -> Application:
    """Confirm an application submitted online (待登记): the clock starts on the day both sides confirmed it
    (Art. 31 (三)), or the day of receipt under ``receipt_basis``."""
    check_date(received_on, _("收到申请之日"))
    basis = ReceiptBasis(receipt_basis).value
    check_handler(handler, application.agency_id)

    def change(app: Application) -> None:
        if received_on < timezone.localtime(app.submitted_at).date():
            raise TransitionError(_("收到申请之日不能早于网上提交之日"), field="received_on")
        app.received_on, app.receipt_basis = received_on, basis
        if handler is not None:
            app.handler = handler

    return _transition(actor, application, "register", expected_version=expected_version, change=change)


def assign_handler(
    actor: User, application: Application, *, expected_version: int | None, handler: User
) -> Application:
    check_handler(handler, application.agency_id)

    def change(app: Application) -> None:
        app.handler = handler

    return _transition(actor, application, "assign", expected_version=expected_version, change=change)


# ---- correction (Art. 30) ----


def request_correction(
    actor: User,
    application: Application,
    *,
    expected_version: int | None,
    date: dt.date,
    period_end: dt.date,
    note: str = "",
) -> Application:
    check_date(date, _("补正告知日期"))
    if period_end < date:
        raise TransitionError(_("补正期限不能早于告知日期"))

    return _record(
        actor,
        application,
        "request_correction",
        EventKind.CORRECTION_REQUESTED,
        date,
        expected_version=expected_version,
        end=period_end,
        note=note,
    )


def receive_correction(
    actor: User, application: Application, *, expected_version: int | None, date: dt.date
) -> Application:
    check_date(date, _("收到补正之日"))

    return _record(
        actor,
        application,
        "receive_correction",
        EventKind.CORRECTION_RECEIVED,
        date,
        expected_version=expected_version,
    )


# ---- consultation (Arts. 32, 34) ----


def start_consultation(
    actor: User,
    application: Application,
    *,
    expected_version: int | None,
    date: dt.date,
    party: str,
    note: str = "",
) -> Application:
    check_date(date, _("征求意见发函日期"))
    party = ConsultationParty(party).value

    return _record(
        actor,
        application,
        "start_consultation",
        EventKind.CONSULTATION,
        date,
        expected_version=expected_version,
        party=party,
        note=note,
    )


def end_consultation(
    actor: User, application: Application, *, expected_version: int | None, date: dt.date
) -> Application:
    check_date(date, _("收到意见日期"))

    def change(app: Application) -> None:
        open_ = app.events.filter(kind=EventKind.CONSULTATION, end__isnull=True).order_by("date", "id").last()
        if open_ is None:
            raise TransitionError(_("没有正在进行的征求意见"))
        if date < open_.date:
            raise TransitionError(_("收到意见日期不能早于发函日期"))
        open_.end = date
        open_.save(update_fields=["end"])

    return _transition(
        actor, application, "end_consultation", expected_version=expected_version, change=change
    )


# ---- extension (Art. 33) ----


def extend_deadline(
    actor: User,
    application: Application,
    *,
    expected_version: int | None,
    date: dt.date,
    days: int = 20,
    reason: str = "",
) -> Application:
    """Art. 33: once, at most 20 working days, approved by the head of the office (role 审核)."""
    check_date(date, _("延长决定日期"))
    if not 1 <= days <= 20:
        raise TransitionError(_("延长期限最长不得超过20个工作日（第三十三条）"))

    def change(app: Application) -> None:
        if app.due_on is not None and date > app.due_on:
            raise TransitionError(_("答复期限已过，不能再延长"))
        record_event(app, actor, EventKind.EXTENSION, date, days=days, note=reason)

    return _transition(actor, application, "extend", expected_version=expected_version, change=change)


# ---- fees (国办函〔2020〕109号) ----


def send_fee_notice(
    actor: User,
    application: Application,
    *,
    expected_version: int | None,
    date: dt.date,
    amount: int,
    note: str = "",
) -> Application:
    check_date(date, _("收费通知日期"))
    if amount <= 0:
        raise TransitionError(_("收费金额应大于零"))

    return _record(
        actor,
        application,
        "fee_notice",
        EventKind.FEE_NOTICE,
        date,
        expected_version=expected_version,
        amount=amount,
        note=note,
    )


def record_payment(
    actor: User, application: Application, *, expected_version: int | None, date: dt.date
) -> Application:
    check_date(date, _("缴费日期"))

    return _record(
        actor, application, "fee_paid", EventKind.FEE_PAID, date, expected_version=expected_version
    )


# ---- decision, withdrawal, closing ----


def record_decision(
    actor: User,
    application: Application,
    *,
    expected_version: int | None,
    date: dt.date,
    outcome: str,
    article: str = "",
    summary: str = "",
) -> Application:
    """The reply: coded to exactly one 表三 row, citing its article (default :data:`DECISION_ARTICLES`)."""
    check_date(date, _("答复日期"))
    if outcome not in dict(decision_choices()):
        raise TransitionError(_("办理结果须为表三中的一项（逾期不补正、逾期未缴费由办结自动确定）"))

    def change(app: Application) -> None:
        record_event(app, actor, EventKind.ANSWERED, date)
        app.outcome = outcome
        app.article = article.strip() or DECISION_ARTICLES.get(outcome, "")
        app.decision_summary = summary
        app.decided_on = date

    return _transition(actor, application, "decide", expected_version=expected_version, change=change)


def withdraw_application(
    actor: User, application: Application, *, expected_version: int | None, date: dt.date, reason: str = ""
) -> Application:
    """The applicant withdrew: closed and counted under （六）3 其他 (de-facto practice)."""
    check_date(date, _("撤回日期"))

    def change(app: Application) -> None:
        app.outcome = "other_misc"
        app.article = ""
        app.decision_summary = reason or _("申请人撤回申请")
        app.closed_on = date

    return _transition(actor, application, "withdraw", expected_version=expected_version, change=change)


def close_application(
    actor: User, application: Application, *, expected_version: int | None, date: dt.date
) -> Application:
    """Close a replied application, or one whose clock lapsed: no correction by the period given (Art. 30 →
    （六）1) or fee unpaid (109号 → （六）2) — the outcome comes from the core's clock."""
    check_date(date, _("办结日期"))

    def change(app: Application) -> None:
        if app.status != Status.DECIDED:
            clock = derive_clock(app.core_application(), as_of=date)
            key = clock.outcome_key("2021")
            if key not in CLOCK_OUTCOMES:
                raise TransitionError(_("尚未答复，且补正期限或缴费期限未届满，不能办结"))
            app.outcome = key
            app.article = DECISION_ARTICLES[key]
        app.closed_on = date

    return _transition(actor, application, "close", expected_version=expected_version, change=change)


def void_application(
    actor: User, application: Application, *, expected_version: int | None, reason: str
) -> Application:
    """Void an application registered by mistake (a duplicate, another agency's): it keeps its record and
    audit trail, with the reason, and is counted nowhere (表三, the work queue). Its reviews and suits are
    voided first."""
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("请填写作废理由"), field="reason")

    def change(app: Application) -> None:
        if app.appeals.filter(voided_at__isnull=True).exists():
            raise TransitionError(_("该申请有未作废的复议、诉讼案件，请先作废这些案件"))
        app.void_reason = reason

    return _transition(
        actor, application, "void", expected_version=expected_version, change=change, reason=reason
    )


# Each transition of the table and the function that takes it (the form's fields are its keyword arguments).
PERFORM: dict[str, Callable[..., Application]] = {
    "register": confirm_online_application,
    "assign": assign_handler,
    "request_correction": request_correction,
    "receive_correction": receive_correction,
    "start_consultation": start_consultation,
    "end_consultation": end_consultation,
    "extend": extend_deadline,
    "fee_notice": send_fee_notice,
    "fee_paid": record_payment,
    "decide": record_decision,
    "close": close_application,
    "withdraw": withdraw_application,
    "void": void_application,
}
