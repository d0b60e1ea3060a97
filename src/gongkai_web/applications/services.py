"""The life cycle of an application. Every state change goes through one of these functions, which (in ONE
transaction) checks the actor's permission, the optimistic-locking version and the current status, records the
event, recomputes the clock with :func:`gongkai.clock.derive_clock` and writes the audit log.

Errors for people: :class:`TransitionError` (not allowed now, with a Chinese reason),
:class:`StaleVersionError` (someone else changed the application since the form was opened),
:class:`~django.core.exceptions.PermissionDenied`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.clock import ClockInputError, ClockStatus, ConsultationParty, ReceiptBasis, derive_clock
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.applications.choices import (
    CLOCK_OUTCOMES,
    DECISION_ARTICLES,
    Channel,
    DocumentKind,
    EventKind,
    Status,
    decision_choices,
)
from gongkai_web.applications.models import Application, ApplicationEvent, Document
from gongkai_web.applications.uploads import check_upload
from gongkai_web.common.errors import WebError
from gongkai_web.common.saving import versioned_update


class TransitionError(WebError):
    """The action is not allowed in the application's current state; ``str()`` is the Chinese reason."""

    subject = gettext_lazy("该申请")


class StaleVersionError(TransitionError):
    """Someone else changed the application since the form was opened (nothing was saved)."""


AUDITED = (
    "status",
    "received_on",
    "receipt_basis",
    "handler",
    "outcome",
    "article",
    "decided_on",
    "closed_on",
    "due_on",
    "due_provisional",
    "clock_status",
    "version",
)
APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "content",
    "purpose",
    "format_wanted",
    "delivery",
)
CHANNEL_BASIS = {
    Channel.IN_PERSON: ReceiptBasis.IN_PERSON,
    Channel.MAIL: ReceiptBasis.MAIL,
    Channel.ONLINE: ReceiptBasis.ONLINE,
    Channel.FAX: ReceiptBasis.FAX,
}


def today() -> dt.date:
    return timezone.localdate()


def _check_date(day: dt.date, what: str) -> None:
    if day > today():
        raise TransitionError(_("%(what)s不能晚于今天") % {"what": what})


def recompute_clock(app: Application, events: Iterable[ApplicationEvent] | None = None) -> None:
    """Refresh the cached due date and clock status from the stored events (as of today)."""
    if app.received_on is None:
        app.due_on, app.due_provisional, app.clock_status = None, False, ""
        return
    evs = list(app.events.all()) if events is None else list(events)
    try:
        clock = derive_clock(app.core_application(evs), as_of=today())
    except ClockInputError as exc:
        raise TransitionError(exc.detail or exc.message) from exc
    app.due_on = clock.due
    app.due_provisional = clock.provisional
    app.clock_status = clock.status.value


def _transition(
    actor: User,
    application: Application,
    *,
    expected_version: int | None,
    permission: str,
    allowed: Iterable[str],
    action: str,
    change: Callable[[Application], None],
) -> Application:
    with versioned_update(
        actor,
        application,
        expected_version=expected_version,
        permission=permission,
        action=action,
        audited=AUDITED,
        saved=(*APPLICANT_FIELDS, "decision_summary", "channel"),
        error=StaleVersionError,
    ) as app:
        if app.status not in tuple(allowed):
            raise TransitionError(
                _("申请当前为“%(status)s”，不能%(action)s")
                % {"status": app.get_status_display(), "action": audit.action_label(action)}
            )
        change(app)
        recompute_clock(app)
    return app


def _event(app: Application, actor: User | None, kind: str, day: dt.date, **fields: Any) -> ApplicationEvent:
    return ApplicationEvent.objects.create(application=app, kind=kind, date=day, actor=actor, **fields)


# ---- intake ----


def submit_online_application(
    *, agency: Agency, data: dict[str, Any], upload: UploadedFile | None = None
) -> Application:
    """The public form: the application waits (待登记) until the office confirms it (Art. 31 (三))."""
    if not agency.accepts_applications:
        raise TransitionError(_("该机构暂不受理网上申请"))
    with transaction.atomic():
        app = Application(agency=agency, channel=Channel.ONLINE, status=Status.SUBMITTED)
        for name in APPLICANT_FIELDS:
            if name in data:
                setattr(app, name, data[name])
        app.full_clean(exclude=["receipt_basis", "received_on", "tracking_code"])
        app.save()
        if upload is not None:
            _store_document(app, None, DocumentKind.REQUEST, upload)
        audit.record(
            None,
            "submit",
            app,
            agency=agency,
            before=None,
            after=audit.snapshot(app, AUDITED),
            actor_label=_("申请人（网上）"),
        )
    return app


