"""Filing an appeal and recording its stages and outcome (one transaction each, audited, version-checked)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import User
from gongkai_web.agencies.permissions import require
from gongkai_web.appeals.models import Appeal, Stage
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
    "version",
)


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
    if filed_on > timezone.localdate():
        raise AppealError(_("申请或起诉日期不能晚于今天"))
    if not application.is_registered:
        raise AppealError(_("申请尚未登记，不能登记复议或诉讼"))
    if kind == "suit_after_review":
        if (
            prior_review is None
            or prior_review.kind != "review"
            or prior_review.application_id != application.pk
        ):
            raise AppealError(_("复议后起诉须关联本申请的行政复议案件"))
    elif prior_review is not None:
        raise AppealError(_("只有复议后起诉才关联在先复议"))
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
