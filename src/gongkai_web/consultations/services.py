"""Consultations (决策预公开 / 意见征集): drafting and publishing a call for comments over a period, taking
the public's comments, reviewing them before any is shown, recording which were adopted, publishing the
feedback (意见采纳情况) before the decision, and flagging feedback that is overdue.

Periods are calendar days, both ends counted: at least ``GONGKAI_CONSULTATION_MIN_DAYS``, and for a major
administrative decision at least ``GONGKAI_CONSULTATION_MAJOR_MIN_DAYS`` (《重大行政决策程序暂行条例》
第十五条: 一般不少于30日). Feedback is due ``GONGKAI_CONSULTATION_FEEDBACK_WORKDAYS`` working days after
the period ends (PRC calendar with 调休, :func:`gongkai.clock.default_calendar`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.clock import default_calendar
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.common.saving import versioned_update
from gongkai_web.consultations.models import Adoption, Comment, Consultation, Moderation, Status
from gongkai_web.consultations.transitions import TRANSITIONS, ConsultationError, ensure_allowed
from gongkai_web.disclosures.models import Disclosure
from gongkai_web.disclosures.models import Status as DisclosureStatus


class CommentError(ConsultationError):
    subject = gettext_lazy("该意见")


EDITABLE = ("title", "summary", "draft", "major", "opens_on", "closes_on", "channels")
AUDITED = (*EDITABLE, "status", "feedback", "decision", "version")
COMMENT_AUDITED = ("moderation", "moderation_reason", "adoption", "adoption_note", "version")
#: Comments counted as adopted in the feedback and in the annual report's section 一.
ADOPTED = (Adoption.ADOPTED, Adoption.PARTLY)


class Phase(Enum):
    DRAFT = gettext_lazy("草稿")
    UPCOMING = gettext_lazy("未开始")
    OPEN = gettext_lazy("征集中")
    CLOSED = gettext_lazy("已截止，待反馈")
    ANSWERED = gettext_lazy("已反馈")
    DECIDED = gettext_lazy("已决策")


def phase(item: Consultation, today: dt.date) -> Phase:
    if item.status == Status.DRAFT:
        return Phase.DRAFT
    if item.status == Status.ANSWERED:
        return Phase.ANSWERED
    if item.status == Status.DECIDED:
        return Phase.DECIDED
    if today < item.opens_on:
        return Phase.UPCOMING
    return Phase.OPEN if today <= item.closes_on else Phase.CLOSED


def minimum_days(major: bool) -> int:
    return int(
        settings.GONGKAI_CONSULTATION_MAJOR_MIN_DAYS if major else settings.GONGKAI_CONSULTATION_MIN_DAYS
    )


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a new consultation's form starts with: from tomorrow, the default number of days."""
    opens = today + dt.timedelta(days=1)
    return opens, opens + dt.timedelta(days=int(settings.GONGKAI_CONSULTATION_DEFAULT_DAYS) - 1)


def _check_period(data: dict[str, Any]) -> None:
    opens, closes = data["opens_on"], data["closes_on"]
    if closes < opens:
        raise ConsultationError(_("截止日期不能早于开始日期"), field="closes_on")
    days = (closes - opens).days + 1
    least = minimum_days(bool(data.get("major")))
    if days < least:
        kind = _("重大行政决策") if data.get("major") else _("意见征集")
        raise ConsultationError(
            _("%(kind)s的征集期不少于 %(least)d 日（现为 %(days)d 日）")
            % {"kind": kind, "least": least, "days": days},
            field="closes_on",
        )


def draft_consultation(actor: User, agency: Agency, data: dict[str, Any]) -> Consultation:
    require(actor, "publish", agency)
    _check_period(data)
    with transaction.atomic():
        item = Consultation(agency=agency, created_by=actor, **{k: data[k] for k in EDITABLE if k in data})
        item.full_clean()
        item.save()
        audit.record(
            actor, "draft_consultation", item, agency=agency, before=None, after=audit.snapshot(item, AUDITED)
        )
    return item


def update_consultation(
    actor: User, item: Consultation, *, expected_version: int | None, data: dict[str, Any]
) -> Consultation:
    with versioned_update(
        actor,
        item,
        expected_version=expected_version,
        permission="publish",
        action="update_consultation",
        audited=AUDITED,
        error=ConsultationError,
    ) as fresh:
        if fresh.status != Status.DRAFT:
            raise ConsultationError(_("已发布的征集公告不能修改"))
        merged = {k: getattr(fresh, k) for k in EDITABLE} | {k: v for k, v in data.items() if k in EDITABLE}
        _check_period(merged)
        for k, v in merged.items():
            setattr(fresh, k, v)
        fresh.full_clean()
    return fresh