def register_application(
    actor: User,
    *,
    received_on: dt.date,
    basis: str,
    agency: Agency | None = None,
    data: dict[str, Any] | None = None,
    channel: str | None = None,
    application: Application | None = None,
    expected_version: int | None = None,
    handler: User | None = None,
) -> Application:
    """Register a request received in person, by mail or fax (``agency`` + ``data``), or confirm an online one
    (``application``): the clock starts on the day of receipt under ``basis`` (Art. 31)."""
    _check_date(received_on, _("收到申请之日"))
    basis = ReceiptBasis(basis).value
    target = application.agency_id if application is not None else (agency.pk if agency else None)
    if handler is not None and handler.agency_id != target:
        raise TransitionError(_("承办人须为本机构人员"))
    if application is not None:

        def change(app: Application) -> None:
            if received_on < timezone.localtime(app.submitted_at).date():
                raise TransitionError(_("收到申请之日不能早于网上提交之日"))
            app.received_on, app.receipt_basis, app.status = received_on, basis, Status.OPEN
            if handler is not None:
                app.handler = handler

        return _transition(
            actor,
            application,
            expected_version=expected_version,
            permission="register",
            allowed=(Status.SUBMITTED,),
            action="register",
            change=change,
        )
    if agency is None or data is None:
        raise TypeError("register_application needs either application or agency and data")
    require(actor, "register", agency)
    with transaction.atomic():
        app = Application(
            agency=agency,
            channel=channel or Channel.IN_PERSON,
            status=Status.OPEN,
            received_on=received_on,
            receipt_basis=basis,
            handler=handler,
        )
        for name in APPLICANT_FIELDS:
            if name in data:
                setattr(app, name, data[name])
        app.full_clean(exclude=["tracking_code"])
        recompute_clock(app, events=())
        app.save()
        audit.record(actor, "register", app, agency=agency, before=None, after=audit.snapshot(app, AUDITED))
    return app


def assign_handler(
    actor: User, application: Application, *, expected_version: int | None, handler: User
) -> Application:
    if handler.agency_id != application.agency_id:
        raise TransitionError(_("承办人须为本机构人员"))

    def change(app: Application) -> None:
        app.handler = handler

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="handle",
        allowed=(
            Status.SUBMITTED,
            Status.OPEN,
            Status.AWAITING_CORRECTION,
            Status.CONSULTING,
            Status.AWAITING_FEE,
        ),
        action="assign",
        change=change,
    )


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
    _check_date(date, _("补正告知日期"))
    if period_end < date:
        raise TransitionError(_("补正期限不能早于告知日期"))

    def change(app: Application) -> None:
        if app.events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
            raise TransitionError(_("补正应当一次性告知（第三十条），本申请已告知过补正"))
        _event(app, actor, EventKind.CORRECTION_REQUESTED, date, end=period_end, note=note)
        app.status = Status.AWAITING_CORRECTION

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="handle",
        allowed=(Status.OPEN,),
        action="request_correction",
        change=change,
    )


def receive_correction(
    actor: User, application: Application, *, expected_version: int | None, date: dt.date
) -> Application:
    _check_date(date, _("收到补正之日"))

    def change(app: Application) -> None:
        _event(app, actor, EventKind.CORRECTION_RECEIVED, date)
        app.status = Status.OPEN

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="receive_correction",
        allowed=(Status.AWAITING_CORRECTION,),
        action="receive_correction",
        change=change,
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
    _check_date(date, _("征求意见发函日期"))
    party = ConsultationParty(party).value

    def change(app: Application) -> None:
        _event(app, actor, EventKind.CONSULTATION, date, party=party, note=note)
        app.status = Status.CONSULTING

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="handle",
        allowed=(Status.OPEN,),
        action="start_consultation",
        change=change,
    )


def end_consultation(
    actor: User, application: Application, *, expected_version: int | None, date: dt.date
) -> Application:
    _check_date(date, _("收到意见日期"))

    def change(app: Application) -> None:
        open_ = app.events.filter(kind=EventKind.CONSULTATION, end__isnull=True).order_by("date", "id").last()
        if open_ is None:
            raise TransitionError(_("没有正在进行的征求意见"))
        if date < open_.date:
            raise TransitionError(_("收到意见日期不能早于发函日期"))
        open_.end = date
        open_.save(update_fields=["end"])
        app.status = Status.OPEN

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="handle",
        allowed=(Status.CONSULTING,),
        action="end_consultation",
        change=change,
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
    _check_date(date, _("延长决定日期"))
    if not 1 <= days <= 20:
        raise TransitionError(_("延长期限最长不得超过20个工作日（第三十三条）"))

    def change(app: Application) -> None:
        if app.events.filter(kind=EventKind.EXTENSION).exists():
            raise TransitionError(_("答复期限只能延长一次（第三十三条）"))
        if app.due_on is not None and date > app.due_on:
            raise TransitionError(_("答复期限已过，不能再延长"))
        _event(app, actor, EventKind.EXTENSION, date, days=days, note=reason)

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="extend",
        allowed=(Status.OPEN, Status.CONSULTING),
        action="extend",
        change=change,
    )


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
    _check_date(date, _("收费通知日期"))
    if amount <= 0:
        raise TransitionError(_("收费金额应大于零"))

    def change(app: Application) -> None:
        if app.events.filter(kind=EventKind.FEE_NOTICE).exists():
            raise TransitionError(_("收费通知只能发出一次"))
        _event(app, actor, EventKind.FEE_NOTICE, date, amount=amount, note=note)
        app.status = Status.AWAITING_FEE

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="handle",
        allowed=(Status.OPEN,),
        action="fee_notice",
        change=change,
    )


