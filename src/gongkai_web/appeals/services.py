"""Filing an appeal and recording its stages and outcome (one transaction each, audited, version-checked)."""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import User
from gongkai_web.agencies.permissions import require
from gongkai_web.appeals.models import Appeal, Stage
from gongkai_web.applications.choices import Status
from gongkai_web.applications.models import Application
from gongkai_web.common.errors import WebError
from gongkai_web.common.saving import versioned_update


class AppealError(WebError):
    """Not allowed; ``str()`` is the Chinese reason."""

    subject = gettext_lazy("该案件")


AUDITED = (
    "kind",
    "prior_review",
    "case_number",
    "body",
    "filed_on",
    "stage",
    "outcome",
    "decided_on",
    "voided_at",
    "void_reason",
    "version",
)
# The facts of a case as registered, which a correction (with its reason) may change.
CORRECTABLE = ("kind", "prior_review", "case_number", "body", "filed_on", "note")
ONLY_AFTER = gettext_lazy("复议、诉讼应在答复之后，或答复期限届满仍未答复时提出")


def _day(day: dt.date) -> str:
    return day.isoformat()


def check_filed_on(application: Application, filed_on: dt.date) -> None:
    """Refuse (on the field ``filed_on``) a review or suit dated before it could be brought: on or after the
    reply (or the closing of an application that ended without one), or after the statutory reply deadline
    passed without a reply (the clock of :mod:`gongkai.clock` as of that day)."""
    if filed_on > timezone.localdate():
        raise AppealError(_("申请或起诉日期不能晚于今天"), field="filed_on")
    received = application.received_on
    if not application.is_registered or received is None:
        raise AppealError(_("申请尚未登记，不能登记复议或诉讼"))
    if application.status == Status.VOIDED:
        raise AppealError(_("该申请已作废，不能登记复议或诉讼"))
    if filed_on < received:
        raise AppealError(
            _("申请或起诉日期（%(filed)s）早于收到申请之日（%(received)s）：%(rule)s")
            % {"filed": _day(filed_on), "received": _day(received), "rule": ONLY_AFTER},
            field="filed_on",
        )
    reply = application.decided_on or application.closed_on
    if reply is not None and filed_on >= reply:
        return
    clock = application.derive_clock(as_of=filed_on)
    due = clock.due if clock is not None else None
    if due is not None and filed_on > due:
        return
    values = {"filed": _day(filed_on), "rule": ONLY_AFTER}
    if due is None:
        message = _("%(filed)s 时该申请尚未答复，也没有答复期限（等待补正）：%(rule)s")
    elif reply is not None:
        message = _(
            "申请或起诉日期（%(filed)s）早于答复日期（%(reply)s），当时答复期限（%(due)s）也未届满：%(rule)s"
        )
        values |= {"reply": _day(reply), "due": _day(due)}
    else:
        message = _("该申请尚未答复，答复期限至 %(due)s，%(filed)s 时尚未届满：%(rule)s")
        values |= {"due": _day(due)}
    raise AppealError(message % values, field="filed_on")


def check_prior_review(
    application: Application, kind: str, prior_review: Appeal | None, filed_on: dt.date
) -> None:
    if kind == "suit_after_review":
        if (
            prior_review is None
            or prior_review.kind != "review"
            or prior_review.application_id != application.pk
            or prior_review.is_void
        ):
            raise AppealError(_("复议后起诉须关联本申请的行政复议案件"), field="prior_review")
        if filed_on < prior_review.filed_on:
            raise AppealError(
                _("起诉日期不能早于在先复议的申请日期（%(date)s）") % {"date": _day(prior_review.filed_on)},
                field="filed_on",
            )
    elif prior_review is not None:
        raise AppealError(_("只有复议后起诉才关联在先复议"), field="prior_review")


def file_appeal(
    actor: User,
    application: Application,
    *,
    kind: str,
    body: str,
    filed_on: dt.date,
    case_number: str = "",
    prior_review: Appeal | None = None,
    note: str = "",
) -> Appeal:
    require(actor, "appeal", application.agency)
    check_filed_on(application, filed_on)
    check_prior_review(application, kind, prior_review, filed_on)
    with transaction.atomic():
        appeal = Appeal(
            application=application,
            agency=application.agency,
            kind=kind,
            body=body,
            filed_on=filed_on,
            case_number=case_number,
            prior_review=prior_review,
            note=note,
        )
        appeal.full_clean()
        appeal.save()
        audit.record(
            actor,
            "file_appeal",
            appeal,
            agency=appeal.agency,
            before=None,
            after=audit.snapshot(appeal, AUDITED),
        )
    return appeal