def open_consultation(actor: User, item: Consultation, *, expected_version: int | None) -> None:
    """Publish the call for comments. Its period cannot have begun before the day it is published."""
    with versioned_update(
        actor,
        item,
        expected_version=expected_version,
        permission="release_disclosure",
        action="open_consultation",
        audited=AUDITED,
        saved=("published_at",),
        error=ConsultationError,
    ) as fresh:
        ensure_allowed(actor, fresh, TRANSITIONS["open"])
        today = timezone.localdate()
        if fresh.opens_on < today:
            raise ConsultationError(
                _("开始日期 %(d)s 已过，请改为今天或以后再发布") % {"d": fresh.opens_on.isoformat()},
                field="opens_on",
            )
        _check_period({k: getattr(fresh, k) for k in EDITABLE})
        fresh.status = Status.OPEN
        fresh.published_at = timezone.now()
    item.refresh_from_db()


def submit_comment(item: Consultation, data: dict[str, Any], today: dt.date | None = None) -> Comment:
    """A comment from the public (no account), waiting for review before it is shown."""
    today = today or timezone.localdate()
    now = phase(item, today)
    if now is Phase.UPCOMING:
        raise CommentError(_("征集尚未开始（%(d)s 开始）") % {"d": item.opens_on.isoformat()})
    if now is not Phase.OPEN:
        raise CommentError(_("征集已于 %(d)s 截止，不再接收意见") % {"d": item.closes_on.isoformat()})
    body = (data.get("body") or "").strip()
    if not body:
        raise CommentError(_("请填写意见内容"), field="body")
    comment = Comment(
        consultation=item,
        name=data.get("name", "").strip(),
        contact=data.get("contact", "").strip(),
        body=body,
    )
    comment.full_clean()
    with transaction.atomic():
        comment.save()
        audit.record(
            None,
            "submit_comment",
            comment,
            agency=item.agency,
            before=None,
            after=audit.snapshot(comment, COMMENT_AUDITED),
            actor_label=_("公众"),
        )
    return comment


def _change_comment(
    actor: User, comment: Comment, *, expected_version: int | None, action: str, values: dict[str, Any]
) -> Comment:
    with transaction.atomic():
        fresh = Comment.objects.select_for_update().select_related("consultation__agency").get(pk=comment.pk)
        agency = fresh.consultation.agency
        require(actor, "publish", agency)
        if expected_version is not None and fresh.version != expected_version:
            raise CommentError.stale()
        if fresh.consultation.status != Status.OPEN:
            raise CommentError(_("采纳情况已发布，意见不能再修改"))
        before = audit.snapshot(fresh, COMMENT_AUDITED)
        for k, v in values.items():
            setattr(fresh, k, v)
        fresh.version += 1
        fresh.full_clean()
        fresh.save(update_fields=[*values, "version"])
        audit.record(
            actor, action, fresh, agency=agency, before=before, after=audit.snapshot(fresh, COMMENT_AUDITED)
        )
    return fresh


def moderate_comment(
    actor: User, comment: Comment, *, expected_version: int | None, show: bool, reason: str = ""
) -> Comment:
    """Show a comment on the public page, or keep it off with the reason (abuse, personal data, off topic)."""
    reason = reason.strip()
    if not show and not reason:
        raise CommentError(_("不予公开须填写理由"), field="reason")
    values = {
        "moderation": Moderation.SHOWN if show else Moderation.HIDDEN,
        "moderation_reason": "" if show else reason,
    }
    return _change_comment(
        actor, comment, expected_version=expected_version, action="moderate_comment", values=values
    )


def assess_comment(
    actor: User, comment: Comment, *, expected_version: int | None, adoption: str, note: str = ""
) -> Comment:
    """Record whether a comment was adopted (采纳 / 部分采纳 / 未采纳); not adopting it needs a reason."""
    if adoption not in Adoption.values or adoption == Adoption.UNDECIDED:
        raise CommentError(_("请选择采纳情况"), field="adoption")
    if adoption != Adoption.ADOPTED and not note.strip():
        raise CommentError(_("部分采纳或未采纳须说明理由"), field="note")
    values = {"adoption": adoption, "adoption_note": note.strip()}
    return _change_comment(
        actor, comment, expected_version=expected_version, action="assess_comment", values=values
    )


@dataclass(frozen=True)
class Tally:
    received: int
    shown: int
    hidden: int
    pending: int
    adopted: int  # adopted or partly adopted
    not_adopted: int
    undecided: int  # not hidden and not yet assessed


def tally(item: Consultation) -> Tally:
    rows = item.comments.values("moderation", "adoption").annotate(n=Count("id"))  # type: ignore[attr-defined]
    by: dict[tuple[str, str], int] = {(r["moderation"], r["adoption"]): r["n"] for r in rows}

    def total(pred: Any) -> int:
        return sum(n for key, n in by.items() if pred(*key))

    return Tally(
        received=total(lambda m, a: True),
        shown=total(lambda m, a: m == Moderation.SHOWN),
        hidden=total(lambda m, a: m == Moderation.HIDDEN),
        pending=total(lambda m, a: m == Moderation.PENDING),
        adopted=total(lambda m, a: a in ADOPTED),
        not_adopted=total(lambda m, a: a == Adoption.NOT_ADOPTED),
        undecided=total(lambda m, a: m != Moderation.HIDDEN and a == Adoption.UNDECIDED),
    )