def record_payment(
    actor: User, application: Application, *, expected_version: int | None, date: dt.date
) -> Application:
    _check_date(date, _("缴费日期"))

    def change(app: Application) -> None:
        _event(app, actor, EventKind.FEE_PAID, date)
        app.status = Status.OPEN

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="handle",
        allowed=(Status.AWAITING_FEE,),
        action="fee_paid",
        change=change,
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
    _check_date(date, _("答复日期"))
    if outcome not in dict(decision_choices()):
        raise TransitionError(_("办理结果须为表三中的一项（逾期不补正、逾期未缴费由办结自动确定）"))

    def change(app: Application) -> None:
        _event(app, actor, EventKind.ANSWERED, date)
        app.status = Status.DECIDED
        app.outcome = outcome
        app.article = article.strip() or DECISION_ARTICLES.get(outcome, "")
        app.decision_summary = summary
        app.decided_on = date

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="decide",
        allowed=(Status.OPEN,),
        action="decide",
        change=change,
    )


def withdraw_application(
    actor: User, application: Application, *, expected_version: int | None, date: dt.date, reason: str = ""
) -> Application:
    """The applicant withdrew: closed and counted under （六）3 其他 (de-facto practice)."""
    _check_date(date, _("撤回日期"))

    def change(app: Application) -> None:
        app.status = Status.WITHDRAWN
        app.outcome = "other_misc"
        app.article = ""
        app.decision_summary = reason or _("申请人撤回申请")
        app.closed_on = date

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="handle",
        allowed=(
            Status.SUBMITTED,
            Status.OPEN,
            Status.AWAITING_CORRECTION,
            Status.CONSULTING,
            Status.AWAITING_FEE,
        ),
        action="withdraw",
        change=change,
    )


def close_application(
    actor: User, application: Application, *, expected_version: int | None, date: dt.date
) -> Application:
    """Close a replied application, or one whose clock lapsed: no correction by the period given (Art. 30 →
    （六）1) or fee unpaid (109号 → （六）2) — the outcome comes from the core's clock."""
    _check_date(date, _("办结日期"))

    def change(app: Application) -> None:
        if app.status != Status.DECIDED:
            clock = derive_clock(app.core_application(), as_of=date)
            key = clock.outcome_key("2021")
            if key not in CLOCK_OUTCOMES:
                raise TransitionError(_("尚未答复，且补正期限或缴费期限未届满，不能办结"))
            app.outcome = key
            app.article = DECISION_ARTICLES[key]
        app.status = Status.CLOSED
        app.closed_on = date

    return _transition(
        actor,
        application,
        expected_version=expected_version,
        permission="handle",
        allowed=(Status.DECIDED, Status.AWAITING_CORRECTION, Status.AWAITING_FEE),
        action="close",
        change=change,
    )


# ---- documents ----


def _store_document(app: Application, actor: User | None, kind: str, upload: UploadedFile) -> Document:
    try:
        content_type = check_upload(upload)
    except ValidationError as exc:
        raise TransitionError(exc.messages[0], field="upload") from exc
    name = (upload.name or "file")[-200:]
    return Document.objects.create(
        application=app,
        kind=kind,
        file=upload,
        name=name,
        size=upload.size or 0,
        content_type=content_type,
        uploaded_by=actor,
    )


def attach_document(actor: User, application: Application, *, kind: str, upload: UploadedFile) -> Document:
    require(actor, "attach", application.agency)
    if kind not in DocumentKind.values:
        raise TransitionError(_("材料类型无效"), field="kind")
    with transaction.atomic():
        doc = _store_document(application, actor, kind, upload)
        audit.record(
            actor,
            "attach",
            application,
            agency=application.agency,
            before=None,
            after={"document": doc.pk, "name": doc.name, "size": doc.size, "kind": kind},
        )
    return doc


def refresh_clock(application: Application) -> bool:
    """Recompute one application's cached clock as of today (no audit: nothing happened).

    True if it changed."""
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        old = (app.due_on, app.due_provisional, app.clock_status)
        recompute_clock(app)
        if old == (app.due_on, app.due_provisional, app.clock_status):
            return False
        Application.objects.filter(pk=app.pk).update(
            due_on=app.due_on, due_provisional=app.due_provisional, clock_status=app.clock_status
        )
        return True


__all__ = [
    "ClockStatus",
    "StaleVersionError",
    "TransitionError",
    "assign_handler",
    "attach_document",
    "close_application",
    "end_consultation",
    "extend_deadline",
    "receive_correction",
    "record_decision",
    "record_payment",
    "refresh_clock",
    "register_application",
    "request_correction",
    "send_fee_notice",
    "start_consultation",
    "submit_online_application",
    "withdraw_application",
]