def update_appeal(
    actor: User,
    appeal: Appeal,
    *,
    expected_version: int | None,
    stage: str,
    outcome: str,
    decided_on: dt.date | None = None,
    case_number: str | None = None,
    note: str | None = None,
) -> Appeal:
    """Move the case on. A decided case has an outcome (维持 / 纠正 / 其他) and a date;
    an open one is 尚未审结."""
    if stage == Stage.DECIDED and (outcome == "pending" or decided_on is None):
        raise AppealError(_("已审结的案件须填写结果和审结日期"))
    if stage != Stage.DECIDED and outcome != "pending":
        raise AppealError(_("未审结的案件结果应为“尚未审结”"))
    if decided_on is not None and decided_on > timezone.localdate():
        raise AppealError(_("审结日期不能晚于今天"))
    with versioned_update(
        actor,
        appeal,
        expected_version=expected_version,
        permission="appeal",
        action="update_appeal",
        audited=AUDITED,
        saved=("note",),
        error=AppealError,
    ) as fresh:
        _refuse_void(fresh)
        if decided_on is not None and decided_on < fresh.filed_on:
            raise AppealError(_("审结日期不能早于申请或起诉日期"))
        fresh.stage, fresh.outcome = stage, outcome
        fresh.decided_on = decided_on if stage == Stage.DECIDED else None
        if case_number is not None:
            fresh.case_number = case_number
        if note is not None:
            fresh.note = note
        fresh.full_clean()
    return fresh


def _refuse_void(appeal: Appeal) -> None:
    if appeal.is_void:
        raise AppealError(_("该案件已作废，不能再修改"))


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise AppealError(_("请填写理由"), field="reason")
    return reason


def correct_appeal(
    actor: User,
    appeal: Appeal,
    *,
    expected_version: int | None,
    reason: str,
    kind: str,
    body: str,
    filed_on: dt.date,
    case_number: str = "",
    prior_review: Appeal | None = None,
    note: str = "",
) -> Appeal:
    """Correct the facts of a case as it was registered (type, body, case number, date), with the reason;
    the audit entry keeps the values before and after. The date is checked as when filing."""
    reason = _require_reason(reason)
    with versioned_update(
        actor,
        appeal,
        expected_version=expected_version,
        permission="appeal",
        action="correct_appeal",
        audited=(*AUDITED, "note"),
        error=AppealError,
        reason=reason,
    ) as fresh:
        _refuse_void(fresh)
        application = Application.objects.get(pk=fresh.application_id)
        check_filed_on(application, filed_on)
        if prior_review is not None and prior_review.pk == fresh.pk:
            raise AppealError(_("案件不能以自身为在先复议"), field="prior_review")
        check_prior_review(application, kind, prior_review, filed_on)
        if fresh.decided_on is not None and fresh.decided_on < filed_on:
            raise AppealError(_("申请或起诉日期不能晚于审结日期"), field="filed_on")
        if fresh.kind == "review" and kind != "review" and _suits_after(fresh).exists():
            raise AppealError(_("已有复议后起诉关联该复议案件，不能改为其他类型"), field="kind")
        fresh.kind, fresh.body, fresh.filed_on = kind, body, filed_on
        fresh.case_number, fresh.prior_review, fresh.note = case_number, prior_review, note
        fresh.full_clean()
    return fresh


def _suits_after(review: Appeal) -> models.QuerySet[Appeal]:
    return Appeal.objects.live().filter(prior_review=review)


def void_appeal(actor: User, appeal: Appeal, *, expected_version: int | None, reason: str) -> Appeal:
    """Void a case registered by mistake, with the reason: it stays on record (and in the audit log) but no
    longer counts in 表四. A review that a suit after review names is voided only after that suit."""
    reason = _require_reason(reason)
    with versioned_update(
        actor,
        appeal,
        expected_version=expected_version,
        permission="appeal",
        action="void_appeal",
        audited=AUDITED,
        error=AppealError,
        reason=reason,
    ) as fresh:
        _refuse_void(fresh)
        if _suits_after(fresh).exists():
            raise AppealError(_("有复议后起诉关联该复议案件，请先作废该诉讼案件"))
        fresh.voided_at = timezone.now()
        fresh.void_reason = reason
    return fresh