def publish_feedback(actor: User, item: Consultation, *, expected_version: int | None, feedback: str) -> None:
    """Publish the 意见采纳情况: once the period has ended, every comment is reviewed and every comment kept
    is assessed."""
    with versioned_update(
        actor,
        item,
        expected_version=expected_version,
        permission="release_disclosure",
        action="publish_feedback",
        audited=AUDITED,
        saved=("feedback_published_at",),
        error=ConsultationError,
    ) as fresh:
        ensure_allowed(actor, fresh, TRANSITIONS["answer"])
        if phase(fresh, timezone.localdate()) is not Phase.CLOSED:
            raise ConsultationError(
                _("征集期尚未结束（%(d)s 截止），不能发布采纳情况") % {"d": fresh.closes_on.isoformat()}
            )
        counts = tally(fresh)
        if counts.pending:
            raise ConsultationError(_("还有 %(n)d 条意见未审核") % {"n": counts.pending})
        if counts.undecided:
            raise ConsultationError(_("还有 %(n)d 条意见未填写采纳情况") % {"n": counts.undecided})
        if not feedback.strip():
            raise ConsultationError(_("请填写意见采纳情况"), field="feedback")
        fresh.feedback = feedback.strip()
        fresh.status = Status.ANSWERED
        fresh.feedback_published_at = timezone.now()
    item.refresh_from_db()


def feedback_summary(item: Consultation) -> str:
    """The opening sentence the feedback form starts with, from the counts."""
    t = tally(item)
    return _(
        "征集期间（%(opens)s至%(closes)s）共收到意见 %(received)d 条，采纳（含部分采纳）%(adopted)d 条，"
        "未采纳 %(not_adopted)d 条。"
    ) % {
        "opens": item.opens_on.isoformat(),
        "closes": item.closes_on.isoformat(),
        "received": t.received,
        "adopted": t.adopted,
        "not_adopted": t.not_adopted,
    }


def record_decision(
    actor: User, item: Consultation, *, expected_version: int | None, decision: Disclosure
) -> None:
    """Link the decision (a published catalogue entry of the same agency); only after the feedback."""
    with versioned_update(
        actor,
        item,
        expected_version=expected_version,
        permission="release_disclosure",
        action="record_decision",
        audited=AUDITED,
        error=ConsultationError,
    ) as fresh:
        if fresh.status == Status.OPEN:
            raise ConsultationError(_("请先发布意见采纳情况，再发布决策"))
        ensure_allowed(actor, fresh, TRANSITIONS["decide"])
        if decision.agency_id != fresh.agency_id or decision.status != DisclosureStatus.PUBLISHED:
            raise ConsultationError(_("决策文件须为本机关已发布的主动公开文件"), field="decision")
        fresh.decision = decision
        fresh.status = Status.DECIDED
    item.refresh_from_db()


def feedback_due(item: Consultation) -> dt.date:
    """The last working day to publish the feedback."""
    return default_calendar().add_workdays(
        item.closes_on, int(settings.GONGKAI_CONSULTATION_FEEDBACK_WORKDAYS)
    )


@dataclass(frozen=True)
class Awaiting:
    """A consultation whose period has ended and whose feedback is not published."""

    consultation: Consultation
    due: dt.date
    overdue: bool


def awaiting_feedback(visible: Q, today: dt.date) -> list[Awaiting]:
    """Consultations of the agencies ``visible`` selects waiting for their feedback, the overdue first."""
    items = Consultation.objects.filter(visible, status=Status.OPEN, closes_on__lt=today).select_related(
        "agency"
    )
    out = [Awaiting(c, due, due < today) for c in items for due in (feedback_due(c),)]
    return sorted(out, key=lambda a: (not a.overdue, a.due, a.consultation.pk))


def pending_comments(visible: Q) -> int:
    """Comments waiting for review; ``visible`` selects agencies through ``consultation__agency``."""
    return Comment.objects.filter(visible, moderation=Moderation.PENDING).count()


@dataclass(frozen=True)
class YearCounts:
    """What a year's consultations amount to, for the annual report's section 一."""

    consultations: int  # calls for comments published whose period began in the year
    comments: int  # comments received on them
    adopted: int  # adopted or partly adopted


def year_counts(visible: Q, year: int) -> YearCounts:
    calls = Consultation.objects.filter(visible, opens_on__year=year).exclude(status=Status.DRAFT)
    comments = Comment.objects.filter(consultation__in=calls)
    return YearCounts(
        consultations=calls.count(),
        comments=comments.count(),
        adopted=comments.filter(adoption__in=ADOPTED).count(),
    )
